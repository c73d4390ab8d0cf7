/**
 * Memory footprint: weights plus KV cache per device, and the largest batch
 * that fits, from the hardware's backend (on a GPU, tensor parallelism splits
 * weights and KV heads; on a Groq system the chip count grows with the
 * footprint instead).
 */
import type { HardwareProfile } from './backends/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { backendOf } from './backends/index.js';
import { DEFAULT_COST_OPTIONS, type CostOptions } from './operators.js';
import type { MemoryFootprint } from './types.js';
export { kvBytesPerToken, kvCacheBytes, kvShareOnDevice } from './kv-cache.js';

export type { MemoryFootprint } from './types.js';

/**
 * Footprint of `model` (plus `extra` co-resident models such as a draft) at
 * `batch` sequences of `contextTokens` tokens each.
 */
export function memoryFootprint(
  hw: HardwareProfile, model: ModelSpec, load: { batch: number; contextTokens: number },
  opts: Partial<CostOptions> = {}, extra: readonly ModelSpec[] = [],
): MemoryFootprint {
  return backendOf(hw).memoryFootprint(hw, [model, ...extra], load, { ...DEFAULT_COST_OPTIONS, ...opts });
}
