/**
 * The cost model as the simulator consumes it: `stepCost` memoized by step
 * shape. Context is quantized to buckets of 64 tokens (identical shapes recur
 * at every step; the cost is nearly linear in context within a bucket).
 */
import type { HardwareProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { CostOptions } from '../cost/operators.js';
import { stepCost, type StepCost } from '../cost/step-cost.js';

export const CONTEXT_BUCKET = 64;

export type CostFn = (model: ModelSpec, batch: number, tokens: number, context: number, phase: 'decode' | 'prefill') => StepCost;

export function cachedCost(hw: HardwareProfile, opts: CostOptions): CostFn {
  const cache = new Map<string, StepCost>();
  return (model, batch, tokens, context, phase) => {
    const ctx = Math.max(0, Math.round(context / CONTEXT_BUCKET) * CONTEXT_BUCKET);
    const tok = phase === 'prefill' && tokens > 64 ? Math.round(tokens / 16) * 16 : Math.max(1, Math.round(tokens));
    const key = `${model.id}|${batch}|${tok}|${ctx}|${phase}`;
    let c = cache.get(key);
    if (!c) {
      c = stepCost(hw, model, { batch, tokens: tok, context: ctx, phase }, opts);
      cache.set(key, c);
    }
    return c;
  };
}
