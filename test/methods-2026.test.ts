/**
 * The two methods of #16 item 6: LayerSkip self-speculation (its draft is the
 * target's first layers: no weights, no KV cache of its own; only the layers
 * after the exit verify) and suffix decoding (model-free, a proposal length
 * that varies per step and per request, the accepted length drawn exactly).
 */
import { describe, expect, it } from 'vitest';
import { chainLengthPmf } from '../src/acceptance/length.js';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import { DEFAULT_COST_OPTIONS } from '../src/cost/operators.js';
import { memoryFootprint } from '../src/cost/memory.js';
import { stepCost } from '../src/cost/step-cost.js';
import { buildMethod, METHOD_KINDS, methodDefinition, type MethodEnv } from '../src/methods/index.js';
import { suffixRows } from '../src/methods/suffix.js';
import { acceptanceFor } from '../src/optimize/acceptance.js';
import { buildCompareScenario } from '../src/cli/compare.js';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import { stream } from '../src/sim/rng.js';
import { chiCritical, chiSquare } from './helpers/chi-square.js';
import { userLine } from './helpers/cli.js';

const hw = resolveHardware('h100-sxm');
const target = resolveModel('llama2-7b');
const env: MethodEnv = { hw, target, opts: { ...DEFAULT_COST_OPTIONS }, draftDevice: 'shared' };

describe('layerskip', () => {
  const ls = buildMethod({ kind: 'layerskip', gamma: 6, acceptance: { kind: 'iid', alpha: 0.85 } }, env, 't');

  it('its draft adds no weights and no KV cache: memory is the target\'s plus the in-flight tokens (an EAGLE layer adds both)', () => {
    const load = { batch: 32, contextTokens: 2048 };
    const ar = memoryFootprint(hw, target, load, env.opts, []);
    const self = memoryFootprint(hw, target, load, env.opts, ls.residentModels);
    expect(ls.residentModels).toHaveLength(0);
    expect(self.weightBytes).toBe(ar.weightBytes);
    expect(self.kvBytes).toBe(ar.kvBytes);
    // EAGLE's layer, a drafter beside the target, holds weights and a KV cache of its own.
    const em = buildMethod({ kind: 'eagle', tree: { kind: 'dynamic', depth: 6, topK: 1, nodes: 6 }, acceptance: { kind: 'topk', perDepth: [[0.8]] } }, env, 't');
    const withDraft = memoryFootprint(hw, target, load, env.opts, [...em.residentModels, em.draftDeployment!.model]);
    expect(withDraft.kvBytes).toBeGreaterThan(ar.kvBytes);
    expect(withDraft.weightBytes).toBeGreaterThan(ar.weightBytes);
  });

  it('drafts with the first 8 of 32 layers + the LM head, verifies with the other 24 over γ + 1 tokens, and the early layers of the last draft', () => {
    const w = ls.iteration(512, 1);
    const [draft, lower] = w.before as { model: typeof target; steps: { tokens: number }[] }[];
    expect(draft!.model.layers).toBe(8);
    expect(draft!.steps.map((s) => s.tokens)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(lower!.model.layers).toBe(8);
    expect(lower!.steps).toHaveLength(1);
    expect(w.verifyModel!.layers).toBe(24);
    expect(w.verifyTokens).toBe(7);
    const shape = { batch: 1, tokens: 7, context: 512, phase: 'decode' as const };
    const upper = stepCost(hw, w.verifyModel!, shape, env.opts).ms;
    const full = stepCost(hw, target, shape, env.opts).ms;
    expect(upper).toBeLessThan(0.85 * full);
    // The lower slice has no LM head to speak of: cheaper than the exit slice at the same shape.
    const one = { ...shape, tokens: 1 };
    expect(stepCost(hw, lower!.model, one, env.opts).ms).toBeLessThan(stepCost(hw, draft!.model, one, env.opts).ms);
  });

  it('an exit at or beyond the last layer is one line naming exitLayer', () => {
    expect(userLine(() => buildMethod({ kind: 'layerskip', gamma: 4, exitLayer: 32, acceptance: { kind: 'iid', alpha: 0.8 } }, env, 's.json at $.methods[1]'))).toMatch(/exitLayer 32 .*32 layers.*\$\.methods\[1\]\.exitLayer/);
  });
});

describe('suffix', () => {
  it('the accepted length is exactly the rule\'s: match length geometric, proposal ⌊φ·match⌋ capped, chain acceptance (Monte-Carlo, chi-square)', () => {
    const rng = stream(9, 'suffix-mc');
    for (const [mu, phi, G, alpha] of [[2, 1, 24, 0.7], [5, 1.5, 8, 0.85], [1, 0.5, 12, 0.9]] as const) {
      const pmf = chainLengthPmf(suffixRows([[alpha]], mu, phi, G), G);
      const r = mu / (1 + mu);
      const n = 30_000;
      const counts = new Array<number>(G + 1).fill(0);
      for (let t = 0; t < n; t++) {
        let m = 0;
        while (rng() < r) m++;
        const g = Math.min(G, Math.floor(phi * m));
        let a = 0;
        while (a < g && rng() < alpha) a++;
        counts[a]!++;
      }
      const { stat, df } = chiSquare(counts, pmf, n);
      expect(stat, `μ ${mu} φ ${phi} G ${G}`).toBeLessThan(chiCritical(df));
    }
  });

  it('the proposal length varies per request: a request\'s acceptance draw scales its match length, so its expected tokens per step differ', () => {
    const m = buildMethod({ kind: 'suffix', matchTokens: 3, acceptance: { kind: 'iid', alpha: 0.7, perRequest: { dist: 'beta', mean: 0.7, concentration: 8 } } }, env, 't');
    const rng = stream(2, 'perRequest');
    const e = Array.from({ length: 20 }, () => m.expectedTokens(m.acceptance!.forRequest(rng)));
    expect(Math.max(...e) - Math.min(...e)).toBeGreaterThan(0.5);
    expect(m.maxAccepted).toBe(24);
    expect(m.iteration(100, 1).verifyTokens).toBe(4); // 1 + round(E[proposal]) = 1 + 3
  });
});

describe('both in run, compare, list and optimize', () => {
  it('are registered, have compare defaults and an optimize search space, and optimize\'s acceptance entry', () => {
    for (const k of ['layerskip', 'suffix'] as const) {
      expect(METHOD_KINDS).toContain(k);
      const d = methodDefinition(k)!;
      expect(d.search!.space({ acceptance: { kind: 'iid', alpha: 0.8 }, rows: [[0.8]] }).length).toBeGreaterThan(3);
      expect(acceptanceFor(k, undefined, undefined).spec).toEqual({ kind: 'iid', alpha: k === 'layerskip' ? 0.85 : 0.7 });
      expect(acceptanceFor(k, 0.6, undefined).spec).toEqual({ kind: 'iid', alpha: 0.6 });
    }
  });

  it('compare runs them with defaults, each faster than autoregressive at batch 1', () => {
    const { scenario } = buildCompareScenario({ hardware: ['h100-sxm'], model: 'llama2-7b', methods: ['layerskip', 'suffix'], batch: [1], requests: 8, outputTokens: 64, tp: 1 });
    const report = runScenario(scenario);
    for (const m of ['layerskip', 'suffix']) {
      const r = report.results.find((x) => x.method === m)!;
      expect(r.metrics.speedup!, m).toBeGreaterThan(1);
      expect(r.metrics.acceptedPerStep, m).toBeGreaterThan(1.5);
    }
  });

  it('a scenario with both, under temperature and context decay, runs', () => {
    const s = parseScenario({
      name: 'x', hardware: ['h100-sxm'], model: 'llama2-7b', batch: [4], temperature: 0.7,
      workload: { kind: 'closed', requests: 8, promptTokens: 1500, outputTokens: 64 },
      methods: [{ kind: 'layerskip', gamma: 4, exitLayer: 10, acceptance: { kind: 'iid', alpha: 0.8, context: { trainedTokens: 1024, halfLifeTokens: 4096 } } }, { kind: 'suffix', matchTokens: 4, maxTokens: 16, acceptance: { kind: 'iid', alpha: 0.8 } }],
    }, 't');
    const report = runScenario(s);
    expect(report.results.find((r) => r.method === 'layerskip')!.detail!.acceptanceByContext!.length).toBeGreaterThan(0);
  });

  it('layerskip under chunked batching (its verify runs beside the prompt chunks, back to back) still beats autoregressive', () => {
    const s = parseScenario({
      name: 'y', hardware: ['h100-sxm'], model: 'llama2-7b', batch: [8], batching: 'chunked', tokenBudget: 512,
      workload: { kind: 'poisson', rate: 20, requests: 24, promptTokens: 1024, outputTokens: 64 },
      methods: [{ kind: 'layerskip', gamma: 4, acceptance: { kind: 'iid', alpha: 0.85 } }],
    }, 't');
    const r = runScenario(s).results.find((x) => x.method === 'layerskip')!;
    expect(r.metrics.requests).toBe(24);
    expect(r.metrics.speedup!).toBeGreaterThan(1);
  });
});
