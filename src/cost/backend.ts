/**
 * The hardware-backend seam: what the rest of specsim asks of a kind of
 * hardware. One file per kind in `backends/`, one registry line in
 * `backends/index.ts`; the kind's profile schema (`profileSchema`, which
 * `hardware/` checks every profile file against), `stepCost`,
 * `memoryFootprint` and `checkParallelism` dispatch through it, so no code
 * outside the backends branches on `hw.kind` (except GPU-only features:
 * `calibrate` fits GPU profiles, the playground's profile editor edits GPU
 * fields, a GPU inherits efficiencies from a measured GPU).
 *
 * The built-in profiles are checked once at build time and kept as JSON
 * (`catalog/builtin-files.ts`): every file in `backends/` counts as checking
 * code, so a schema belongs in the backend's file (or in a module that list
 * names), and `completeProfile` must return plain JSON data.
 * Every backend passes the same properties (test/backends.test.ts): a step's
 * total is the sum of its breakdown and of its time by limiter, and time never
 * falls as batch, tokens or context grow.
 */
import type { HardwareProfileBase } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { boundOf, type Bound } from './bound.js';
import { WEIGHT_BYTES, type CostOptions, type MixedStep, type StepShape, type WeightDtype } from './operators.js';
import type { MemoryFootprint, StepCost } from './types.js';
import type { z as Zod } from '../zod.js';
import type { KernelUse } from './explain.js';

/** The profiles a profile file may build on (`completeProfile`): the built-in ones, completed. */
export interface ProfileLookup {
  byId(id: string): HardwareProfileBase | undefined;
  all(): readonly HardwareProfileBase[];
}

/**
 * A kind of hardware: `P` its profile as the cost model reads it, `F` as a
 * profile file holds it (the same unless `completeProfile` fills fields in).
 */
export interface HardwareBackend<P extends HardwareProfileBase = HardwareProfileBase, F = P> {
  readonly kind: P['kind'];
  /**
   * The schema of this kind's profile files, built with the zod it is given (a
   * strict object whose `kind` is the literal kind; `hardware/check.ts` joins
   * every backend's into one union on `kind`). Loading a backend loads no zod.
   */
  profileSchema(z: typeof Zod): Zod.ZodType<F>;
  /** The profile a checked file describes, completed from the one it names (GPU: inherited kernel efficiencies). Absent: the file is the profile. */
  completeProfile?(file: F, where: string, others: ProfileLookup): P;
  /** The built-in profile a file builds on, which must be completed first; absent or undefined: none. */
  basedOn?(file: F): string | undefined;
  /** Which kernel each operator of a step runs and why (printed by `specsim cost`), where the backend can say. */
  explainKernels?(hw: P, model: ModelSpec, shape: StepShape, o: CostOptions): KernelUse[];
  /**
   * Time of one step (uniform, or mixed groups of rows) of `model`, with
   * options already defaulted. Pure. `ms` = Σ breakdown = Σ byBound.
   */
  stepCost(hw: P, model: ModelSpec, shape: StepShape | MixedStep, o: CostOptions): StepCost;
  /** Weights and KV cache per device of `models` (the first is the target) at `load`, and the largest batch that fits. */
  memoryFootprint(hw: P, models: readonly ModelSpec[], load: { batch: number; contextTokens: number }, o: CostOptions): MemoryFootprint;
  /** Throws a UserError (at `where`) unless `tp` > 1 devices can share `model`'s layers on this hardware. */
  checkParallelism(hw: P, model: ModelSpec, tp: number, where: string): void;
  /** True if the system sizes itself from the model (Groq: chips follow the weights), so no tp is chosen for it. */
  readonly sizesItself: boolean;
  /** True if a serving engine can capture its steps as CUDA graphs (so graph padding applies). */
  readonly capturesGraphs: boolean;
  /** Bandwidth a serving engine's sampler streams logits at (bytes/ms; Infinity where it is not a cost). */
  samplerBytesPerMs(hw: P): number;
  /** What one of its devices is called in texts (`device`, `chip`). */
  readonly deviceUnit: string;
  /** Bytes per stored weight under `o` (a backend may store a precision of its own). */
  weightBytesPerParam(hw: P, o: Pick<CostOptions, 'weightDtype'>): number;
}

/** Costs of steps run one after another, as one step: every part summed (`bound` from the summed time by limiter). */
export function sequentialCost(parts: readonly StepCost[]): StepCost {
  const breakdown: Record<string, number> = {};
  const byBound: Record<Bound, number> = { compute: 0, memory: 0, overhead: 0, network: 0 };
  let ms = 0, flops = 0, bytes = 0;
  for (const p of parts) {
    ms += p.ms; flops += p.flops; bytes += p.bytes;
    for (const [k, v] of Object.entries(p.breakdown)) breakdown[k] = (breakdown[k] ?? 0) + v;
    for (const k of Object.keys(byBound) as Bound[]) byBound[k] += p.byBound[k];
  }
  return { ms, bound: boundOf(byBound), breakdown, byBound, flops, bytes };
}

/**
 * Bits per stored weight when the backend stores another precision than
 * `dtype` names (a Groq system at the default bf16: its profile's 8 bits),
 * else undefined: what `cost` and the reports print as "N-bit as stored".
 */
export function storedWeightBits(backend: HardwareBackend, hw: HardwareProfileBase, dtype: WeightDtype): number | undefined {
  const bits = 8 * backend.weightBytesPerParam(hw, { weightDtype: dtype });
  return bits !== 8 * WEIGHT_BYTES[dtype] ? bits : undefined;
}
