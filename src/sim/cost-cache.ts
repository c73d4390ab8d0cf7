/**
 * The cost model as the simulator consumes it: `stepCost` memoized by step
 * shape. Context is quantized to buckets of 64 tokens (identical shapes recur
 * at every step; the cost is nearly linear in context within a bucket).
 *
 * The cache is looked up several times per simulated step, so its key is a
 * number, not a string: per model and phase, batch + 2^16 × (tokens + 2^20 ×
 * context bucket), exact below 2^53; shapes beyond those ranges fall back to
 * a string key.
 */
import type { HardwareProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { CostOptions } from '../cost/operators.js';
import { stepCost, type StepCost } from '../cost/step-cost.js';

export const CONTEXT_BUCKET = 64;

export type CostFn = (model: ModelSpec, batch: number, tokens: number, context: number, phase: 'decode' | 'prefill') => StepCost;

interface ModelCache {
  decode: Map<number, StepCost>;
  prefill: Map<number, StepCost>;
}

const BATCH_LIMIT = 2 ** 16;
const TOKENS_LIMIT = 2 ** 20;
const BUCKETS_LIMIT = 2 ** 17;

export function cachedCost(hw: HardwareProfile, opts: CostOptions): CostFn {
  const byModel = new Map<string, ModelCache>();
  const wide = new Map<string, StepCost>();
  let lastId = '';
  let last: ModelCache | undefined;
  return (model, batch, tokens, context, phase) => {
    const bucket = Math.max(0, Math.round(context / CONTEXT_BUCKET));
    const ctx = bucket * CONTEXT_BUCKET;
    const tok = phase === 'prefill' && tokens > 64 ? Math.round(tokens / 16) * 16 : Math.max(1, Math.round(tokens));
    if (!(batch < BATCH_LIMIT && tok < TOKENS_LIMIT && bucket < BUCKETS_LIMIT && Number.isInteger(batch) && batch >= 0)) {
      const key = `${model.id}|${batch}|${tok}|${ctx}|${phase}`;
      let c = wide.get(key);
      if (!c) wide.set(key, (c = stepCost(hw, model, { batch, tokens: tok, context: ctx, phase }, opts)));
      return c;
    }
    if (model.id !== lastId || !last) {
      last = byModel.get(model.id);
      if (!last) byModel.set(model.id, (last = { decode: new Map(), prefill: new Map() }));
      lastId = model.id;
    }
    const map = phase === 'prefill' ? last.prefill : last.decode;
    const key = batch + BATCH_LIMIT * (tok + TOKENS_LIMIT * bucket);
    let c = map.get(key);
    if (!c) map.set(key, (c = stepCost(hw, model, { batch, tokens: tok, context: ctx, phase }, opts)));
    return c;
  };
}
