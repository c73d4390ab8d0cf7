import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

const vicuna7b = [
  [0.5604, 0.6717, 0.7271, 0.7599, 0.7799], [0.3164, 0.4236, 0.4851, 0.5282, 0.5625],
  [0.2010, 0.2879, 0.3475, 0.3834, 0.4169], [0.1474, 0.2250, 0.2737, 0.3109, 0.3397],
];

const scenario = (methods: ScenarioInput['methods'], batch = [1, 64]) => parseScenario({
  name: 'm', seed: 9, hardware: ['h100-sxm'], model: 'llama2-7b', batch,
  workload: { kind: 'closed', requests: 64, promptTokens: 256, outputTokens: 96 }, methods,
});

describe('methods', () => {
  it('each method runs, reports its kind, and emits ≥ 1 token per step', () => {
    const r = runScenario(scenario([
      { kind: 'autoregressive' },
      { kind: 'draft', draft: 'llama-68m', gamma: 3, acceptance: { kind: 'iid', alpha: 0.6 } },
      { kind: 'medusa', heads: 4, tree: 'medusa-63', acceptance: { kind: 'topk', perHead: vicuna7b } },
      { kind: 'eagle', tree: { kind: 'static', name: 'mc_sim_7b_63' }, acceptance: { kind: 'topk', perDepth: [[0.7, 0.8, 0.85, 0.9]] } },
      { kind: 'eagle', label: 'eagle2', tree: { kind: 'dynamic', depth: 4, topK: 4, nodes: 20 }, acceptance: { kind: 'topk', perDepth: [[0.7, 0.8]] } },
      { kind: 'ngram', gamma: 4, acceptance: { kind: 'positional', alphas: [0.6, 0.4] } },
    ]));
    for (const res of r.results) {
      expect(res.metrics.acceptedPerStep).toBeGreaterThanOrEqual(1);
      expect(res.detail!.kind).toBe(res.method === 'eagle2' ? 'eagle' : res.method);
      expect(res.metrics.requests).toBe(64);
      if (res.method !== 'autoregressive') {
        expect(res.metrics.acceptanceRate).toBeGreaterThan(0);
        expect(res.detail!.acceptedHistogram!.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      }
    }
    const medusa1 = r.results.find((x) => x.method === 'medusa' && x.batch === 1)!;
    expect(medusa1.detail!.draftMsPerStep).toBeGreaterThan(0);
    expect(medusa1.detail!.timeline!.some((t) => t.phase === 'heads')).toBe(true);
  });

  it('Medusa-1 with the Vicuna-7B head accuracies on the 63-node tree: ~2.3 tokens per step, ~2× at batch 1', () => {
    const r = runScenario(scenario([{ kind: 'autoregressive' }, { kind: 'medusa', heads: 4, tree: 'medusa-63', acceptance: { kind: 'topk', perHead: vicuna7b } }], [1]));
    const m = r.results.find((x) => x.method === 'medusa')!.metrics;
    expect(m.acceptedPerStep).toBeGreaterThan(2.1);
    expect(m.acceptedPerStep).toBeLessThan(2.6);
    expect(m.speedup!).toBeGreaterThan(1.6);
  });

  it('a Medusa tree deeper than its heads is a UserError', () => {
    expect(() => runScenario(scenario([{ kind: 'medusa', heads: 2, tree: 'medusa-63', acceptance: { kind: 'iid', alpha: 0.5 } }])))
      .toThrow(/4 deep but there are only 2 heads/);
  });

  it('an unknown draft model is a UserError naming the scenario path', () => {
    expect(() => runScenario(scenario([{ kind: 'draft', draft: 'llama-69m', gamma: 3, acceptance: { kind: 'iid', alpha: 0.6 } }]), { where: 's.json' }))
      .toThrow(/llama-69m/);
  });
});
