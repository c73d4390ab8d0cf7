/**
 * The engine alone, with a stub cost function and a stub method: exact
 * expected times, so a change in admission, the batch policies, placement or
 * acceptance shows up as a wrong number, not as a drift within a tolerance.
 */
import { describe, expect, it } from 'vitest';
import type { StepCost } from '../src/cost/step-cost.js';
import type { ModelSpec } from '../src/catalog/model-schema.js';
import type { Method } from '../src/methods/types.js';
import { NO_DRAFTS } from '../src/methods/work.js';
import type { CostFn } from '../src/sim/cost-cache.js';
import { simulatePoint, type PointInput } from '../src/sim/engine.js';
import type { BatchPolicy } from '../src/sim/policy.js';
import type { WorkloadPlan } from '../src/workload/index.js';

const target = { id: 'target' } as ModelSpec;
const draft = { id: 'draft' } as ModelSpec;
const costOf = (ms: number): StepCost => ({ ms, bound: 'memory', breakdown: { all: ms }, byBound: { compute: 0, memory: ms, overhead: 0, network: 0 }, flops: 0, bytes: 0 });
/** Prefill 10 ms per step; a target decode/verify step 1 ms + 0.5 ms per extra token; a draft step 0.25 ms. */
const stubCost: CostFn = Object.assign(
  (model: ModelSpec, _batch: number, tokens: number, _context: number, phase: 'decode' | 'prefill') =>
    costOf(phase === 'prefill' ? 10 : model === draft ? 0.25 : 1 + 0.5 * (tokens - 1)),
  { mixed: () => costOf(0) },
);

/** A chain of 3 drafts of which exactly 2 are always accepted: 3 tokens per step. */
function fixedMethod(drafting: 'host' | 'draft' = 'host'): Method {
  return {
    kind: 'fixed', label: 'fixed', residentModels: [], extraKvTokens: 4, usesDraftDevice: drafting === 'draft',
    maxAccepted: 3, branches: false, accept: () => 2, expectedTokens: () => 3, allAccepted: () => 0,
    prefillDraft: () => undefined,
    iteration: (context) => ({
      before: [drafting === 'host' ? { label: 'lookup', device: 'target', hostMs: 0.5 } : { label: 'draft', device: 'draft', model: draft, steps: [{ tokens: 1, context, phase: 'decode' }, { tokens: 1, context: context + 1, phase: 'decode' }] }],
      verifyTokens: 4,
      after: [],
    }),
  };
}

const autoregressive: Method = {
  kind: 'autoregressive', label: 'autoregressive', residentModels: [], extraKvTokens: 0, usesDraftDevice: false, ...NO_DRAFTS,
  prefillDraft: () => undefined, iteration: () => ({ before: [], verifyTokens: 1, after: [] }),
};

/** Requests that all arrive at 0 (an open workload: no steady-state warm-up, no replacements). */
const plan = (outputs: number[], maxBatch: number): WorkloadPlan => ({
  closed: false, maxBatch, maxContextTokens: 100,
  requests: outputs.map((o) => ({ arrivalMs: 0, promptTokens: 5, outputTokens: o })),
});

const point = (over: Partial<PointInput>) => simulatePoint({
  target, method: fixedMethod(), cost: stubCost, workload: plan([7, 7], 2), batching: 'continuous', draftDevice: 'shared',
  acceptanceRng: () => 0.5, perRequestRng: () => 0.5, ...over,
});

describe('engine with a stub cost function', () => {
  it('prefill 0–10 ms, then two iterations of 0.5 ms lookup + 2.5 ms verify emit 3 tokens each: done at 16 ms', () => {
    const o = point({});
    expect(o.makespanMs).toBe(16);
    expect(o.ttftMs.mean).toBe(10);
    expect(o.e2eMs.mean).toBe(16);
    expect(o.tpotMs.mean).toBe(1); // (16 − 10) / 6 tokens after the first
    expect(o.iterations).toBe(2);
    expect(o.targetStepMs).toBe(2.5);
    expect(o.draftMsPerStep).toBe(0.5);
    expect(o.acceptedPerStep).toBe(3);
    expect(o.acceptanceRate).toBeCloseTo(2 / 3, 12);
    expect(o.acceptedHistogram).toEqual([0, 0, 0, 4]);
    expect(o.timeline.map((t) => [t.phase, t.startMs, t.endMs])).toEqual([
      ['prefill', 0, 10], ['lookup', 10, 10.5], ['verify', 10.5, 13], ['lookup', 13, 13.5], ['verify', 13.5, 16],
    ]);
  });

  it('a request never takes more than its output length: 5 tokens = first + 3 + 1 (cut), so 2 iterations', () => {
    const o = point({ workload: plan([5], 1) });
    expect(o.outputTokens).toBe(5);
    expect(o.makespanMs).toBe(16);
    expect(o.acceptedPerStep).toBe(3); // counted before the cut
  });

  it('on a separate draft device the draft steps run there, the target waits for them', () => {
    const o = point({ method: fixedMethod('draft'), draftDevice: 'separate' });
    // Two draft steps of 0.25 ms on `draft`, then 2.5 ms verify on gpu0, per iteration.
    expect(o.makespanMs).toBe(16);
    expect(o.timeline.filter((t) => t.device === 'draft').map((t) => [t.startMs, t.endMs])).toEqual([[10, 10.5], [13, 13.5]]);
  });

  it('continuous batching admits a waiting request as soon as there is room; static waits for the batch to drain', () => {
    // Batch 2, outputs 2, 11 and 2: autoregressive, 1 ms per token, prefill 10 ms.
    const cont = point({ method: autoregressive, workload: plan([2, 11, 2], 2) });
    const stat = point({ method: autoregressive, workload: plan([2, 11, 2], 2), batching: 'static' });
    // continuous: prefill 0–10, one step 10–11 (first request done), prefill of the third 11–21, its step 21–22;
    // the long one needs 10 steps: 10–11, 21–22, then 22–30.
    expect(cont.makespanMs).toBe(30);
    // static: prefill 0–10, 10 steps 10–20, then prefill 20–30 and one step 30–31.
    expect(stat.makespanMs).toBe(31);
    // The third request waits from 0 to 30 ms.
    expect(stat.ttftMs.mean).toBe((10 + 10 + 30) / 3);
  });

  it('a policy is a value: a policy that prefills one request at a time serializes the prefills', () => {
    const oneAtATime: BatchPolicy = {
      keepsBatchFull: false,
      next: ({ running, waiting, maxBatch }) => (waiting > 0 && running < maxBatch ? { kind: 'prefill', count: 1 } : running > 0 ? { kind: 'iteration' } : { kind: 'idle' }),
    };
    const o = point({ method: autoregressive, workload: plan([2, 2], 2), batching: oneAtATime });
    // prefill 0–10, prefill 10–20, one step 20–21 finishes both.
    expect(o.makespanMs).toBe(21);
    expect(o.ttftMs.mean).toBe(15); // first tokens at 10 and 20 ms
  });
});
