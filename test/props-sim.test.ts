/**
 * Invariants of the simulator, as properties over generated scenarios (small
 * request counts, so each run takes milliseconds). On failure fast-check
 * prints `{ seed, path }`; replay with FC_SEED=<seed> FC_PATH=<path> npx vitest run test/props-sim.test.ts.
 * (The cost model's monotonicity in batch, tokens and context is in test/cost.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Result } from '../src/report/types.js';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import type { Length, MethodSpec, Scenario, ScenarioInput } from '../src/scenario/schema.js';
import { fcParams } from './props-fc.js';

const prob = fc.double({ min: 0, max: 1, noNaN: true });

/** Cumulative top-k accuracies: non-decreasing, within [0, 1]. */
const cumulative = fc.array(fc.double({ min: 0, max: 0.5, noNaN: true }), { minLength: 1, maxLength: 4 })
  .map((inc) => { let c = 0; return inc.map((x) => (c = Math.min(1, c + x))); });

const perRequest = fc.option(fc.record({ dist: fc.constant('beta' as const), mean: fc.double({ min: 0.05, max: 0.95, noNaN: true }), concentration: fc.double({ min: 1, max: 50, noNaN: true }) }), { nil: undefined });

const chainAcceptance = fc.oneof(
  fc.record({ kind: fc.constant('iid' as const), alpha: prob, perRequest }, { requiredKeys: ['kind', 'alpha'] }),
  fc.record({ kind: fc.constant('positional' as const), alphas: fc.array(prob, { minLength: 1, maxLength: 6 }) }),
);
const topkAcceptance = (key: 'perHead' | 'perDepth') => fc.array(cumulative, { minLength: 1, maxLength: 5 }).map((rows) => ({ kind: 'topk' as const, [key]: rows }));

const method: fc.Arbitrary<MethodSpec> = fc.oneof(
  fc.record({ kind: fc.constant('draft' as const), draft: fc.constantFrom('llama-68m', 'llama-160m'), gamma: fc.integer({ min: 1, max: 6 }), acceptance: chainAcceptance }),
  fc.record({ kind: fc.constant('ngram' as const), gamma: fc.integer({ min: 1, max: 6 }), acceptance: chainAcceptance }),
  fc.record({ kind: fc.constant('medusa' as const), heads: fc.integer({ min: 4, max: 5 }), tree: fc.constantFrom('medusa-63', 'vicuna_7b_stage2'), acceptance: topkAcceptance('perHead') }),
  fc.record({
    kind: fc.constant('eagle' as const),
    tree: fc.record({ kind: fc.constant('dynamic' as const), depth: fc.integer({ min: 1, max: 6 }), topK: fc.integer({ min: 1, max: 8 }), nodes: fc.integer({ min: 1, max: 60 }) }),
    acceptance: topkAcceptance('perDepth'),
  }),
  fc.record({ kind: fc.constant('eagle' as const), tree: fc.constant({ kind: 'static' as const, name: 'eagle-25' }), acceptance: topkAcceptance('perDepth') }),
) as fc.Arbitrary<MethodSpec>;

const length = (min: number, max: number): fc.Arbitrary<Length> => fc.oneof(
  fc.integer({ min, max }),
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => ({ dist: 'uniform' as const, min: Math.min(a, b), max: Math.max(a, b) })),
  fc.record({ dist: fc.constant('lognormal' as const), mean: fc.double({ min, max, noNaN: true }), sigma: fc.double({ min: 0, max: 0.5, noNaN: true }) }),
);

const workload = fc.oneof(
  fc.record({ kind: fc.constant('closed' as const), requests: fc.integer({ min: 1, max: 10 }), promptTokens: length(1, 256), outputTokens: length(2, 24) }),
  fc.record({ kind: fc.constant('poisson' as const), rate: fc.double({ min: 0.5, max: 200, noNaN: true }), requests: fc.integer({ min: 1, max: 10 }), promptTokens: length(1, 256), outputTokens: length(2, 24) }),
);

/** Valid scenarios within small limits; autoregressive always first (for the speedups). */
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  hardware: fc.subarray(['h100-sxm', 'a100-sxm', 'a100-sxm-40gb', 'groq-lpu'], { minLength: 1, maxLength: 2 }),
  model: fc.constantFrom('llama2-7b', 'vicuna-7b'),
  batch: fc.uniqueArray(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 }),
  workload,
  methods: fc.array(method, { minLength: 0, maxLength: 3 }),
  batching: fc.constantFrom('continuous', 'static'),
  draftDevice: fc.constantFrom('shared', 'separate'),
}).map((s) => parseScenario({
  name: 'prop', ...s,
  methods: [{ kind: 'autoregressive' }, ...s.methods.map((m, i) => ({ ...m, label: `${m.kind}-${i}` }))],
} as ScenarioInput, 'generated'));

/** The most tokens a method can emit per sequence per target step. */
function maxEmit(m: MethodSpec): number {
  switch (m.kind) {
    case 'autoregressive': return 1;
    case 'draft': case 'ngram': return m.gamma + 1;
    case 'medusa': return m.heads + 1;
    case 'eagle': return m.tree.kind === 'dynamic' ? m.tree.depth + 1 : 6; // eagle-25 is 5 deep
  }
}

function fixedOutput(s: Scenario): number | undefined {
  return s.workload.kind !== 'trace' && typeof s.workload.outputTokens === 'number' ? s.workload.outputTokens : undefined;
}

function checkInvariants(s: Scenario, results: Result[]): void {
  expect(results).toHaveLength(s.hardware.length * s.batch.length * s.methods.length);
  const requests = s.workload.kind === 'trace' ? undefined : s.workload.requests;
  const out = fixedOutput(s);
  const byPoint = new Map<string, number>();
  for (const r of results) {
    const spec = s.methods.find((m) => (m.label ?? m.kind) === r.method)!;
    const m = r.metrics;
    // every request completes; the measured requests' output tokens add up
    const own = r.detail!.requestTokens!;
    expect(m.requests).toBe(requests);
    if (out !== undefined) expect(own).toBe(m.requests * out);
    const key = `${r.hardware}/${r.batch}`;
    if (!byPoint.has(key)) byPoint.set(key, own);
    expect(own, 'the same workload at every method of a point').toBe(byPoint.get(key));
    // throughput as the contract defines it, over every token the window holds (a steady state's warm-up and filler too)
    expect(m.tokensPerS).toBe((m.outputTokens / m.makespanMs) * 1000);
    expect(m.outputTokens).toBeGreaterThanOrEqual(own);
    if (s.workload.kind !== 'closed') expect(m.outputTokens).toBe(own);
    // time per output token > 0 (it exists once some request has 2 output tokens: a lognormal length can sample 1), everything finite
    const timed = own > m.requests ? [m.tpotMs.mean, m.tpotMs.p50, m.tpotMs.p99] : [];
    for (const v of [...timed, m.e2eMs.mean, m.makespanMs, m.tokensPerS]) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(0);
    }
    expect(m.ttftMs.mean).toBeGreaterThan(0);
    // accepted tokens per step between 1 and the most the method can emit
    expect(m.acceptedPerStep).toBeGreaterThanOrEqual(1);
    expect(m.acceptedPerStep).toBeLessThanOrEqual(maxEmit(spec) + 1e-9);
    const hist = r.detail?.acceptedHistogram ?? [];
    expect(hist[0] ?? 0).toBe(0);
    expect(hist.length - 1).toBeLessThanOrEqual(maxEmit(spec));
    if (spec.kind === 'autoregressive') {
      expect(m.acceptedPerStep).toBe(1);
      expect(m.acceptanceRate).toBeNull();
      if (own > m.requests) expect(m.speedup).toBe(1);
    } else {
      expect(m.acceptanceRate).not.toBeNull();
      expect(m.acceptanceRate!).toBeGreaterThanOrEqual(0);
      expect(m.acceptanceRate!).toBeLessThanOrEqual(1);
      if (own > m.requests) expect(m.speedup).toBeGreaterThan(0);
    }
  }
}

describe('simulator invariants (fast-check; seed and path printed on failure)', () => {
  it('any valid scenario runs: every request completes, tokens add up, tpot > 0, 1 ≤ accepted per step ≤ the most a method emits, autoregressive speedup exactly 1', () => {
    fc.assert(fc.property(scenarioArb, (s) => {
      checkInvariants(s, runScenario(s).results);
    }), fcParams(300));
  });

  it('the same seed gives identical results', () => {
    fc.assert(fc.property(scenarioArb, (s) => {
      expect(JSON.stringify(runScenario(s))).toBe(JSON.stringify(runScenario(structuredClone(s))));
    }), fcParams(60));
  });

  it('a failing property reports its seed and path (how to replay it)', () => {
    const details = fc.check(fc.property(fc.integer(), (n) => n < 10), { seed: 1 });
    expect(details.failed).toBe(true);
    expect(fc.defaultReportMessage(details)).toMatch(/seed: 1, path: "[\d:]+"/);
  });
});
