/**
 * A closed workload is measured in its steady state: the answer must not
 * depend on whether lengths are fixed or spread with the same means. Before
 * the fix, fixed lengths kept the baseline in lockstep (all its prefills in
 * time-to-first-token) and the draft's speedup at batch 32 read 1.33× fixed
 * against 1.74× spread.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import type { Scenario, ScenarioInput } from '../src/scenario/schema.js';
import { loadScenario } from '../src/scenario/load.js';
import { buildCompareScenario } from '../src/cli/compare.js';

function scenario(lengths: Pick<Extract<ScenarioInput['workload'], { kind: 'closed' }>, 'promptTokens' | 'outputTokens'>, engine = 'none'): ScenarioInput {
  return {
    name: 'steady', seed: 7, hardware: ['h100-sxm'], model: 'llama2-7b', batch: [4, 32], engine,
    workload: { kind: 'closed', requests: 192, ...lengths },
    methods: [
      { kind: 'autoregressive' },
      { kind: 'draft', draft: 'llama-68m', gamma: 4, acceptance: { kind: 'iid', alpha: 0.7 } },
      { kind: 'eagle', tree: { kind: 'dynamic', depth: 3, topK: 1, nodes: 3 }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } },
    ],
  };
}

const FIXED = { promptTokens: 512, outputTokens: 128 };
const SPREAD = { promptTokens: { dist: 'uniform' as const, min: 384, max: 640 }, outputTokens: { dist: 'uniform' as const, min: 64, max: 192 } };

describe('steady state of closed workloads', () => {
  for (const engine of ['none', 'vllm']) {
    it(`speedups agree within 3% between fixed and spread lengths with the same means (engine ${engine})`, () => {
      const fixed = runScenario(parseScenario(scenario(FIXED, engine), 'fixed')).results;
      const spread = runScenario(parseScenario(scenario(SPREAD, engine), 'spread')).results;
      for (const r of fixed.filter((x) => x.method !== 'autoregressive')) {
        const s = spread.find((x) => x.method === r.method && x.batch === r.batch)!;
        for (const k of ['speedup', 'throughputSpeedup'] as const) {
          const a = r.metrics[k]!;
          const b = s.metrics[k]!;
          expect(Math.abs(a - b) / b, `${r.method} batch ${r.batch} ${k}: fixed ${a.toFixed(3)}, spread ${b.toFixed(3)}`).toBeLessThan(0.03);
        }
      }
    });
  }

  it('measures exactly the requests asked for, never the warm-up or filler ones', () => {
    const r = runScenario(parseScenario(scenario(FIXED), 'fixed')).results;
    for (const x of r) {
      expect(x.metrics.requests).toBe(192);
      expect(x.detail!.requestTokens).toBe(192 * 128);
      // Throughput counts every token of the window: the measured requests' and the warm-up and filler sequences'.
      expect(x.metrics.outputTokens).toBeGreaterThan(192 * 128);
      expect(x.metrics.tokensPerS).toBe((x.metrics.outputTokens / x.metrics.makespanMs) * 1000);
    }
  });

  /** Every speculative result's speedup and throughput speedup: fixed lengths against spread ones with the same means, within `tol`. */
  const agree = (fixed: Scenario, tol: number): void => {
    const w = fixed.workload;
    if (w.kind !== 'closed' || typeof w.promptTokens !== 'number' || typeof w.outputTokens !== 'number') throw new Error('fixed lengths expected');
    const spread: Scenario = { ...fixed, workload: { ...w, promptTokens: { dist: 'uniform', min: w.promptTokens * 0.75, max: w.promptTokens * 1.25 }, outputTokens: { dist: 'uniform', min: w.outputTokens / 2, max: w.outputTokens * 1.5 } } };
    const a = runScenario(fixed).results;
    const b = runScenario(spread).results;
    for (const r of a.filter((x) => x.method !== 'autoregressive')) {
      const s = b.find((x) => x.method === r.method && x.batch === r.batch)!;
      for (const k of ['speedup', 'throughputSpeedup'] as const) {
        expect(Math.abs(r.metrics[k]! - s.metrics[k]!) / s.metrics[k]!, `${r.method} batch ${r.batch} ${k}: fixed ${r.metrics[k]!.toFixed(3)}, spread ${s.metrics[k]!.toFixed(3)}`).toBeLessThan(tol);
      }
    }
  };

  it('the quickstart itself (every method, at batch 8 and 32): fixed and spread lengths agree within 3%', () => {
    const q = loadScenario('scenarios/quickstart.json').scenario;
    agree({ ...q, batch: [8, 32] }, 0.03);
  });

  it('compare\'s default methods and workload (llama2-7b on h100-sxm, batch 1 and 16): fixed and spread lengths agree within 3%', () => {
    const { scenario } = buildCompareScenario({ hardware: ['h100-sxm'], model: 'llama2-7b', methods: ['draft', 'medusa', 'eagle'], batch: [1, 16] });
    agree(scenario, 0.03);
  });
});
