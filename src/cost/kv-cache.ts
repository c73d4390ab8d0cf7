/** KV-cache size: bytes per token and per batch (whole model, before any split over devices). */
import type { ModelSpec } from '../catalog/model-schema.js';
import { headDim } from '../catalog/model-catalog.js';
import { KV_BYTES, type CostOptions } from './operators.js';
import { mlaCacheWidth } from './mla.js';
import { slidingKept } from './sliding.js';

/**
 * KV-cache bytes of one token of one sequence, all layers (whole model, before
 * any split): a key and a value per KV head, or MLA's latent plus RoPE key.
 */
export function kvBytesPerToken(model: ModelSpec, kvDtype: CostOptions['kvDtype'] = 'bf16'): number {
  if (model.mla) return model.layers * mlaCacheWidth(model.mla) * KV_BYTES[kvDtype];
  const d = headDim(model);
  return 2 * model.layers * model.kvHeads * d * KV_BYTES[kvDtype];
}

/** KV cache bytes for `batch` sequences of `tokens` tokens (sliding layers keep only their window). */
export function kvCacheBytes(model: ModelSpec, batch: number, tokens: number, o: Pick<CostOptions, 'kvDtype'>): number {
  const perToken = kvBytesPerToken(model, o.kvDtype);
  const sl = model.sliding;
  if (!sl || model.layers === 0) return batch * tokens * perToken;
  const perLayer = perToken / model.layers;
  return batch * perLayer * ((model.layers - sl.layers) * tokens + sl.layers * slidingKept(sl.window, tokens));
}

/**
 * Share of a sequence's KV cache each of `tp` devices keeps: its KV heads
 * (ceil(kvHeads / tp) of kvHeads, replicated when fewer heads than devices);
 * MLA's latent is read by every head, so every device keeps all of it.
 */
export function kvShareOnDevice(model: ModelSpec, tp: number): number {
  if (model.mla) return 1;
  return Math.ceil(model.kvHeads / tp) / model.kvHeads;
}
