/** Which tensor-parallel degrees a model and a profile allow (the hardware's backend decides). */
import type { HardwareProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { backendOf } from './backends/index.js';

/** Throws a UserError (at `where`) unless `tp` devices of `hw` can share `model`'s layers; tp 1 always can. */
export function checkParallelism(hw: HardwareProfile, model: ModelSpec, tp: number, where: string): void {
  if (tp === 1) return;
  backendOf(hw).checkParallelism(hw, model, tp, where);
}
