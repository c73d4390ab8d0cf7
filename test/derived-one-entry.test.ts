/**
 * The seam test for methods with weights: a method whose drafter is a new
 * kind of derived model is one method file, one derived-model entry and one
 * registry line. A copy of the built CLI gets test/fixtures/derived/hydra.ts
 * as src/methods/hydra.js, src/catalog/derived-models.ts with the entry of
 * test/fixtures/derived/hydra-entry.txt added to `DERIVED_MODELS` (compiled),
 * and one entry in the method registry's list, and nothing else; then `list
 * methods`, `run` and `compare` accept the method, `cost` prices the new model
 * (its operators and parameters read from the entry's forward pass, on a GPU
 * and on Groq) and a scenario drafting with it alone is refused by name.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBuiltCli, root, transpile, typeErrors } from './helpers/seam.js';

const read = (p: string) => readFileSync(join(root, p), 'utf8');
let dir = '';

/** src/catalog/derived-models.ts with the one entry added at the end of the table. */
function withEntry(source: string): string {
  const out = source.replace(/(export const DERIVED_MODELS = \[\n(?:.*\n)*?)(\] as const;)/, `$1${read('test/fixtures/derived/hydra-entry.txt')}$2`);
  expect(out).not.toBe(source);
  return out;
}

/** src/methods/index.ts with the one registry line (the import is that line's other half). */
function withLine(source: string): string {
  const out = `import { hydra } from './hydra.js';\n${source.replace(/(METHOD_DEFINITIONS = \[autoregressive(?:, \w+)*)\]/, '$1, hydra]')}`;
  expect(out).not.toBe(`import { hydra } from './hydra.js';\n${source}`);
  return out;
}

beforeAll(() => {
  dir = copyBuiltCli('specsim-derived-');
  writeFileSync(join(dir, 'dist/src/methods/hydra.js'), transpile(read('test/fixtures/derived/hydra.ts')));
  writeFileSync(join(dir, 'dist/src/catalog/derived-models.js'), transpile(withEntry(read('src/catalog/derived-models.ts'))));
  writeFileSync(join(dir, 'dist/src/methods/index.js'), transpile(withLine(read('src/methods/index.ts'))));
});

afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const cli = (...args: string[]) => spawnSync('node', [join(dir, 'dist/src/bin.js'), ...args], { cwd: dir, encoding: 'utf8' });

describe('a method with weights: one method file, one derived-model entry, one registry line', () => {
  it('type-checks as src/methods/hydra.ts with the entry and the line; the model kinds take the new kind from the entry alone', () => {
    const probe = `
import type { ModelKind } from '../catalog/model-schema.js';
export const kind: ModelKind = 'hydra-heads';
// @ts-expect-error a kind no entry derives is not a model kind
export const unknownKind: ModelKind = 'nonesuch-heads';
`;
    const method = read('test/fixtures/derived/hydra.ts');
    const index = withLine(read('src/methods/index.ts'));
    const table = read('src/catalog/derived-models.ts');
    const all = { 'src/methods/hydra.ts': method + probe, 'src/methods/index.ts': index, 'src/catalog/derived-models.ts': withEntry(table) };
    const [withAll, withoutEntry] = typeErrors(all, { ...all, 'src/catalog/derived-models.ts': table });
    expect(withAll).toEqual({ 'src/methods/hydra.ts': [], 'src/methods/index.ts': [], 'src/catalog/derived-models.ts': [] });
    const without = withoutEntry!['src/methods/hydra.ts']!;
    expect(without).toHaveLength(1);
    expect(without[0]).toMatch(/'"hydra-heads"' is not assignable to type/);
  }, 120_000);

  it('cost prices the new model from its entry: its own operators, its weights counted, on a GPU and on Groq', () => {
    const h = 4096, vocab = 32_000, k = 4; // llama2-7b
    const gpu = JSON.parse(execFileSync('node', [join(dir, 'dist/src/bin.js'), 'cost', '--hardware', 'h100-sxm', '--model', 'llama2-7b+hydra4', '--batch', '1,8', '--tokens', '1', '--json'], { cwd: dir, encoding: 'utf8' })) as {
      points: { ms: number; breakdown: Record<string, number> }[]; memory: { weightBytes: number };
    };
    // k × (FC 2h → h with bias) + k own LM heads, in bf16.
    expect(gpu.memory.weightBytes).toBe(2 * (k * (2 * h * h + h) + k * vocab * h));
    for (const p of gpu.points) {
      expect(Object.keys(p.breakdown)).toEqual(expect.arrayContaining(['embed', 'hydraHeads', 'lmHead']));
      expect(p.breakdown.qkv).toBeUndefined(); // no decoder layer
      const sum = Object.values(p.breakdown).reduce((a, b) => a + b, 0);
      expect(p.ms).toBeCloseTo(sum, 9);
    }
    expect(gpu.points[1]!.ms).toBeGreaterThan(gpu.points[0]!.ms);
    // Its LM heads dominate: more than Medusa's 4 heads over the same vocabulary (a wider FC each).
    const medusa = JSON.parse(execFileSync('node', [join(dir, 'dist/src/bin.js'), 'cost', '--hardware', 'h100-sxm', '--model', 'llama2-7b+medusa4', '--batch', '1', '--tokens', '1', '--json'], { cwd: dir, encoding: 'utf8' })) as { points: { ms: number; breakdown: Record<string, number> }[] };
    expect(gpu.points[0]!.breakdown.lmHead).toBeCloseTo(medusa.points[0]!.breakdown.lmHead!, 12);
    expect(gpu.points[0]!.ms).toBeGreaterThan(medusa.points[0]!.ms);
    const groq = cli('cost', '--hardware', 'groq-lpu', '--model', 'llama2-7b+hydra4', '--batch', '1', '--tokens', '1', '--json');
    expect(groq.stderr).toBe('');
    expect(groq.status).toBe(0);
    expect((JSON.parse(groq.stdout) as { points: { ms: number }[] }).points[0]!.ms).toBeGreaterThan(0);
  });

  it('list methods shows the method; run simulates it on the target with its heads resident', () => {
    const listed = JSON.parse(cli('list', 'methods', '--json').stdout) as { methods: { id: string; description: string }[] };
    expect(listed.methods.at(-1)).toMatchObject({ id: 'hydra', description: expect.stringMatching(/Hydra heads/) });
    const scenario = {
      name: 'hydra', seed: 1, hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1, 8],
      workload: { kind: 'closed', requests: 16, promptTokens: 128, outputTokens: 64 },
      methods: [{ kind: 'autoregressive' }, { kind: 'hydra', heads: 4, acceptance: { kind: 'iid', alpha: 0.8 } }],
    };
    writeFileSync(join(dir, 's.json'), JSON.stringify(scenario));
    const r = cli('run', 's.json', '--json', '--out', join(dir, 'out'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { results: { method: string; metrics: { acceptedPerStep: number; speedup: number } }[] };
    const rows = report.results.filter((x) => x.method === 'hydra');
    expect(rows).toHaveLength(2);
    for (const x of rows) {
      expect(x.metrics.acceptedPerStep).toBeGreaterThan(1.5); // E = (1 − 0.8⁵) / 0.2 ≈ 3.4 tokens per step
      expect(x.metrics.acceptedPerStep).toBeLessThan(5);
      expect(x.metrics.speedup).toBeGreaterThan(1);
    }
  });

  it('compare runs it from its compareDefault', () => {
    const out = execFileSync('node', [join(dir, 'dist/src/bin.js'), 'compare', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'hydra', '--batch', '1', '--requests', '4', '--json', '--out', join(dir, 'cmp')], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(out) as { results: { method: string }[] };
    expect(report.results.map((x) => x.method)).toEqual(['autoregressive', 'hydra']);
  });

  it('the new model is refused as a draft model by its own name, and an unknown suffix lists it', () => {
    writeFileSync(join(dir, 'draft.json'), JSON.stringify({
      name: 'd', hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1],
      workload: { kind: 'closed', requests: 4, promptTokens: 16, outputTokens: 8 },
      methods: [{ kind: 'draft', draft: 'llama2-7b+hydra3', gamma: 3, acceptance: { kind: 'iid', alpha: 0.6 } }],
    }));
    const r = cli('run', 'draft.json', '--quiet', '--out', join(dir, 'draft-out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^specsim: draft 'llama2-7b\+hydra3' is Hydra heads, not a model that drafts alone; use the hydra method/);
    const bad = cli('cost', '--hardware', 'h100-sxm', '--model', 'llama2-7b+hydra');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe("specsim: 'llama2-7b+hydra': the number of Hydra heads must be a positive integer, as in 'llama2-7b+hydra4' (--model)");
    const unknown = cli('cost', '--hardware', 'h100-sxm', '--model', 'llama2-7b+nonesuch');
    expect(unknown.stderr).toMatch(/use '\+medusa<K>', '\+eagle', '\+eagle3', '\+mtp' or '\+hydra<K>'/);
  });
});
