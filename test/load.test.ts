/**
 * Open workloads report the load offered and served, and warn when the queue
 * grows without bound (summary, page); the batch is then a cap.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import { summaryMarkdown } from '../src/report/summary.js';
import { renderHtml } from '../src/report/html.js';
import { speedupChart } from '../src/charts/speedup.js';

const poisson = (rate: number) => parseScenario({
  name: 'load', seed: 3, hardware: ['h100-sxm'], model: 'llama2-7b', batch: [2, 64],
  workload: { kind: 'poisson', rate, requests: 120, promptTokens: 256, outputTokens: 128 },
  methods: [{ kind: 'autoregressive' }, { kind: 'draft', draft: 'llama-68m', gamma: 4, acceptance: { kind: 'iid', alpha: 0.7 } }],
}, 'load');

describe('open-workload load', () => {
  it('flags a cap too small for the offered rate, and not one that keeps up', () => {
    const r = runScenario(poisson(20));
    const small = r.results.find((x) => x.batch === 2 && x.method === 'autoregressive')!.detail!.load!;
    const large = r.results.find((x) => x.batch === 64 && x.method === 'autoregressive')!.detail!.load!;
    expect(small.offeredPerS).toBeCloseTo(large.offeredPerS, 9);
    expect(small.overloaded).toBe(true);
    expect(small.servedPerS).toBeLessThan(0.6 * small.offeredPerS);
    expect(large.overloaded).toBe(false);
    expect(large.servedPerS).toBeGreaterThan(0.8 * large.offeredPerS);
    const md = summaryMarkdown(r);
    expect(md).toContain('Warning: overloaded points');
    expect(md).toContain('batch cap 2');
    expect(md).not.toContain('batch cap 64:');
    expect(renderHtml(r, [])).toContain('class="warning"');
    expect(JSON.stringify(speedupChart(r))).toContain('batch cap');
  });

  it('says nothing when every point keeps up', () => {
    const r = runScenario(poisson(1));
    expect(r.results.every((x) => x.detail?.load?.overloaded === false)).toBe(true);
    expect(summaryMarkdown(r)).not.toContain('Warning');
  });
});
