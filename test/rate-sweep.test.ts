/**
 * `workload.rate` as a list: a scenario sweeps the offered request rate at
 * one batch cap. Points per rate, arrivals from the same draws at every rate,
 * rows per rate in results.csv and summary.md, the rate on the charts' x
 * axis, `diff` matching points by rate, and one-line errors for bad lists.
 */
import { describe, expect, it } from 'vitest';
import { buildCharts } from '../src/charts/index.js';
import { UserError } from '../src/errors.js';
import { resultsCsv } from '../src/report/csv.js';
import { diffReports, pointKey } from '../src/report/diff.js';
import { summaryMarkdown } from '../src/report/summary.js';
import { parseScenario } from '../src/scenario/load.js';
import { loadPoints, runScenario } from '../src/scenario/run.js';
import { planWorkload } from '../src/workload/index.js';

const sweep = {
  name: 'sweep', hardware: ['h100-sxm'], model: 'llama3.1-8b', batch: [32], engine: 'vllm',
  workload: { kind: 'poisson', rate: [2, 8, 64], requests: 24, promptTokens: 256, outputTokens: 32 },
  methods: [{ kind: 'autoregressive' }, { kind: 'eagle', label: 'chain', tree: { kind: 'dynamic', depth: 3, topK: 1, nodes: 3 }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } }],
};

describe('a rate sweep', () => {
  const report = runScenario(parseScenario(sweep));

  it('simulates every method at every rate, at the one batch cap, and labels each result with its rate', () => {
    expect(loadPoints(parseScenario(sweep))).toEqual([{ batch: 32, rate: 2 }, { batch: 32, rate: 8 }, { batch: 32, rate: 64 }]);
    expect(report.results.map((r) => [r.rate, r.method, r.batch])).toEqual([
      [2, 'autoregressive', 32], [2, 'chain', 32], [8, 'autoregressive', 32], [8, 'chain', 32], [64, 'autoregressive', 32], [64, 'chain', 32],
    ]);
    // Offered load as measured follows the rate; latency grows with load.
    const ar = report.results.filter((r) => r.method === 'autoregressive');
    expect(ar[0]!.detail!.load!.offeredPerS).toBeGreaterThan(1);
    expect(ar[0]!.detail!.load!.offeredPerS).toBeLessThan(3);
    expect(ar[2]!.metrics.e2eMs.mean).toBeGreaterThan(ar[0]!.metrics.e2eMs.mean);
  });

  it('every rate serves the same requests: arrival gaps scale exactly as 1/rate', () => {
    const w = parseScenario(sweep).workload;
    const a = planWorkload(w, 32, 0, '.', 2).requests;
    const b = planWorkload(w, 32, 0, '.', 8).requests;
    a.forEach((r, i) => {
      expect(b[i]!.arrivalMs).toBeCloseTo(r.arrivalMs / 4, 9);
      expect([b[i]!.promptTokens, b[i]!.outputTokens]).toEqual([r.promptTokens, r.outputTokens]);
    });
  });

  it('rows per rate in results.csv and summary.md; charts put the offered rate on x, with a time-per-token-vs-load chart', () => {
    const csv = resultsCsv(report).split('\n');
    expect(csv[0]!.split(',').slice(0, 5)).toEqual(['hardware', 'model', 'method', 'batch', 'rate']);
    expect(csv[2]!.split(',')[4]).toBe('2');
    const md = summaryMarkdown(report);
    expect(md).toMatch(/\| rate\/s \| batch \|/);
    expect(md).toMatch(/chain\*\*: [0-9.]+× at 2 requests\/s, [0-9.]+× at 8 requests\/s, [0-9.]+× at 64 requests\/s \(batch cap 32\)/);
    const charts = buildCharts(report);
    const x = (name: string) => JSON.stringify((charts.find((c) => c.name === name)!.spec as { spec: { encoding?: { x: unknown }; layer?: { encoding?: { x?: unknown } }[] } }).spec.encoding?.x ?? null);
    for (const name of ['tpot-vs-load', 'ttft-vs-load', 'e2e-vs-load']) expect(x(name)).toContain('"field":"rate"');
    // A batch sweep has no tpot-vs-load chart (tpot-vs-batch is that chart).
    const batchSweep = runScenario(parseScenario({ ...sweep, batch: [1, 2], workload: { ...sweep.workload, rate: 4 } }));
    expect(buildCharts(batchSweep).map((c) => c.name)).not.toContain('tpot-vs-load');
    expect(batchSweep.results[0]).not.toHaveProperty('rate');
  });

  it('diff matches points by rate: the same sweep twice has no change; a rate missing from one side is unmatched', () => {
    expect(pointKey(report.results[0]!)).toMatchObject({ batch: 32, rate: 2 });
    const same = diffReports(report, runScenario(parseScenario(sweep)));
    expect([same.points.length, same.largest]).toEqual([6, 0]);
    const fewer = diffReports(report, runScenario(parseScenario({ ...sweep, workload: { ...sweep.workload, rate: [2, 8] } })));
    expect(fewer.points.length).toBe(4);
    expect(fewer.onlyInA).toEqual(['h100-sxm · llama3.1-8b · autoregressive · batch 32 · rate 64', 'h100-sxm · llama3.1-8b · chain · batch 32 · rate 64']);
  });

  it('bad lists are one line naming the entry: zero, negative, repeated, empty; or a sweep with several batches', () => {
    const line = (w: object, batch = [32]) => { try { parseScenario({ ...sweep, batch, workload: { ...sweep.workload, ...w } }, 's.json'); } catch (e) { expect(e).toBeInstanceOf(UserError); return (e as UserError).line(); } return 'no error'; };
    expect(line({ rate: [1, 0] })).toBe('specsim: rate[1] must be a number > 0, got 0 (s.json at $.workload.rate[1])');
    expect(line({ rate: [2, -1] })).toBe('specsim: rate[1] must be a number > 0, got -1 (s.json at $.workload.rate[1])');
    expect(line({ rate: [2, 2] })).toMatch(/^specsim: rate 2 is listed twice .*\(s\.json at \$\.workload\.rate\[1\]\)$/);
    expect(line({ rate: [] })).toMatch(/^specsim: rate must not be empty.*\(s\.json at \$\.workload\.rate\)$/);
    expect(line({ rate: [1, 2] }, [8, 16])).toMatch(/^specsim: a rate sweep \(workload\.rate a list\) takes one batch.*\(s\.json at \$\.batch\)$/);
  });
});

describe('overload in a rate sweep with a large cap', () => {
  it('flags the rates the cap of 256 cannot serve (their backlog passes a tenth of the requests), not those it keeps up with', () => {
    const r = runScenario(parseScenario({ ...sweep, batch: [256], workload: { kind: 'poisson', rate: [4, 160], requests: 600, promptTokens: 256, outputTokens: 64 }, methods: [{ kind: 'autoregressive' }] }));
    const [low, high] = r.results.map((x) => x.detail!.load!);
    expect(low!.overloaded).toBe(false);
    expect(high!.overloaded).toBe(true);
    // No more than a batch waits (the rule of "more than a batch waiting" alone missed it).
    expect(high!.queueAtLastArrival).toBeLessThanOrEqual(256);
    expect(summaryMarkdown(r)).toContain('batch cap 256 at 160 requests/s');
  });
});
