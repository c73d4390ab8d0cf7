/** `specsim optimize --rate … --slo …`: per rate the least-cost setting that meets the SLO, the goodput rate, the chart; bad input. */
import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { optimize } from '../src/optimize/search.js';
import { parseSlo } from '../src/optimize/rates.js';
import { optimizeRatesChart } from '../src/charts/optimize-rates.js';
import { optimizeSummary } from '../src/optimize/write.js';
import { runCli, userLine } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'specsim-rates-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('rate sweep with an SLO', () => {
  const slo = { 'tpot-p99': 25, 'ttft-p99': 500 };
  const o = optimize({ hardware: 'h100-sxm', model: 'llama2-7b', methods: ['eagle'], batch: [1, 16, 64], objective: 'user', context: 256, outputTokens: 64, seed: 7, requests: 256, rates: [2, 16, 64, 512], slo });
  const sweep = o.doc.rates!;

  test('per rate: the pick meets every limit and costs least among those that do; goodput is the highest rate met', () => {
    expect(sweep.points.map((p) => p.rate)).toEqual([2, 16, 64, 512]);
    for (const p of sweep.points) {
      // Autoregressive and each batch's distinct pick were simulated.
      expect(p.trials.some((t) => t.setting.method === 'autoregressive')).toBe(true);
      for (const t of p.trials) expect(t.meets).toBe(!t.overloaded && t.tpotP99Ms <= slo['tpot-p99'] && t.ttftP99Ms <= slo['ttft-p99']);
      const ok = p.trials.filter((t) => t.meets);
      expect(p.meets).toBe(ok.length > 0);
      if (p.best) {
        const pick = p.trials.find((t) => t.label === p.bestLabel)!;
        expect(pick.meets).toBe(true);
        for (const t of ok) expect(pick.usdPerMTokens!).toBeLessThanOrEqual(t.usdPerMTokens! * 1.01);
      }
    }
    const met = sweep.points.filter((p) => p.meets).map((p) => p.rate);
    expect(sweep.goodputRate).toBe(met.length > 0 ? Math.max(...met) : null);
    // Low load meets the SLO on an H100; 512 requests/s of 64 tokens does not keep up with a batch cap of 64.
    expect(sweep.points[0]!.meets).toBe(true);
    expect(sweep.points.at(-1)!.meets).toBe(false);
    // At 64 requests/s autoregressive decoding queues past the TTFT limit; a speculative pick still meets it.
    const at64 = sweep.points[2]!;
    expect(at64.trials.find((t) => t.setting.method === 'autoregressive')!.meets).toBe(false);
    expect(at64.best?.method).toBe('eagle');
    expect(sweep.goodputRate).toBe(64);
  });

  test('the chart (in the registry, from the report) and the summary say it', () => {
    const spec = JSON.stringify(optimizeRatesChart(o.report));
    expect(spec).toContain(`goodput: ${sweep.goodputRate} requests/s`);
    expect(spec).toContain('tpot-p99 ≤ 25 ms');
    expect(optimizeSummary(o)).toContain(`Goodput: the highest rate asked at which a setting meets the SLO is ${sweep.goodputRate} requests/s.`);
  });
});

describe('bad input: exit 2, one line', () => {
  test('an SLO key that does not exist, a zero or repeated limit', () => {
    const num = (s: string) => Number(s);
    expect(userLine(() => parseSlo('ttft-p95=100', num))).toBe("specsim: unknown SLO key 'ttft-p95'; known: ttft-p99, ttft-p50, tpot-p99, tpot-p50, e2e-p99, e2e-p50 (--slo)");
    expect(userLine(() => parseSlo('tpot-p99=0', num))).toMatch(/tpot-p99 must be a positive number of milliseconds/);
    expect(userLine(() => parseSlo('tpot-p99=5,tpot-p99=6', num))).toMatch(/given twice/);
  });

  test.each([
    [['--rate', '0,4', '--slo', 'tpot-p99=50'], /^specsim: a rate must be a positive number of requests per second, got '0' \(--rate\)$/],
    [['--rate', '4', '--slo', 'itl-p99=50'], /^specsim: unknown SLO key 'itl-p99'; known: .* \(--slo\)$/],
    [['--rate', '4'], /^specsim: a rate sweep needs an SLO: --slo tpot-p99=<ms>,ttft-p99=<ms> \(--rate\)$/],
    [['--context', '8000'], /^specsim: requests of up to 8256 tokens \(prompt \+ output\) exceed the 4096-token context of 'llama2-7b'; shorten them \(--context, --output-tokens\)$/],
  ])('%j', async (extra, message) => {
    const r = await runCli(tmp, ['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'eagle', '--batch', '1', '--out', join(tmp, 'bad'), ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });
});
