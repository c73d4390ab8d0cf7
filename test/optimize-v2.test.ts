/** `specsim optimize` v2: chains and small trees, several method kinds in one search, tp and dtype, cost objectives. */
import { describe, expect, test } from 'vitest';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import { resolveEngine } from '../src/catalog/engines.js';
import { UserError } from '../src/errors.js';
import { acceptanceFor } from '../src/optimize/acceptance.js';
import { buildCandidates } from '../src/optimize/candidates.js';
import { deployments } from '../src/optimize/deploy.js';
import { choose, evaluate } from '../src/optimize/evaluate.js';
import { optimize } from '../src/optimize/search.js';
import { runScenario } from '../src/scenario/run.js';
import type { Scenario } from '../src/scenario/schema.js';

const base = { hardware: 'h100-sxm', objective: 'user' as const, context: 256, outputTokens: 128, seed: 42 };

describe('EAGLE on llama3-8b: chains and small trees at high batch', () => {
  const o = optimize({ ...base, model: 'llama3-8b', methods: ['eagle'], batch: [64, 128] });
  test('the pick at batch 64 and 128 is a chain or a small tree (< 8 nodes) that speeds decoding up in simulation', () => {
    for (const p of o.doc.points) {
      expect(p.best.method).toBe('eagle');
      expect(p.best.nodes!).toBeLessThan(8);
      expect(p.simulated.speedup).toBeGreaterThan(1.05);
    }
  });

  test('it beats, in simulation, the best tree of the old search space (≥ 8 nodes, depth ≥ 3, top-k ≥ 4)', () => {
    const hw = resolveHardware('h100-sxm');
    const target = resolveModel('llama3-8b');
    const [dep] = deployments(hw, target, resolveEngine('none'), [1], ['bf16'], 'bf16');
    const acc = acceptanceFor('eagle', undefined, undefined, target);
    const old = buildCandidates([{ family: 'eagle', acceptance: acc.spec }], dep!.env)
      .filter((c) => c.family === 'eagle' && c.setting.nodes! >= 8 && c.setting.topK! >= 4 && c.setting.depth! >= 3);
    expect(old.length).toBeGreaterThan(500);
    for (const p of o.doc.points) {
      const evals = old.map((c) => ({ c, a: evaluate(c, dep!.env, dep!.cost, p.batch, base.context, base.outputTokens) }));
      const floor = choose(evals, 'user', undefined).pick.c;
      const scenario: Scenario = {
        name: 'old-floor', seed: base.seed, hardware: ['h100-sxm'], model: 'llama3-8b', batch: [p.batch],
        workload: { kind: 'closed', requests: 4 * p.batch, promptTokens: base.context, outputTokens: { dist: 'uniform', min: 64, max: 192 } },
        methods: [{ kind: 'autoregressive' }, { ...floor.spec, label: 'floor' } as Scenario['methods'][number]],
        tp: 1, dtype: 'bf16', kvDtype: 'bf16', draftDevice: 'shared', batching: 'continuous', engine: 'none',
      };
      const floorSim = runScenario(scenario).results.find((r) => r.method === 'floor')!;
      // The same workload and seed as the confirmation run: the pick's simulated time per token is lower.
      expect(p.simulated.tpotMs).toBeLessThan(floorSim.metrics.tpotMs.mean * 0.97);
    }
  });
});

describe('several method kinds in one search', () => {
  const kinds = ['draft', 'eagle', 'medusa'];
  const all = optimize({ ...base, model: 'vicuna-7b', methods: kinds, batch: [1, 64], requests: 32 });
  test('the pick comes from one of them, and is at least as good analytically as the best of each kind alone', () => {
    for (const k of kinds) {
      const one = optimize({ ...base, model: 'vicuna-7b', methods: [k], batch: [1, 64], requests: 32 });
      all.doc.points.forEach((p, i) => {
        expect(['autoregressive', ...kinds]).toContain(p.best.method);
        // The analytic pick (the first finalist; the simulation may re-rank) against each kind's, on the same autoregressive baseline.
        expect(p.simulated.finalists[0]!.analyticSpeedup).toBeGreaterThanOrEqual(one.doc.points[i]!.simulated.finalists[0]!.analyticSpeedup * 0.99);
      });
    }
    expect(all.meta.acceptance.map((a) => a.split(':')[0])).toEqual(kinds);
    expect(all.doc.points[0]!.analytic.searched).toBeGreaterThan(1000);
  });

  test('draft model candidates: each is searched; a draft of another tokenizer is refused', () => {
    const o = optimize({ ...base, model: 'llama2-7b', methods: ['draft'], drafts: ['llama-68m', 'tinyllama-1.1b'], batch: [1], requests: 16 });
    expect(o.meta.drafts).toEqual(['llama-68m', 'tinyllama-1.1b']);
    expect(o.doc.points[0]!.analytic.searched).toBe(1 + 2 * 16);
    expect(() => optimize({ ...base, model: 'llama2-7b', methods: ['draft'], drafts: ['llama3.2-1b'], batch: [1] })).toThrow(UserError);
    expect(() => optimize({ ...base, model: 'llama2-7b', methods: ['eagle'], drafts: ['llama-68m'], batch: [1] })).toThrow(/--draft applies to method draft/);
  });
});

describe('deployments', () => {
  test('llama2-70b runs at tp 4 (draft and EAGLE together); at tp 1 the error names --tp', () => {
    const o = optimize({ ...base, model: 'llama2-70b', methods: ['draft', 'eagle'], tp: [4], batch: [1, 64], requests: 16 });
    expect(o.meta.tp).toBe(4);
    expect(o.doc.points[0]!.speedup).toBeGreaterThan(1.5);
    expect(o.report.results.every((r) => r.detail?.devices === 4)).toBe(true);
    expect(() => optimize({ ...base, model: 'llama2-70b', methods: ['eagle'], batch: [1] })).toThrow(/do not fit .* use more GPUs \(--tp\)/);
  });

  test('objective cost picks the cheapest tp per token; user picks the fastest; both say their tp', () => {
    const input = { ...base, model: 'llama2-7b', methods: ['eagle'], tp: [1, 2], batch: [64], requests: 64 };
    const cost = optimize({ ...input, objective: 'cost' });
    const user = optimize({ ...input, objective: 'user' });
    const c = cost.doc.points[0]!, u = user.doc.points[0]!;
    expect(c.best.tp).toBeDefined();
    expect(u.best.tp).toBe(2);
    expect(c.analytic.usdPerMTokens!).toBeLessThanOrEqual(u.analytic.usdPerMTokens! * 1.0001);
    expect(u.analytic.userTokensPerS).toBeGreaterThanOrEqual(c.analytic.userTokensPerS);
  });
});
