/**
 * The seam test for hardware kinds: a kind with its own cost structure (a
 * TPU-style backend: one compiled program per step, operators at the
 * roofline, collectives over ICI) is one backend file, one registry line and
 * one profile JSON. A copy of the built CLI gets test/fixtures/hardware/tpu.ts
 * as src/cost/backends/tpu.js (its schema, step cost, memory and parallelism
 * in that file), the registry line in src/cost/backends/index.js and
 * data/hardware/tpu-v5e.json, and nothing else; then the kind passes every
 * backend's contract, `list`, `cost`, `run`, `compare` and `optimize` accept it, the
 * build checks its built-in profile, and a bad profile of the kind is refused
 * by field.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../src/catalog/model-schema.js';
import type { HardwareBackend } from '../src/cost/backend.js';
import { describeBackendContract } from './helpers/backend-contract.js';
import { copyBuiltCli, root, transpile, typeErrors } from './helpers/seam.js';

const read = (p: string) => readFileSync(join(root, p), 'utf8');

/** src/cost/backends/index.ts with the one registry line (the import is that line's other half). */
function withLine(source: string): string {
  const out = `import { tpuBackend } from './tpu.js';\n${source.replace(/(export const BACKENDS = \{\n(?:.*\n)*?)(\};)/, '$1  tpu: tpuBackend,\n$2')}`;
  expect(out).not.toBe(`import { tpuBackend } from './tpu.js';\n${source}`);
  return out;
}

// The copy is made while the tests are collected: the contract below is described on its modules.
const dir = copyBuiltCli('specsim-hardware-');
writeFileSync(join(dir, 'dist/src/cost/backends/tpu.js'), transpile(read('test/fixtures/hardware/tpu.ts')));
writeFileSync(join(dir, 'dist/src/cost/backends/index.js'), transpile(withLine(read('src/cost/backends/index.ts'))));
writeFileSync(join(dir, 'data/hardware/tpu-v5e.json'), read('test/fixtures/hardware/tpu-v5e.json'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const copy = <T>(p: string): Promise<T> => import(pathToFileURL(join(dir, 'dist/src', p)).href) as Promise<T>;
const { BACKENDS } = await copy<{ BACKENDS: Record<string, HardwareBackend> }>('cost/backends/index.js');
const { listHardware } = await copy<{ listHardware: () => { id: string; kind: string }[] }>('hardware/builtin.js');
const { resolveModel } = await copy<{ resolveModel: (id: string) => ModelSpec }>('catalog/models.js');
const { UserError } = await copy<{ UserError: new (...a: never[]) => Error }>('errors.js');

// The compiled modules, not the CLI bundle (which would hold the registry without the line).
const cli = (...args: string[]) => spawnSync('node', [join(dir, 'dist/src/bin.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, SPECSIM_UNBUNDLED: '1' } });
const json = <T>(...args: string[]): T => {
  const r = cli(...args);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as T;
};

describe('a hardware kind: one backend file, one registry line, one profile', () => {
  it('type-checks as src/cost/backends/tpu.ts with the line; the profile kinds take the new kind from the registry alone', () => {
    const probe = `
import type { HardwareProfile } from './index.js';
export const kind: HardwareProfile['kind'] = 'tpu';
// @ts-expect-error a kind no backend is registered for is not a profile kind
export const unknownKind: HardwareProfile['kind'] = 'nonesuch';
`;
    const backend = read('test/fixtures/hardware/tpu.ts') + probe;
    const index = read('src/cost/backends/index.ts');
    const [registered, unregistered] = typeErrors(
      { 'src/cost/backends/tpu.ts': backend, 'src/cost/backends/index.ts': withLine(index) },
      { 'src/cost/backends/tpu.ts': backend, 'src/cost/backends/index.ts': index },
    );
    expect(registered).toEqual({ 'src/cost/backends/tpu.ts': [], 'src/cost/backends/index.ts': [] });
    expect(unregistered!['src/cost/backends/tpu.ts']).toHaveLength(1);
    expect(unregistered!['src/cost/backends/tpu.ts']![0]).toMatch(/'"tpu"' is not assignable to type/);
  }, 120_000);

  describeBackendContract('tpu', BACKENDS.tpu!, listHardware().filter((h) => h.kind === 'tpu'), ['llama2-7b', 'mixtral-8x7b', 'llama2-7b+eagle'].map((id) => resolveModel(id)), (e) => e instanceof UserError);

  it('list shows the profile; cost prices it with its own structure (one dispatch per step, no kernel launches) and its memory', () => {
    const listed = json<{ hardware: { id: string; kind: string }[] }>('list', 'hardware', '--json');
    expect(listed.hardware).toContainEqual(expect.objectContaining({ id: 'tpu-v5e', kind: 'tpu' }));
    type Cost = { devices: number; points: { ms: number; breakdown: Record<string, number> }[]; memory: { weightBytes: number; capacityBytes: number } };
    const tpu = json<Cost>('cost', '--hardware', 'tpu-v5e', '--model', 'llama2-7b', '--batch', '1,8', '--json');
    const gpu = json<Cost>('cost', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--batch', '1', '--json');
    expect(tpu.memory.weightBytes).toBe(gpu.memory.weightBytes); // bf16 weights, one chip
    expect(tpu.memory.capacityBytes).toBe(17_179_869_184);
    for (const p of tpu.points) {
      expect(p.breakdown.dispatch).toBeCloseTo(0.2, 12);
      expect(p.breakdown.launch).toBeUndefined();
      expect(p.ms).toBeCloseTo(Object.values(p.breakdown).reduce((a, b) => a + b, 0), 9);
    }
    // Memory-bound decode: ~13.5 GB of weights at 0.8 × 819 GB/s ≈ 20.6 ms, plus the dispatch.
    expect(tpu.points[0]!.ms).toBeGreaterThan(20);
    expect(tpu.points[0]!.ms).toBeLessThan(22);
    expect(tpu.points[1]!.ms).toBeGreaterThan(tpu.points[0]!.ms);
    const tp2 = json<Cost>('cost', '--hardware', 'tpu-v5e', '--model', 'llama2-7b', '--tp', '2', '--json');
    expect(tp2.devices).toBe(2);
    expect(tp2.points[0]!.breakdown.allReduce).toBeGreaterThan(0);
    const bad = cli('cost', '--hardware', 'tpu-v5e', '--model', 'llama2-7b', '--tp', '3');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^specsim: tp 3 does not split the 32 attention heads of llama2-7b evenly over TPU chips \(--tp\)\n$/);
  });

  it('run simulates the kind beside a GPU, and compare and optimize run it', () => {
    const scenario = {
      name: 'tpu', seed: 1, hardware: ['tpu-v5e', 'h100-sxm'], model: 'llama2-7b', batch: [1, 8],
      workload: { kind: 'closed', requests: 16, promptTokens: 128, outputTokens: 64 },
      methods: [{ kind: 'autoregressive' }, { kind: 'ngram', gamma: 3, acceptance: { kind: 'iid', alpha: 0.6 } }],
    };
    writeFileSync(join(dir, 's.json'), JSON.stringify(scenario));
    const report = json<{ results: { hardware: string; method: string; batch: number; metrics: { tpotMs: { mean: number }; speedup: number } }[] }>('run', 's.json', '--json', '--out', join(dir, 'out'));
    const tpu = report.results.filter((x) => x.hardware === 'tpu-v5e');
    expect(tpu).toHaveLength(4);
    for (const x of tpu) expect(x.metrics.tpotMs.mean).toBeGreaterThan(0);
    // The same model on a slower memory: every TPU point is slower per token than its H100 twin.
    for (const x of tpu) {
      const twin = report.results.find((y) => y.hardware === 'h100-sxm' && y.method === x.method && y.batch === x.batch)!;
      expect(x.metrics.tpotMs.mean).toBeGreaterThan(twin.metrics.tpotMs.mean);
    }
    const compared = cli('compare', '--hardware', 'tpu-v5e', '--model', 'llama2-7b', '--method', 'ngram', '--batch', '1,8', '--requests', '8', '--out', join(dir, 'compared'));
    expect(compared.stderr).toBe('');
    expect(compared.status).toBe(0);
    expect(compared.stdout).toMatch(/tpu-v5e|TPU v5e/);
    const optimized = cli('optimize', '--hardware', 'tpu-v5e', '--model', 'llama2-7b', '--method', 'ngram', '--batch', '1,8', '--json', '--out', join(dir, 'optimized'));
    expect(optimized.stderr).toBe('');
    expect(optimized.status).toBe(0);
    expect((JSON.parse(optimized.stdout) as { points: unknown[] }).points).toHaveLength(2);
  });

  it('the build checks the new kind\'s built-in profile with its backend\'s schema, and a bad one fails it naming the field', () => {
    cpSync(join(root, 'scripts/build-catalog.mjs'), join(dir, 'scripts/build-catalog.mjs'));
    const build = () => spawnSync('node', ['scripts/build-catalog.mjs'], { cwd: dir, encoding: 'utf8' });
    const ok = build();
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const checked = JSON.parse(readFileSync(join(dir, 'dist/src/catalog/builtin-catalog.json'), 'utf8')) as { sources: Record<string, string>; catalog: { hardware: { id: string; kind: string }[] } };
    expect(checked.catalog.hardware).toContainEqual(expect.objectContaining({ id: 'tpu-v5e', kind: 'tpu' }));
    expect(Object.keys(checked.sources)).toEqual(expect.arrayContaining(['../cost/backends/tpu.js', 'data/hardware/tpu-v5e.json']));
    const profile = JSON.parse(read('test/fixtures/hardware/tpu-v5e.json')) as Record<string, unknown>;
    writeFileSync(join(dir, 'data/hardware/tpu-bad.json'), JSON.stringify({ ...profile, id: 'tpu-bad', hbmBytes: -1 }));
    try {
      const bad = build();
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/^build-catalog: hbmBytes must be a number > 0, got -1 \(data\/hardware\/tpu-bad\.json at \$\.hbmBytes\)\n$/);
    } finally {
      rmSync(join(dir, 'data/hardware/tpu-bad.json'));
      expect(build().status).toBe(0);
    }
  });

  it('a bad profile of the kind is one line naming the field, exit 2', () => {
    const profile = JSON.parse(read('test/fixtures/hardware/tpu-v5e.json')) as Record<string, unknown>;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...profile, id: 'mine', hbmBwBytesPerS: -1 }));
    const r = cli('cost', '--hardware', 'bad.json', '--model', 'llama2-7b');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^specsim: hbmBwBytesPerS must be a number > 0, got -1 \(bad\.json at \$\.hbmBwBytesPerS\)\n$/);
    writeFileSync(join(dir, 'missing.json'), JSON.stringify({ ...profile, id: 'mine', stepUs: undefined }));
    expect(cli('cost', '--hardware', 'missing.json', '--model', 'llama2-7b').stderr).toMatch(/^specsim: missing required field 'stepUs'.*\(missing\.json at \$\.stepUs\)\n$/);
  });
});
