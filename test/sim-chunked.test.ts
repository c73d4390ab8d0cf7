/**
 * Chunked prefill (src/sim/policies/chunked.ts) on the engine with a stub
 * cost function: exact times for a small case, properties over generated
 * workloads (the token budget holds, every prompt token is prefilled once),
 * and the behaviour chunking exists for (no decode stall behind a long prompt).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StepCost } from '../src/cost/step-cost.js';
import type { StepShape } from '../src/cost/op-types.js';
import type { ModelSpec } from '../src/catalog/model-schema.js';
import type { Method } from '../src/methods/types.js';
import { NO_DRAFTS } from '../src/methods/work.js';
import type { CostFn } from '../src/sim/cost-cache.js';
import { simulatePoint, type PointInput } from '../src/sim/engine.js';
import { chunkedPolicy } from '../src/sim/policies/chunked.js';
import type { WorkloadPlan } from '../src/workload/index.js';
import { fcParams } from './props-fc.js';

const target = { id: 'target' } as ModelSpec;
const costOf = (ms: number): StepCost => ({ ms, bound: 'memory', breakdown: { all: ms }, byBound: { compute: 0, memory: ms, overhead: 0, network: 0 }, flops: 0, bytes: 0 });

/** Every step 1 ms plus 0.1 ms per token it carries (prefill, decode and mixed alike); records the target's steps. */
function recordingCost(steps: { tokens: number; groups: readonly StepShape[] }[] = []): CostFn {
  return Object.assign(
    (_m: ModelSpec, batch: number, tokens: number, context: number, phase: 'decode' | 'prefill') => {
      steps.push({ tokens: batch * tokens, groups: [{ batch, tokens, context, phase }] });
      return costOf(1 + 0.1 * batch * tokens);
    },
    {
      mixed: (_m: ModelSpec, groups: readonly StepShape[]) => {
        let t = 0;
        for (const g of groups) t += g.batch * g.tokens;
        steps.push({ tokens: t, groups });
        return costOf(1 + 0.1 * t);
      },
    },
  );
}

const autoregressive: Method = {
  kind: 'autoregressive', label: 'autoregressive', residentModels: [], extraKvTokens: 0, usesDraftDevice: false, ...NO_DRAFTS,
  prefillDraft: () => undefined, iteration: () => ({ before: [], verifyTokens: 1, after: [] }),
};

/** A chain of 3 drafts (verify width 4), `accepted` of them taken each step, drafting a fixed 0.5 ms on the host. */
const chain = (accepted: number): Method => ({
  kind: 'fixed', label: 'fixed', residentModels: [], extraKvTokens: 3, usesDraftDevice: false,
  maxAccepted: 3, branches: false, accept: () => accepted, expectedTokens: () => accepted + 1, allAccepted: () => 0,
  prefillDraft: () => undefined,
  iteration: () => ({ before: [{ label: 'lookup', device: 'target', hostMs: 0.5 }], verifyTokens: 4, after: [] }),
});

const open = (reqs: { at: number; prompt: number; out: number }[], maxBatch: number): WorkloadPlan => ({
  closed: false, maxBatch, maxContextTokens: 10_000,
  requests: reqs.map((r) => ({ arrivalMs: r.at, promptTokens: r.prompt, outputTokens: r.out })),
});

const run = (over: Partial<PointInput>) => simulatePoint({
  target, method: autoregressive, cost: recordingCost(), workload: open([], 1), batching: 'continuous', draftDevice: 'shared',
  acceptanceRng: () => 0.5, perRequestRng: () => 0.5, ...over,
});

describe('chunked prefill on the engine (stub cost: 1 ms + 0.1 ms per token)', () => {
  it('two 10-token prompts under a budget of 8: chunks 8 | 2+6 | decode+4, then plain decode; exact times', () => {
    const steps: { tokens: number; groups: readonly StepShape[] }[] = [];
    const o = run({ cost: recordingCost(steps), batching: chunkedPolicy(8, true), workload: open([{ at: 0, prompt: 10, out: 3 }, { at: 0, prompt: 10, out: 3 }], 2) });
    // 0–1.8: A's first 8 tokens. 1.8–3.6: A's last 2 and B's first 6 (A's first token at 3.6).
    // 3.6–5.1: A's decode row beside B's last 4 (B's first token at 5.1). 5.1–6.3: both decode (A done). 6.3–7.4: B decodes (done).
    expect(steps.map((s) => s.groups.map((g) => `${g.phase[0]}${g.batch}x${g.tokens}@${g.context}`).join(' '))).toEqual([
      'p1x8@0', 'p1x2@8 p1x6@0', 'd1x1@11 p1x4@6', 'd2x1@11.5', 'd1x1@12',
    ]);
    expect(o.ttftMs.mean).toBeCloseTo((3.6 + 5.1) / 2, 9);
    expect(o.makespanMs).toBeCloseTo(7.4, 9);
    expect(o.e2eMs.mean).toBeCloseTo((6.3 + 7.4) / 2, 9);
    expect(o.timeline.map((t) => t.phase)).toEqual(['prefill', 'prefill', 'mixed', 'decode', 'decode']);
  });

  it('without mixing (SGLang), chunks run as their own steps before decode rows', () => {
    const steps: { tokens: number; groups: readonly StepShape[] }[] = [];
    run({ cost: recordingCost(steps), batching: chunkedPolicy(8, false), workload: open([{ at: 0, prompt: 10, out: 3 }, { at: 0, prompt: 10, out: 3 }], 2) });
    expect(steps.map((s) => s.groups.map((g) => `${g.phase[0]}${g.batch}x${g.tokens}@${g.context}`).join(' '))).toEqual([
      'p1x8@0', 'p1x2@8 p1x6@0', 'p1x4@6', 'd2x1@11', 'd2x1@12',
    ]);
  });

  it('every step pays the engine\'s host time: a chunk-only step and a whole-prompt prefill wait for it, exact times', () => {
    // Host 0.5 ms per step, not hidden: without decode rows (no mixing), each chunk step starts 0.5 ms after the last ended.
    const stepHost = () => 0.5;
    const steps: { tokens: number; groups: readonly StepShape[] }[] = [];
    const chunked = run({ cost: recordingCost(steps), stepHost, batching: chunkedPolicy(8, false), workload: open([{ at: 0, prompt: 10, out: 1 }], 1) });
    // 0.5–2.3: 8 tokens (1.8 ms); 2.8–4.0: the last 2 (1.2 ms; first token, done).
    expect(chunked.ttftMs.mean).toBeCloseTo(4, 9);
    expect(chunked.timeline.map((t) => t.phase)).toEqual(['scheduler', 'prefill', 'scheduler', 'prefill']);
    const whole = run({ stepHost, batching: 'continuous', workload: open([{ at: 0, prompt: 10, out: 1 }], 1) });
    // 0.5–2.5: the whole prompt.
    expect(whole.ttftMs.mean).toBeCloseTo(2.5, 9);
    // Hidden host time (it overlaps a longer GPU step) costs nothing.
    expect(run({ stepHost: (_n, gpuMs) => Math.max(0, 0.5 - gpuMs), batching: 'continuous', workload: open([{ at: 0, prompt: 10, out: 1 }], 1) }).ttftMs.mean).toBeCloseTo(2, 9);
  });

  it('under a serving engine, a step of chunks alone pays host time (vllm and sglang; none pays nothing)', async () => {
    const { engineStepHost, hostMs } = await import('../src/serving/engine-method.js');
    const { resolveEngine } = await import('../src/catalog/engines.js');
    expect(engineStepHost(resolveEngine('none'), autoregressive)).toBeUndefined();
    const vllm = resolveEngine('vllm');
    // vLLM does not overlap: the whole host time shows, whatever the GPU's.
    expect(engineStepHost(vllm, autoregressive)!(2, 100)).toBeCloseTo(hostMs(vllm, 2), 12);
    // SGLang overlaps without speculation (only the excess shows) but not with EAGLE.
    const sglang = resolveEngine('sglang');
    expect(engineStepHost(sglang, autoregressive)!(1, 100)).toBe(0);
    expect(engineStepHost(sglang, chain(1))!(1, 100)).toBeCloseTo(hostMs(sglang, 1), 12);
  });

  it('a verify step counts its width against the budget: batch 2 × 4 tokens leave 6 of 14 for a prompt', () => {
    const steps: { tokens: number; groups: readonly StepShape[] }[] = [];
    run({ cost: recordingCost(steps), method: chain(1), batching: chunkedPolicy(14, true), workload: open([{ at: 0, prompt: 4, out: 9 }, { at: 0, prompt: 4, out: 9 }, { at: 1, prompt: 9, out: 2 }], 3) });
    const mixedWithVerify = steps.filter((s) => s.groups.length > 1 && s.groups[0]!.phase === 'decode' && s.groups[0]!.batch === 2);
    expect(mixedWithVerify[0]!.groups.map((g) => g.tokens)).toEqual([4, 6]);
    for (const s of steps) expect(s.tokens).toBeLessThanOrEqual(14);
  });

  it('property: no step exceeds the budget; every prompt token is prefilled exactly once; every request finishes', () => {
    const req = fc.record({ gap: fc.integer({ min: 0, max: 30 }), prompt: fc.integer({ min: 1, max: 200 }), out: fc.integer({ min: 1, max: 12 }) });
    fc.assert(fc.property(
      fc.array(req, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 60 }), fc.boolean(), fc.boolean(),
      (reqs, maxBatch, extra, mixed, speculate) => {
        const width = speculate ? 4 : 1;
        const budget = maxBatch * width + extra;
        let at = 0;
        const rs = reqs.map((r) => ({ at: (at += r.gap), prompt: r.prompt, out: r.out }));
        const steps: { tokens: number; groups: readonly StepShape[] }[] = [];
        const o = run({ cost: recordingCost(steps), method: speculate ? chain(2) : autoregressive, batching: chunkedPolicy(budget, mixed), workload: open(rs, maxBatch) });
        expect(o.requests).toBe(rs.length);
        let prefilled = 0;
        let starts = 0;
        for (const s of steps) {
          expect(s.tokens).toBeLessThanOrEqual(budget);
          for (const g of s.groups) if (g.phase === 'prefill') { prefilled += g.tokens; if (g.context === 0) starts++; }
        }
        expect(prefilled).toBe(rs.reduce((a, r) => a + r.prompt, 0));
        expect(starts).toBe(rs.length);
      },
    ), fcParams(150));
  });

  it('a long prompt no longer stalls the running decodes: chunking lowers the worst time per token and the makespan barely moves', () => {
    // A roofline stub: a step takes 5 ms (reading the weights) or 0.1 ms per token, whichever is longer, so a
    // 60-token chunk rides in a decode step almost free, while the whole 3,000-token prompt stops the decodes for 300 ms.
    const roof = (t: number) => costOf(Math.max(5, 0.1 * t));
    const cost: CostFn = Object.assign((_m: ModelSpec, b: number, t: number) => roof(b * t), { mixed: (_m: ModelSpec, gs: readonly StepShape[]) => roof(gs.reduce((a, g) => a + g.batch * g.tokens, 0)) });
    const reqs = [0, 0, 0, 0].map(() => ({ at: 0, prompt: 20, out: 200 })).concat([{ at: 50, prompt: 3000, out: 50 }]);
    const whole = run({ cost, workload: open(reqs, 5), batching: 'continuous' });
    const chunked = run({ cost, workload: open(reqs, 5), batching: chunkedPolicy(64, true) });
    expect(chunked.tpotMs.p99).toBeLessThan(0.9 * whole.tpotMs.p99);
    expect(chunked.makespanMs).toBeLessThan(1.1 * whole.makespanMs);
    // The price: the long prompt's first token comes later (its chunks share steps with decodes).
    expect(chunked.ttftMs.p99).toBeGreaterThan(whole.ttftMs.p99);
  });
});

describe('chunked prefill in a scenario', () => {
  const base = { name: 'x', hardware: ['h100-sxm'], model: 'llama3.1-8b', batch: [4], workload: { kind: 'closed', requests: 8, promptTokens: 512, outputTokens: 16 }, methods: [{ kind: 'autoregressive' }] };

  it('the engine picks the policy: none keeps whole prompts, vllm chunks with its 8,192-token budget; a scenario overrides both', async () => {
    const { parseScenario } = await import('../src/scenario/load.js');
    const { runScenario } = await import('../src/scenario/run.js');
    expect(runScenario(parseScenario(base)).scenario).toMatchObject({ batching: 'continuous' });
    expect(runScenario(parseScenario(base)).scenario).not.toHaveProperty('tokenBudget');
    expect(runScenario(parseScenario({ ...base, engine: 'vllm' })).scenario).toMatchObject({ batching: 'chunked', tokenBudget: 8192 });
    expect(runScenario(parseScenario({ ...base, engine: 'vllm', batching: 'continuous' })).scenario).toMatchObject({ batching: 'continuous' });
    expect(runScenario(parseScenario({ ...base, batching: 'chunked', tokenBudget: 256 })).scenario).toMatchObject({ batching: 'chunked', tokenBudget: 256 });
  });

  it('bad input: a budget below the batch\'s decode rows, or a budget without chunking, is one line naming the key', async () => {
    const { parseScenario } = await import('../src/scenario/load.js');
    const { runScenario } = await import('../src/scenario/run.js');
    const { UserError } = await import('../src/errors.js');
    const line = (f: () => unknown) => { try { f(); } catch (e) { expect(e).toBeInstanceOf(UserError); return (e as InstanceType<typeof UserError>).line(); } return 'no error'; };
    expect(line(() => runScenario(parseScenario({ ...base, batch: [64], batching: 'chunked', tokenBudget: 32 }, 's.json'), { where: 's.json' })))
      .toBe("specsim: tokenBudget 32 is below the 64 tokens one step of batch 64 with 'autoregressive' decodes; raise tokenBudget or lower the batch (s.json at $.tokenBudget)");
    expect(line(() => parseScenario({ ...base, batching: 'static', tokenBudget: 512 }, 's.json'))).toMatch(/tokenBudget applies to batching "chunked", not "static".*\$\.tokenBudget/);
  });
});
