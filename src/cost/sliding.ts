/**
 * Sliding-window layers (GPT-OSS alternates 128-token windows with full
 * attention): on those layers each new token attends to at most `window`
 * keys, and the cache keeps only the last `window` tokens per sequence
 * (vLLM's hybrid KV-cache manager frees the rest).
 */
import type { ModelSpec } from '../catalog/model-schema.js';
import type { AttentionOp, Op } from './op-types.js';

/** Tokens a sliding layer keeps per sequence once `tokens` are in context. */
export function slidingKept(window: number, tokens: number): number {
  return Math.min(tokens, window);
}

/**
 * Splits each attention operator of a stack of `model.layers` layers into its
 * full-attention layers and its sliding layers, whose keys are capped at the
 * window (plus the new tokens, whose windows overlap it).
 */
export function withSlidingLayers(ops: readonly Op[], model: ModelSpec): Op[] {
  const sl = model.sliding;
  if (!sl || sl.layers === 0) return ops.slice();
  const out: Op[] = [];
  for (const op of ops) {
    if (op.kind !== 'attention' || op.repeat !== model.layers) { out.push(op); continue; }
    const slidingRepeat = Math.min(sl.layers, op.repeat);
    const full = op.repeat - slidingRepeat;
    if (full > 0) out.push({ ...op, repeat: full });
    const kvLen = Math.min(op.kvLen, sl.window + op.queryTokens);
    const attendLen = Math.min(op.attendLen, sl.window);
    const w: AttentionOp = {
      ...op,
      repeat: slidingRepeat,
      kvLen,
      attendLen,
      context: Math.min(op.context, sl.window),
      kvBytes: (op.kvBytes * kvLen) / op.kvLen,
      flops: (op.flops * attendLen) / op.attendLen,
    };
    out.push(w);
  }
  return out;
}
