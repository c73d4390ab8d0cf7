/** An optimize point's simulated numbers are `specsim run` of the scenario it carries, under the engine's own batching. */
import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { optimize } from '../src/optimize/search.js';
import type { Report } from '../src/report/types.js';
import { runCli } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'specsim-opt-repro-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('optimize under vllm: the pick reproduces with specsim run', () => {
  const o = optimize({ hardware: 'h100-sxm', model: 'llama2-7b', methods: ['eagle'], batch: [1, 16], engine: 'vllm', objective: 'user', context: 256, outputTokens: 64, requests: 32, seed: 7 });

  test('the scenario leaves batching to the engine (vLLM chunks prefills), as run does', () => {
    for (const p of o.doc.points) {
      expect(p.scenario).not.toHaveProperty('batching');
      expect(p.scenario.engine).toBe('vllm');
    }
  });

  test('specsim run of the batch-16 point\'s scenario gives its simulated numbers exactly', async () => {
    const p = o.doc.points.find((x) => x.batch === 16)!;
    expect(p.best.method).not.toBe('autoregressive');
    const file = join(tmp, 'pick.json');
    writeFileSync(file, JSON.stringify(p.scenario));
    const r = await runCli(tmp, ['run', file, '--out', join(tmp, 'run'), '--json'], { timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect((report.scenario as { batching?: string }).batching).toBe('chunked');
    const label = (p.scenario.methods as { label: string }[])[1]!.label;
    expect(label).toMatch(/^eagle /);
    const best = report.results.find((x) => x.method === label)!;
    expect(best.metrics.tpotMs.mean).toBe(p.simulated.tpotMs);
    expect(best.metrics.tokensPerS).toBe(p.simulated.tokensPerS);
    expect(best.metrics.speedup).toBe(p.simulated.speedup);
    expect(best.metrics.acceptedPerStep).toBe(p.simulated.acceptedPerStep);
  }, 150_000);
});
