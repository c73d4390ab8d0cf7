/**
 * Memory footprint: weights plus KV cache per device, and the largest batch
 * that fits. On a GPU, tensor parallelism splits weights and KV heads; on a
 * Groq system the chip count grows with the footprint instead.
 */
import type { HardwareProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { paramCount } from '../catalog/models.js';
import { groqMemoryFootprint } from './groq.js';
import { DEFAULT_COST_OPTIONS, KV_BYTES, WEIGHT_BYTES, type CostOptions } from './operators.js';

/** KV-cache bytes of one token of one sequence, all layers (whole model, before any split). */
export function kvBytesPerToken(model: ModelSpec, kvDtype: CostOptions['kvDtype'] = 'bf16'): number {
  const d = model.headDim ?? model.hidden / model.heads;
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
  /** Largest batch whose weights and KV cache fit at this context (null: capacity grows with the system). */
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
  const perSeq = all.reduce((s, m) => s + kvCacheBytes(m, 1, load.contextTokens, o), 0);
  if (hw.kind === 'groq') return groqMemoryFootprint(hw, all, load, o);
  const tp = o.tp;
  const weights = all.reduce((s, m) => s + paramCount(m).total, 0) * WEIGHT_BYTES[o.weightDtype] / tp;
  // KV heads split over tp devices; with fewer KV heads than devices they are replicated.
  const kvSplit = Math.min(tp, model.kvHeads);
  const perSeqDev = perSeq / kvSplit;
  const capacity = hw.memoryBytes - hw.reservedBytes;
  const kv = perSeqDev * load.batch;
  const maxBatch = Math.max(0, Math.floor((capacity - weights) / Math.max(1, perSeqDev)));
  return { devices: tp, weightBytes: weights, kvBytes: kv, capacityBytes: capacity, fits: weights + kv <= capacity, maxBatch };
}
