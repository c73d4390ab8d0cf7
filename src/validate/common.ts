/** Helpers the case files share: step times, a method's iteration, reference data, ad-hoc shapes. */
import type { HardwareProfile } from '../cost/backends/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { DEFAULT_COST_OPTIONS, type CostOptions } from '../cost/operators.js';
import { stepCost } from '../cost/step-cost.js';
import { buildMethod, type MethodSpec } from '../methods/index.js';
import { iterationMs, verifyMs } from '../methods/work.js';
import { cachedCost } from '../sim/cost-cache.js';

/** One decode/verify step of `tokens` new tokens per sequence (ms). */
export function stepMs(hw: HardwareProfile, model: ModelSpec, o: { tokens?: number; batch?: number; context?: number } & Partial<CostOptions> = {}): number {
  const { tokens = 1, batch = 1, context = 512, ...opts } = o;
  return stepCost(hw, model, { batch, tokens, context, phase: 'decode' }, opts).ms;
}

/**
 * One iteration of `method` as the simulator runs it (ms), and its verify
 * step alone: the method's own work (`iteration`: its drafting phases, the
 * verify step's width and tree mask) priced by the cost model, everything
 * serialized on one device, with no serving engine around it. `lastEmitted`:
 * tokens the previous round emitted (what a drafter catches up on first).
 */
export function iterationStep(hw: HardwareProfile, target: ModelSpec, method: MethodSpec, o: { batch?: number; context?: number; lastEmitted?: number } & Partial<CostOptions> = {}): { ms: number; verifyMs: number } {
  const { batch = 1, context = 512, lastEmitted = 1, ...partial } = o;
  const opts: CostOptions = { ...DEFAULT_COST_OPTIONS, ...partial };
  const m = buildMethod(method, { hw, target, opts, draftDevice: 'shared' }, `validate: ${method.kind} on ${target.id}`);
  const cost = cachedCost(hw, opts);
  const work = m.iteration(context, lastEmitted);
  return { ms: iterationMs(work, batch, context, cost, target), verifyMs: verifyMs(work, batch, context, cost, target) };
}

export { referenceJson } from '../catalog/reference.js';

/**
 * A dense decoder shape for a model the catalog does not carry. Every catalog
 * model has a gated (3-matrix) MLP, so a non-gated MLP of width `ffn` (2
 * matrices) is written as a gated one of width 2·ffn/3: same weights, same
 * FLOPs; extra per-layer weights (e.g. cross-attention) are folded in the same way.
 */
export function denseShape(id: string, s: { hidden: number; layers: number; heads: number; headDim: number; gatedFfn: number; vocab: number }): ModelSpec {
  return {
    id, name: id, source: 'specsim validate (shape defined in the case)', kind: 'decoder',
    hidden: s.hidden, layers: s.layers, heads: s.heads, kvHeads: s.heads, headDim: s.headDim,
    intermediate: Math.round(s.gatedFfn), vocab: s.vocab, tiedEmbeddings: false,
  };
}

export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
