/**
 * Memory footprint: weights plus KV cache per device, and the largest batch
 * that fits. On a GPU, tensor parallelism splits weights and KV heads; on a
 * Groq system the chip count grows with the footprint instead.
 */
import type { HardwareProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { headDim, paramCount } from '../catalog/models.js';
import { groqMemoryFootprint } from './groq.js';
import { DEFAULT_COST_OPTIONS, KV_BYTES, WEIGHT_BYTES, type CostOptions } from './operators.js';

/** KV-cache bytes of one token of one sequence, all layers (whole model, before any split). */
export function kvBytesPerToken(model: ModelSpec, kvDtype: CostOptions['kvDtype'] = 'bf16'): number {
  const d = headDim(model);
  return 2 * model.layers * model.kvHeads * d * KV_BYTES[kvDtype];
}

/** KV cache bytes for `batch` sequences of `tokens` tokens. */
export function kvCacheBytes(model: ModelSpec, batch: number, tokens: number, o: Pick<CostOptions, 'kvDtype'>): number {
  return batch * tokens * kvBytesPerToken(model, o.kvDtype);
}

export interface MemoryFootprint {
  /** Devices the model spans (tp GPUs, or Groq chips). */
  devices: number;
  /** Per device. */
  weightBytes: number;
  kvBytes: number;
  capacityBytes: number;
  fits: boolean;
  /** Largest batch whose weights and KV cache fit at this context (null: no limit: the system grows with it, or there is no KV cache). */
  maxBatch: number | null;
}

/**
 * Footprint of `model` (plus `extra` co-resident models such as a draft) at
 * `batch` sequences of `contextTokens` tokens each.
 */
export function memoryFootprint(
  hw: HardwareProfile, model: ModelSpec, load: { batch: number; contextTokens: number },
  opts: Partial<CostOptions> = {}, extra: readonly ModelSpec[] = [],
): MemoryFootprint {
  const o = { ...DEFAULT_COST_OPTIONS, ...opts };
  const all = [model, ...extra];
  if (hw.kind === 'groq') return groqMemoryFootprint(hw, all, load, o);
  const tp = o.tp;
  const weights = all.reduce((s, m) => s + paramCount(m).total, 0) * WEIGHT_BYTES[o.weightDtype] / tp;
  // Each model's KV heads split over the tp devices: ceil(kvHeads / tp) per device (replicated when fewer than devices).
  const perSeqDev = all.reduce((s, m) => s + (kvCacheBytes(m, 1, load.contextTokens, o) * Math.ceil(m.kvHeads / tp)) / m.kvHeads, 0);
  const capacity = hw.memoryBytes - hw.reservedBytes;
  const kv = perSeqDev * load.batch;
  // Heads alone (Medusa) keep no KV cache: any batch fits that the weights do.
  const maxBatch = perSeqDev > 0 ? Math.max(0, Math.floor((capacity - weights) / perSeqDev)) : weights <= capacity ? null : 0;
  return { devices: tp, weightBytes: weights, kvBytes: kv, capacityBytes: capacity, fits: weights + kv <= capacity, maxBatch };
}
