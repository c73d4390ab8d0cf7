/** KV-cache size: bytes per token and per batch (whole model, before any split over devices). */
import type { ModelSpec } from '../catalog/model-schema.js';
import { headDim } from '../catalog/models.js';
import { KV_BYTES, type CostOptions } from './operators.js';

/** KV-cache bytes of one token of one sequence, all layers (whole model, before any split). */
export function kvBytesPerToken(model: ModelSpec, kvDtype: CostOptions['kvDtype'] = 'bf16'): number {
  const d = headDim(model);
  return 2 * model.layers * model.kvHeads * d * KV_BYTES[kvDtype];
}

/** KV cache bytes for `batch` sequences of `tokens` tokens. */
export function kvCacheBytes(model: ModelSpec, batch: number, tokens: number, o: Pick<CostOptions, 'kvDtype'>): number {
  return batch * tokens * kvBytesPerToken(model, o.kvDtype);
}
