/**
 * Parallel sweeps: the BUILT CLI (`npm test` builds first; worker threads
 * load `dist/src/scenario/parallel-worker.js`) gives a byte-identical
 * report.json whatever `--jobs` is.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = resolve('dist/src/bin.js');
const run = promisify(execFile);

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` (npm test builds first)`);
});

/** Two hardware × two batches × three methods (the baseline implicit, per-request acceptance): 12 points plus 4 baselines. */
const scenario = {
  name: 'jobs', seed: 5, hardware: ['h100-sxm', 'a100-sxm-40gb'], model: 'llama2-7b', batch: [1, 16],
  workload: { kind: 'closed', requests: 40, promptTokens: { dist: 'uniform', min: 32, max: 256 }, outputTokens: { dist: 'lognormal', mean: 40, sigma: 0.6 } },
  methods: [
    { kind: 'draft', draft: 'llama-68m', gamma: 4, acceptance: { kind: 'iid', alpha: 0.7, perRequest: { dist: 'beta', mean: 0.7 } } },
    { kind: 'eagle', tree: { kind: 'dynamic', depth: 5, topK: 8, nodes: 60 }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } },
    { kind: 'ngram', gamma: 3, acceptance: { kind: 'positional', alphas: [0.6, 0.5] } },
  ],
};

async function reportWith(dir: string, jobs: number): Promise<string> {
  const out = join(dir, `out-${jobs}`);
  await run(process.execPath, [BIN, 'run', join(dir, 's.json'), '--out', out, '--quiet', '--jobs', String(jobs)]);
  return readFileSync(join(out, 'report.json'), 'utf8');
}

describe('specsim run --jobs', () => {
  it('--jobs 1, 2 and 3 write byte-identical report.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-jobs-'));
    writeFileSync(join(dir, 's.json'), JSON.stringify(scenario));
    const one = await reportWith(dir, 1);
    const results = (JSON.parse(one) as { results: unknown[] }).results;
    expect(results).toHaveLength(12);
    expect(await reportWith(dir, 2)).toBe(one);
    expect(await reportWith(dir, 3)).toBe(one);
  }, 60_000);

  it('rejects --jobs 0 as bad input (exit 2, one line naming the flag)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-jobs-'));
    writeFileSync(join(dir, 's.json'), JSON.stringify(scenario));
    const err = await run(process.execPath, [BIN, 'run', join(dir, 's.json'), '--out', join(dir, 'o'), '--quiet', '--jobs', '0']).then(() => undefined, (e: { code: number; stderr: string }) => e);
    expect(err?.code).toBe(2);
    expect(err?.stderr.trim().split('\n')).toHaveLength(1);
    expect(err?.stderr).toMatch(/--jobs/);
  });
});

describe('runScenarioParallel (built, with its worker entry)', () => {
  it('the same report whether points run here, on workers only, or shared between this thread and a worker', async () => {
    // The built modules: from TypeScript sources there is no worker entry to start.
    const par = await import(resolve('dist/src/scenario/parallel.js')) as typeof import('../src/scenario/parallel.js');
    const load = await import(resolve('dist/src/scenario/load.js')) as typeof import('../src/scenario/load.js');
    const s = load.parseScenario(scenario, 'test');
    const key = (r: unknown): string => JSON.stringify(r);
    const one = key(await par.runScenarioParallel(s, { jobs: 1 }));
    expect(key(await par.runScenarioParallel(s, { jobs: 2, mainThread: false }))).toBe(one);
    expect(key(await par.runScenarioParallel(s, { jobs: 3, mainThread: false }))).toBe(one);
    expect(key(await par.runScenarioParallel(s, { jobs: 2 }))).toBe(one);
  }, 60_000);
});
