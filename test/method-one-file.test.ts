/**
 * The seam test for methods: a new method kind is one file plus one registry
 * line. A copy of the built CLI gets test/fixtures/method/fixed.ts (transpiled)
 * as src/methods/fixed.js and one entry in the registry's list, and nothing
 * else; `list methods`, `run` and `compare` then accept the new kind, and the
 * scenario schema rejects a bad field of it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBuiltCli, root, transpile, typeErrors } from './helpers/seam.js';

let dir = '';

beforeAll(() => {
  dir = copyBuiltCli('specsim-method-');
  // The one file.
  writeFileSync(join(dir, 'dist/src/methods/fixed.js'), transpile(readFileSync(join(root, 'test/fixtures/method/fixed.ts'), 'utf8')));
  // The one registry line (the import is that line's other half).
  const index = join(dir, 'dist/src/methods/index.js');
  const before = readFileSync(index, 'utf8');
  const after = `import { fixed } from './fixed.js';\n${before.replace(/(METHOD_DEFINITIONS = \[autoregressive(?:, \w+)*)\]/, '$1, fixed]')}`;
  expect(after).not.toBe(`import { fixed } from './fixed.js';\n${before}`);
  writeFileSync(index, after);
});

afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const cli = (...args: string[]) => spawnSync('node', [join(dir, 'dist/src/bin.js'), ...args], { cwd: dir, encoding: 'utf8' });

/** Type errors in src/methods/fixed.ts with the texts `fixed` and (optional) `index` for the registry, src/methods/index.ts. */
function fixedErrors(...programs: { fixed: string; index?: string }[]): string[][] {
  return typeErrors(...programs.map((p) => ({ 'src/methods/fixed.ts': p.fixed, ...(p.index !== undefined ? { 'src/methods/index.ts': p.index } : {}) })))
    .map((errors) => errors['src/methods/fixed.ts']!);
}

describe('a method defined in one file and one registry line', () => {
  it("the file type-checks as src/methods/fixed.ts (its `satisfies MethodDefinition` holds); the report's kind union takes the kind from the registry line alone, and only then", () => {
    const fixed = readFileSync(join(root, 'test/fixtures/method/fixed.ts'), 'utf8');
    const index = readFileSync(join(root, 'src/methods/index.ts'), 'utf8');
    const registered = `import { fixed } from './fixed.js';\n${index.replace(/(METHOD_DEFINITIONS = \[autoregressive(?:, \w+)*)\]/, '$1, fixed]')}`;
    expect(registered).not.toBe(`import { fixed } from './fixed.js';\n${index}`);
    // A report's method kind (report/types.ts ResultDetail) and the registry's list of kinds.
    const probe = `${fixed}
import type { ResultDetail } from '../report/types.js';
import type { MethodKind } from './index.js';
export const asReported: ResultDetail['kind'] = 'fixed';
export const asRegistered: MethodKind = 'fixed';
// @ts-expect-error a kind no definition registers is not a report's kind
export const unknownKind: ResultDetail['kind'] = 'nonesuch';
`;
    const [alone, unregistered, withLine] = fixedErrors({ fixed }, { fixed: probe }, { fixed: probe, index: registered });
    expect(alone).toEqual([]);
    expect(withLine).toEqual([]);
    expect(unregistered).toHaveLength(2);
    for (const e of unregistered!) expect(e).toMatch(/'"fixed"' is not assignable to type/);
  }, 120_000);

  it('list methods shows it with its description', () => {
    const r = cli('list', 'methods', '--json');
    expect(r.status).toBe(0);
    const methods = (JSON.parse(r.stdout) as { methods: { id: string; description: string }[] }).methods;
    const builtIn = (JSON.parse(execFileSync('node', [join(root, 'dist/src/bin.js'), 'list', 'methods', '--json'], { encoding: 'utf8' })) as { methods: { id: string }[] }).methods.map((m) => m.id);
    expect(builtIn.slice(0, 5)).toEqual(['autoregressive', 'draft', 'medusa', 'eagle', 'ngram']);
    expect(methods.map((m) => m.id)).toEqual([...builtIn, 'fixed']);
    expect(methods.at(-1)!.description).toMatch(/fixed number accepted/);
  });

  it('run simulates it: exactly accepted + 1 tokens per step, and a speedup over autoregressive', () => {
    const scenario = {
      name: 'fixed', seed: 1, hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1, 8],
      workload: { kind: 'closed', requests: 16, promptTokens: 128, outputTokens: 64 },
      methods: [{ kind: 'autoregressive' }, { kind: 'fixed', gamma: 4, accepted: 3 }],
    };
    writeFileSync(join(dir, 's.json'), JSON.stringify(scenario));
    const r = cli('run', 's.json', '--json', '--out', join(dir, 'out'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { results: { method: string; metrics: { acceptedPerStep: number; acceptanceRate: number; speedup: number } }[] };
    const fixed = report.results.filter((x) => x.method === 'fixed');
    expect(fixed).toHaveLength(2);
    for (const x of fixed) {
      expect(x.metrics.acceptedPerStep).toBe(4);
      expect(x.metrics.acceptanceRate).toBe(0.75);
      expect(x.metrics.speedup).toBeGreaterThan(1.5);
    }
  });

  it('the scenario schema checks its fields: a bad one is one line, exit 2', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({
      name: 'bad', hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1],
      workload: { kind: 'closed', requests: 4, promptTokens: 16, outputTokens: 8 }, methods: [{ kind: 'fixed', gamma: 4 }],
    }));
    const r = cli('run', 'bad.json', '--quiet', '--out', join(dir, 'bad-out'));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/accepted/);
  });

  it('compare runs it from its compareDefault', () => {
    const out = execFileSync('node', [join(dir, 'dist/src/bin.js'), 'compare', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'fixed', '--batch', '1', '--requests', '4', '--json', '--out', join(dir, 'cmp')], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(out) as { results: { method: string; metrics: { acceptedPerStep: number } }[] };
    expect(report.results.map((x) => x.method)).toEqual(['autoregressive', 'fixed']);
    expect(report.results[1]!.metrics.acceptedPerStep).toBe(3);
  });
});
