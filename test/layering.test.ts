/**
 * The import direction stated in src/README.md ("Layers"), enforced: a module
 * imports only from its own layer or lower ones (type imports included), and
 * no chain of imports comes back to where it started. A file's layer is that
 * of the longest matching path below; the few files that live in a folder of
 * another layer are named with the reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Lowest first. */
const LAYERS: readonly (readonly string[])[] = [
  // Shared foundations: errors, the CLI's V8 flags, numbers with thousands separators, zod (one module, bundled by the build),
  // field schemas and limits, distributions, budgets, the numbers of a point (what the engine measures and the playground
  // page shows), the seeded streams (every subsystem that draws uses one).
  ['errors.ts', 'v8-flags.ts', 'thousands.ts', 'zod.ts', 'zod-error.ts', 'limits.ts', 'fields.ts', 'distributions.ts', 'budget.ts', 'report/metrics-types.ts', 'sim/rng.ts'],
  // The data; `cost/kernels.ts` (kernel families, importing nothing) is what engine profiles name.
  ['catalog/', 'cost/kernels.ts'],
  // The cost model; `sim/cost-cache.ts` is the cost model memoized (as the simulator consumes it).
  ['cost/', 'sim/cost-cache.ts'],
  // Hardware profiles, built-in and a user's: each checked against its kind's schema, which is its backend's.
  ['hardware/'],
  ['acceptance/', 'workload/'],
  ['methods/'],
  ['sim/'],
  ['serving/'],
  // Applications of the model; `cost/groq-speculation.ts` is a study on the Groq model and the acceptance closed forms.
  // The Report shape (run's and optimize's) sits here: it names the scenario, the method kinds, bounds and timeline
  // phases from their sources below; the economics arithmetic over it is what the optimizer's cost objective uses.
  ['scenario/', 'optimize/', 'validate/', 'calibrate/', 'cost/groq-speculation.ts', 'report/types.ts', 'report/optimize-types.ts', 'report/economics.ts'],
  // Presentation; optimize's writer renders its report and chart; the playground runs scenarios and renders charts in a browser.
  ['report/', 'charts/', 'optimize/write.ts', 'playground/'],
  ['cli/'],
  ['bin.ts', 'cli-bundle.ts'],
];

const src = join(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function layerOf(file: string): number {
  let best = -1;
  let bestLen = -1;
  LAYERS.forEach((prefixes, i) => {
    for (const p of prefixes) if ((file === p || (p.endsWith('/') && file.startsWith(p))) && p.length > bestLen) { best = i; bestLen = p.length; }
  });
  if (best < 0) throw new Error(`src/${file} is in no layer: add it to LAYERS (and to the reading guide)`);
  return best;
}

/** Relative imports and re-exports of each file (static, dynamic and type-only), as paths below src/. */
function imports(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of files(src)) {
    const text = readFileSync(f, 'utf8');
    const deps: string[] = [];
    const re = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;
    for (const m of text.matchAll(re)) deps.push(relative(src, resolve(dirname(f), (m[1] ?? m[2])!.replace(/\.js$/, '.ts'))));
    out.set(relative(src, f), deps);
  }
  return out;
}

describe('layering', () => {
  const graph = imports();

  it('every import goes to the same layer or a lower one', () => {
    const against: string[] = [];
    for (const [f, deps] of graph) for (const d of deps) {
      if (layerOf(d) > layerOf(f)) against.push(`src/${f} (layer ${layerOf(f)}) imports src/${d} (layer ${layerOf(d)})`);
    }
    expect(against).toEqual([]);
  });

  it('no import cycles between files', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].join(' → '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of [...graph.keys()].sort()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('zod is imported only through src/zod.ts, so the build holds one copy of it (scripts/build-zod.mjs bundles that module)', () => {
    const direct = files(src).filter((f) => relative(src, f) !== 'zod.ts' && /from\s+['"]zod['"]|import\(\s*['"]zod['"]\s*\)/.test(readFileSync(f, 'utf8')));
    expect(direct.map((f) => relative(src, f))).toEqual([]);
    expect(readFileSync(join(src, 'zod.ts'), 'utf8')).toMatch(/from 'zod'/); // the pattern matches a direct import
  });

  it('the check sees imports (it would catch one against the direction)', () => {
    expect(graph.get('bin.ts')!.length).toBeGreaterThan(0);
    expect(layerOf('cli/run.ts')).toBeGreaterThan(layerOf('sim/engine.ts'));
    expect(layerOf('sim/cost-cache.ts')).toBe(layerOf('cost/step-cost.ts'));
  });
});
