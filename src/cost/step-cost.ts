/**
 * The cost model's entry point: a pure function (hardware, model, step shape,
 * options) → time, what bounds it, and a breakdown by operator group whose
 * parts sum to the total. No simulator state.
 */
import type { HardwareProfile } from './backends/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { backendOf } from './backends/index.js';
import type { StepCost } from './types.js';
export type { StepCost } from './types.js';
import { DEFAULT_COST_OPTIONS, type CostOptions, type MixedStep, type StepShape } from './operators.js';
export { boundOf, type Bound } from './bound.js';
export { gpuStepCost } from './gpu-step.js';
export { sequentialCost } from './backend.js';



/** Cost of one step (uniform or mixed) of `model` on `hw`, priced by the hardware's backend. */
export function stepCost(hw: HardwareProfile, model: ModelSpec, shape: StepShape | MixedStep, opts: Partial<CostOptions> = {}): StepCost {
  return backendOf(hw).stepCost(hw, model, shape, { ...DEFAULT_COST_OPTIONS, ...opts });
}
