/**
 * The cost model as the simulator consumes it: `stepCost` memoized by step
 * shape. Context is quantized to buckets of 64 tokens (identical shapes recur
 * at every step; the cost is nearly linear in context within a bucket), and
 * prefill chunks of more than 64 tokens to multiples of 16.
 *
 * A uniform step (one group of rows) is looked up several times per simulated
 * step, so its key is a number, not a string: per model and phase, batch +
 * 2^16 × (tokens + 2^20 × context bucket), exact below 2^53; shapes beyond
 * those ranges fall back to a string key. A mixed step (`mixed`) keys on its
 * quantized groups, in order.
 */
import type { HardwareProfile } from '../cost/backends/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { CostOptions, StepShape } from '../cost/operators.js';
import { stepCost, type StepCost } from '../cost/step-cost.js';

export const CONTEXT_BUCKET = 64;

export interface CostFn {
  /** A uniform step: `batch` sequences, each with `tokens` new tokens over `context` cached. */
  (model: ModelSpec, batch: number, tokens: number, context: number, phase: 'decode' | 'prefill', tree?: boolean): StepCost;
  /** A step mixing groups of rows (decode/verify rows beside prefill chunks); one group is the uniform step. */
  mixed(model: ModelSpec, groups: readonly StepShape[]): StepCost;
}

interface ModelCache {
  decode: Map<number, StepCost>;
  prefill: Map<number, StepCost>;
  /** Verify steps of a branching tree (tree mask). */
  tree: Map<number, StepCost>;
}

const BATCH_LIMIT = 2 ** 16;
const TOKENS_LIMIT = 2 ** 20;
const BUCKETS_LIMIT = 2 ** 17;

/** The shape a cached cost is computed at. */
function quantize(batch: number, tokens: number, context: number, phase: StepShape['phase']): StepShape & { bucket: number } {
  const bucket = Math.max(0, Math.round(context / CONTEXT_BUCKET));
  const tok = phase === 'prefill' && tokens > 64 ? Math.round(tokens / 16) * 16 : Math.max(1, Math.round(tokens));
  return { batch, tokens: tok, context: bucket * CONTEXT_BUCKET, phase, bucket };
}

/** A uniform step's shape (a function, not a closure made per lookup: `uniform` runs several times per simulated step). */
function shapeOf(batch: number, tokens: number, context: number, phase: StepShape['phase'], masked: boolean): StepShape {
  return masked ? { batch, tokens, context, phase, tree: true } : { batch, tokens, context, phase };
}

export function cachedCost(hw: HardwareProfile, opts: CostOptions): CostFn {
  const byModel = new Map<string, ModelCache>();
  const wide = new Map<string, StepCost>();
  let lastId = '';
  let last: ModelCache | undefined;
  const uniform = (model: ModelSpec, batch: number, tokens: number, context: number, phase: StepShape['phase'], tree = false): StepCost => {
    const masked = tree && phase === 'decode';
    const bucket = Math.max(0, Math.round(context / CONTEXT_BUCKET));
    const ctx = bucket * CONTEXT_BUCKET;
    const tok = phase === 'prefill' && tokens > 64 ? Math.round(tokens / 16) * 16 : Math.max(1, Math.round(tokens));
    if (!(batch < BATCH_LIMIT && tok < TOKENS_LIMIT && bucket < BUCKETS_LIMIT && Number.isInteger(batch) && batch >= 0)) {
      const key = `${model.id}|${batch}|${tok}|${ctx}|${phase}${masked ? '|tree' : ''}`;
      let c = wide.get(key);
      if (!c) wide.set(key, (c = stepCost(hw, model, shapeOf(batch, tok, ctx, phase, masked), opts)));
      return c;
    }
    if (model.id !== lastId || !last) {
      last = byModel.get(model.id);
      if (!last) byModel.set(model.id, (last = { decode: new Map(), prefill: new Map(), tree: new Map() }));
      lastId = model.id;
    }
    const map = phase === 'prefill' ? last.prefill : masked ? last.tree : last.decode;
    const key = batch + BATCH_LIMIT * (tok + TOKENS_LIMIT * bucket);
    let c = map.get(key);
    if (!c) map.set(key, (c = stepCost(hw, model, shapeOf(batch, tok, ctx, phase, masked), opts)));
    return c;
  };
  const mixed = (model: ModelSpec, groups: readonly StepShape[]): StepCost => {
    if (groups.length === 1) { const g = groups[0]!; return uniform(model, g.batch, g.tokens, g.context, g.phase, g.tree === true); }
    const q = groups.map((g) => ({ ...quantize(g.batch, g.tokens, g.context, g.phase), tree: g.tree === true && g.phase === 'decode' }));
    const key = `${model.id}|mixed|${q.map((g) => `${g.batch},${g.tokens},${g.context},${g.phase}${g.tree ? ',tree' : ''}`).join('|')}`;
    let c = wide.get(key);
    if (!c) wide.set(key, (c = stepCost(hw, model, { groups: q.map(({ batch, tokens, context, phase, tree }) => (tree ? { batch, tokens, context, phase, tree } : { batch, tokens, context, phase })) }, opts)));
    return c;
  };
  return Object.assign(uniform, { mixed });
}
