import { describe, expect, it } from 'vitest';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import { stepCost } from '../src/cost/step-cost.js';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import { reportJson } from '../src/report/write.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

const base: ScenarioInput = {
  name: 't', seed: 3, hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1, 8, 128],
  workload: { kind: 'closed', requests: 256, promptTokens: 512, outputTokens: 128 },
  methods: [{ kind: 'autoregressive' }],
};
const run = (over: Partial<ScenarioInput>, seed?: number) => runScenario(parseScenario({ ...base, ...over }), seed !== undefined ? { seed } : {});

describe('simulator', () => {
  it('with iid alpha and gamma drafts, mean tokens per step matches (1 − α^(γ+1)) / (1 − α) within 2% at every batch', () => {
    for (const [alpha, gamma] of [[0.7, 4], [0.5, 3], [0.9, 6]] as const) {
      const r = run({ batch: [1, 4, 32, 128], methods: [{ kind: 'draft', draft: 'llama-68m', gamma, acceptance: { kind: 'iid', alpha } }] });
      const expected = (1 - alpha ** (gamma + 1)) / (1 - alpha);
      for (const res of r.results.filter((x) => x.method === 'draft')) {
        expect(Math.abs(res.metrics.acceptedPerStep / expected - 1)).toBeLessThan(0.02);
        expect(Math.abs(res.metrics.acceptanceRate! - (expected - 1) / gamma)).toBeLessThan(0.02);
      }
    }
  });

  it('autoregressive tpot at batch 1 equals the cost model decode step at the mean context', () => {
    const r = run({ batch: [1], workload: { kind: 'closed', requests: 8, promptTokens: 512, outputTokens: 256 } });
    const step = stepCost(resolveHardware('h100-sxm'), resolveModel('llama2-7b'), { batch: 1, tokens: 1, context: 512 + 128, phase: 'decode' });
    const tpot = r.results[0]!.metrics.tpotMs.mean;
    expect(Math.abs(tpot / step.ms - 1)).toBeLessThan(0.015);
    expect(r.results[0]!.metrics.speedup).toBe(1);
    expect(r.results[0]!.metrics.acceptanceRate).toBeNull();
    expect(r.results[0]!.metrics.acceptedPerStep).toBe(1);
  });

  it('same seed gives a byte-identical report.json; another seed differs', () => {
    const over = { batch: [1, 16], methods: [{ kind: 'autoregressive' as const }, { kind: 'draft' as const, draft: 'llama-68m', gamma: 4, acceptance: { kind: 'iid' as const, alpha: 0.7 } }] };
    const a = reportJson(run(over));
    expect(reportJson(run(over))).toBe(a);
    expect(reportJson(run(over, 4))).not.toBe(a);
  });

  it('speculation pays less at batch 128 than at batch 1, and the EAGLE verify step is compute-bound at 128', () => {
    const r = run({
      methods: [
        { kind: 'autoregressive' },
        { kind: 'draft', draft: 'llama-68m', gamma: 4, acceptance: { kind: 'iid', alpha: 0.7 } },
        { kind: 'eagle', tree: { kind: 'dynamic', depth: 5, topK: 8, nodes: 60 }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } },
      ],
    });
    for (const m of ['draft', 'eagle']) {
      const at = (b: number) => r.results.find((x) => x.method === m && x.batch === b)!;
      expect(at(128).metrics.speedup!).toBeLessThan(at(1).metrics.speedup!);
      expect(at(1).metrics.speedup!).toBeGreaterThan(1);
    }
    expect(r.results.find((x) => x.method === 'eagle' && x.batch === 128)!.detail!.targetBound).toBe('compute');
  });

  it('conserves requests and tokens: every request completes, output tokens add up', () => {
    const r = run({
      batch: [1, 7, 32],
      workload: { kind: 'closed', requests: 50, promptTokens: { dist: 'uniform', min: 10, max: 300 }, outputTokens: { dist: 'lognormal', mean: 60, sigma: 0.8 } },
      methods: [{ kind: 'autoregressive' }, { kind: 'draft', draft: 'llama-68m', gamma: 4, acceptance: { kind: 'iid', alpha: 0.8 } }],
    });
    const plan = r.results.filter((x) => x.batch === 7);
    expect(plan[0]!.detail!.requestTokens).toBe(plan[1]!.detail!.requestTokens);
    for (const res of r.results) {
      expect(res.metrics.requests).toBe(50);
      // Steady state: the window's tokens include the warm-up and filler sequences', so at least the measured ones'.
      expect(res.metrics.tokensPerS).toBe((res.metrics.outputTokens / res.metrics.makespanMs) * 1000);
      expect(res.metrics.outputTokens).toBeGreaterThanOrEqual(res.detail!.requestTokens!);
      expect(res.metrics.ttftMs.mean).toBeGreaterThan(0);
      expect(res.metrics.e2eMs.p99).toBeGreaterThanOrEqual(res.metrics.e2eMs.p50);
    }
  });

  it('static batching is never faster than continuous batching for a closed workload', () => {
    const over = { batch: [8], workload: { kind: 'closed' as const, requests: 40, promptTokens: 128, outputTokens: { dist: 'uniform' as const, min: 10, max: 200 } } };
    const c = run(over).results[0]!;
    const s = run({ ...over, batching: 'static' }).results[0]!;
    expect(s.metrics.makespanMs).toBeGreaterThan(c.metrics.makespanMs);
    expect(s.detail!.requestTokens).toBe(c.detail!.requestTokens);
  });

  it('with a separate draft device, Medusa heads stay on the target and the EAGLE layer prefills after the target', () => {
    const over = { draftDevice: 'separate' as const, batch: [2], workload: { kind: 'closed' as const, requests: 4, promptTokens: 256, outputTokens: 16 },
      methods: [
        { kind: 'medusa' as const, heads: 4, tree: 'medusa-63', acceptance: { kind: 'topk' as const, perHead: [[0.6, 0.7, 0.75]] } },
        { kind: 'eagle' as const, tree: { kind: 'dynamic' as const, depth: 4, topK: 4, nodes: 16 }, acceptance: { kind: 'topk' as const, perDepth: [[0.7, 0.8]] } },
      ] };
    const r = run(over);
    const medusa = r.results.find((x) => x.method === 'medusa')!;
    expect(medusa.detail!.devices).toBe(1);
    expect(medusa.detail!.timeline!.every((t) => t.device === 'gpu0')).toBe(true);
    const eagle = r.results.find((x) => x.method === 'eagle')!;
    const tl = eagle.detail!.timeline!;
    const targetPrefill = tl.find((t) => t.device === 'gpu0' && t.phase === 'prefill')!;
    const draftPrefill = tl.find((t) => t.device === 'draft' && t.phase === 'prefill')!;
    expect(draftPrefill.startMs).toBeGreaterThanOrEqual(targetPrefill.endMs);
  });

  it('a separate draft device overlaps the draft prefill with the target, and draft steps go to it', () => {
    // The first token comes from the target's prefill either way; decoding starts sooner when the draft's prefill overlapped it.
    const over = { batch: [4], workload: { kind: 'closed' as const, requests: 16, promptTokens: 512, outputTokens: 64 },
      methods: [{ kind: 'draft' as const, draft: 'tinyllama-1.1b', gamma: 4, acceptance: { kind: 'iid' as const, alpha: 0.7 } }] };
    const shared = run(over).results.find((x) => x.method === 'draft')!;
    const sep = run({ ...over, draftDevice: 'separate' }).results.find((x) => x.method === 'draft')!;
    expect(sep.metrics.ttftMs.mean).toBeLessThanOrEqual(shared.metrics.ttftMs.mean * (1 + 1e-12)); // equal up to float rounding
    expect(sep.metrics.e2eMs.mean).toBeLessThan(shared.metrics.e2eMs.mean);
    expect(sep.detail!.timeline!.some((t) => t.device === 'draft')).toBe(true);
    expect(sep.detail!.devices).toBe(2);
  });

  it('poisson arrivals: requests wait for capacity and all complete', () => {
    const r = run({ batch: [2], workload: { kind: 'poisson', rate: 200, requests: 40, promptTokens: 128, outputTokens: 64 } });
    expect(r.results[0]!.metrics.requests).toBe(40);
    expect(r.results[0]!.metrics.ttftMs.p99).toBeGreaterThan(r.results[0]!.metrics.ttftMs.p50);
  });

  it('a batch that does not fit gives a UserError naming the largest batch that fits', () => {
    expect(() => run({ batch: [1, 4096], workload: { kind: 'closed', requests: 8, promptTokens: 2048, outputTokens: 2048 } }))
      .toThrow(/batch 4096 .*does not fit.*largest batch that fits is \d+/);
  });

  it('without an autoregressive method, the speedup is still computed against a hidden baseline', () => {
    const r = run({ batch: [1], methods: [{ kind: 'ngram', gamma: 3, acceptance: { kind: 'iid', alpha: 0.5 } }] });
    expect(r.results.map((x) => x.method)).toEqual(['ngram']);
    expect(r.results[0]!.metrics.speedup).toBeGreaterThan(1);
  });
});
