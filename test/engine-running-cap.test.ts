/**
 * An engine's cap on running requests (SGLang's max_running_requests, 48 by
 * default when speculating; a scenario's `maxRunningRequests`): a batch
 * above it runs at it, the requests beyond it wait for a slot,
 * and the report says so (summary, results) instead of simulating the batch.
 */
import { describe, expect, it } from 'vitest';
import type { StepCost } from '../src/cost/step-cost.js';
import type { ModelSpec } from '../src/catalog/model-schema.js';
import type { Method } from '../src/methods/types.js';
import { NO_DRAFTS } from '../src/methods/work.js';
import type { CostFn } from '../src/sim/cost-cache.js';
import { simulatePoint } from '../src/sim/engine.js';
import type { WorkloadPlan } from '../src/workload/index.js';

const target = { id: 'target' } as ModelSpec;
const costOf = (ms: number): StepCost => ({ ms, bound: 'memory', breakdown: { all: ms }, byBound: { compute: 0, memory: ms, overhead: 0, network: 0 }, flops: 0, bytes: 0 });
const autoregressive: Method = {
  kind: 'autoregressive', label: 'autoregressive', residentModels: [], extraKvTokens: 0, usesDraftDevice: false, ...NO_DRAFTS,
  prefillDraft: () => undefined, iteration: () => ({ before: [], verifyTokens: 1, after: [] }),
};

describe('running cap on the engine (stub cost: every step 1 ms, batch recorded)', () => {
  const closed = (maxBatch: number): WorkloadPlan => ({
    closed: true, maxBatch, maxContextTokens: 100,
    requests: Array.from({ length: 24 }, () => ({ arrivalMs: 0, promptTokens: 5, outputTokens: 6 })),
  });
  const batches: number[] = [];
  const cost: CostFn = Object.assign((_m: ModelSpec, batch: number) => { batches.push(batch); return costOf(1); }, { mixed: () => costOf(1) });
  const sim = (maxBatch: number, maxRunning?: number) => {
    batches.length = 0;
    const o = simulatePoint({ target, method: autoregressive, cost, workload: closed(maxBatch), batching: 'continuous', draftDevice: 'shared', acceptanceRng: () => 0.5, perRequestRng: () => 0.5, ...(maxRunning !== undefined ? { maxRunning } : {}) });
    return { o, most: Math.max(...batches) };
  };

  it('a closed workload of 8 under a cap of 4 never runs more than 4; it runs like batch 4 and its requests wait for a slot', () => {
    const capped = sim(8, 4);
    const four = sim(4);
    const eight = sim(8);
    expect(capped.most).toBe(4);
    expect(eight.most).toBe(8);
    // Time per token is that of 4 running (same steps), and the other 4 clients' wait shows in time to first token.
    expect(capped.o.tpotMs.mean).toBeCloseTo(four.o.tpotMs.mean, 9);
    expect(capped.o.ttftMs.mean).toBeGreaterThan(four.o.ttftMs.mean + 1);
    // A cap at or above the batch changes nothing.
    expect(sim(8, 8).o).toEqual(eight.o);
  });
});

describe('SGLang caps speculating methods at 48 running requests (server_args.py), and the report says so', async () => {
  const { parseScenario } = await import('../src/scenario/load.js');
  const { runScenario } = await import('../src/scenario/run.js');
  const { runningCapNotes } = await import('../src/report/load.js');
  const base = {
    name: 'cap', hardware: ['h100-sxm'], model: 'llama3.1-8b', batch: [32, 64], engine: 'sglang',
    workload: { kind: 'closed', requests: 64, promptTokens: 128, outputTokens: 32 },
    methods: [{ kind: 'autoregressive' }, { kind: 'eagle', label: 'chain', tree: { kind: 'dynamic', depth: 3, topK: 1, nodes: 3 }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } }],
  };

  it('batch 64 of EAGLE runs at 48 (detail.runningCap), batch 32 and the baseline run whole; the summary note names the cap and the batches', () => {
    const r = runScenario(parseScenario(base));
    const at = (m: string, b: number) => r.results.find((x) => x.method === m && x.batch === b)!;
    expect(at('chain', 64).detail?.runningCap).toBe(48);
    expect(at('chain', 32).detail?.runningCap).toBeUndefined();
    expect(at('autoregressive', 64).detail?.runningCap).toBeUndefined();
    expect(runningCapNotes(r)).toEqual([expect.stringMatching(/^h100-sxm, chain: engine 'sglang' runs at most 48 requests at once .*batch 64 ran at 48/)]);
    // 16 of the 64 clients wait: first tokens come far later than at batch 32.
    expect(at('chain', 64).metrics.ttftMs.mean).toBeGreaterThan(5 * at('chain', 32).metrics.ttftMs.mean);
  });

  it('maxRunningRequests overrides it (SGLang\'s --max-running-requests): 64 lifts the cap, 16 caps the baseline too', () => {
    const lifted = runScenario(parseScenario({ ...base, batch: [64], maxRunningRequests: 64 }));
    expect(lifted.results.every((x) => x.detail?.runningCap === undefined)).toBe(true);
    const low = runScenario(parseScenario({ ...base, batch: [64], maxRunningRequests: 16 }));
    expect(low.results.map((x) => x.detail?.runningCap)).toEqual([16, 16]);
    expect(runningCapNotes(low)[0]).toMatch(/the scenario's maxRunningRequests/);
  });

  it('engines without a cap of their own (vllm, none) run the batch whole', () => {
    for (const engine of ['vllm', 'none']) {
      const r = runScenario(parseScenario({ ...base, batch: [64], engine }));
      expect(r.results.every((x) => x.detail?.runningCap === undefined)).toBe(true);
    }
  });
});
