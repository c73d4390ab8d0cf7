/**
 * What a serving engine adds to the kernels of one step (see
 * `data/engines/*.json`): CUDA-graph padding to the captured batch sizes
 * (eager launches above the largest), the sampler over the vocabulary, and
 * the kernel families it picks for the GPU's architecture.
 * Pure functions of (hardware, model, step, profile); no simulator imports,
 * so `specsim cost` stays light.
 */
import { backendOf } from '../cost/backends/index.js';
import type { EngineProfile } from '../catalog/engine-schema.js';
import type { HardwareProfile } from '../cost/backends/index.js';
import type { HardwareProfileBase } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { KernelChoice } from '../cost/kernels.js';
import type { StepCost } from '../cost/step-cost.js';

/** The kernel families the engine runs on `hw`: its attention family for the GPU's architecture (`attentionByArch`), else its default. */
export function engineKernels(engine: EngineProfile, hw: HardwareProfileBase): KernelChoice {
  const byArch = hw.arch === undefined ? undefined : engine.kernels.attentionByArch?.[hw.arch];
  return { attention: byArch ?? engine.kernels.attention, fusion: engine.kernels.fusion };
}

/** Which of the engine's graphs a step replays. */
export type StepRole = 'target' | 'verify' | 'draft';

export function stepRole(model: ModelSpec, targetId: string, tokens: number): StepRole {
  return model.id !== targetId ? 'draft' : tokens > 1 ? 'verify' : 'target';
}

/**
 * The batch a step runs at: padded up to the next captured size, or
 * undefined when the engine runs this step without a CUDA graph (graphs off
 * for the role, or the batch above the largest captured size).
 */
export function graphBatch(engine: EngineProfile, role: StepRole, batch: number, speculating: boolean, tokens = 1): number | undefined {
  if (!engine.cudaGraphs[role]) return undefined;
  const sizes = (speculating ? engine.cudaGraphs.speculativeCaptureSizes : undefined) ?? engine.cudaGraphs.captureSizes;
  if (!sizes) return batch;
  // Sizes in tokens (vLLM V1): the step's batch × tokens pads to the next size, priced as the whole extra
  // sequences of `tokens` the padding holds (a remainder under one sequence is left out).
  const perRow = engine.cudaGraphs.unit === 'tokens' ? tokens : 1;
  const need = batch * perRow;
  for (const s of sizes) if (s >= need) return batch + Math.floor((s - need) / perRow);
  return undefined;
}

/** The largest captured size (in the profile's unit), or Infinity when every size is captured as it comes. */
export function largestCapture(engine: EngineProfile): number {
  const sizes = engine.cudaGraphs.captureSizes;
  return sizes ? sizes[sizes.length - 1]! : Infinity;
}

/** Sampling `rows` token rows over the vocabulary: a fixed cost plus the logits' fp32 traffic (ms). */
export function samplerMs(engine: EngineProfile, hw: HardwareProfile, model: ModelSpec, rows: number): number {
  const { callUs, bytesPerLogit } = engine.sampler;
  if (callUs === 0 && bytesPerLogit === 0) return 0;
  // A model with several LM heads (Medusa's, one per head) produces one row of logits per head.
  const heads = model.drafter?.find((p) => p.part === 'lmHead');
  const perRow = model.vocab * (heads?.part === 'lmHead' ? heads.copies : 1);
  const bwBytesPerMs = backendOf(hw).samplerBytesPerMs(hw);
  return callUs / 1e3 + (rows * perRow * bytesPerLogit) / bwBytesPerMs;
}

/** `c` with the sampler added as its own breakdown entry (total = sum of parts still). */
export function withSampler(c: StepCost, ms: number): StepCost {
  if (ms === 0) return c;
  return {
    ...c,
    ms: c.ms + ms,
    breakdown: { ...c.breakdown, sampler: ms },
    byBound: { ...c.byBound, memory: c.byBound.memory + ms },
  };
}

