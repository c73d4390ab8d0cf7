/**
 * Resolving a GPU profile's kernel efficiencies: its own (every field), or
 * those of the measured profile named by `efficiencyFrom`, carried over by
 * `transferEfficiency`, with the fields it gives on top: how the GPU
 * backend completes a checked profile file (`cost/backends/gpu.ts`
 * `completeProfile`), for the built-ins and for a user's file alike; no zod here.
 */
import { UserError } from '../errors.js';
import type { GpuEfficiency, GpuProfile, GpuProfileFile, HardwareProfileBase } from './hardware-schema.js';
import { transferEfficiency } from './transfer.js';

/** The fields of `efficiency`, in the schema's order (test/hardware-profiles.test.ts checks it against GpuEfficiencySchema). */
export const EFFICIENCY_KEYS = [
  'memBw', 'gemm', 'attention', 'decodeAttention', 'rooflineP', 'kernelUs', 'blockBwShare', 'gemmMemBw', 'eagerKernelUs', 'elementwiseBytesPerSmClk',
  'l2BytesPerSmClk',
] as const satisfies readonly (keyof GpuEfficiency)[];

/** Fields a measured profile may leave out (absent: that effect does not limit; see GpuEfficiencySchema). */
const OPTIONAL_EFFICIENCY_KEYS: ReadonlySet<string> = new Set(['l2BytesPerSmClk']);

/**
 * Every efficiency of a GPU profile. `measured(id)`: the profile
 * `efficiencyFrom` may name; `measuredIds()`: the ids it may name, for the error.
 */
export function resolveEfficiency(
  p: GpuProfileFile, file: string, measured: (id: string) => HardwareProfileBase | undefined, measuredIds: () => string[],
): GpuProfile {
  const own = p.efficiency ?? {};
  if (p.efficiencyFrom === undefined) {
    const missing = EFFICIENCY_KEYS.filter((k) => own[k] === undefined && !OPTIONAL_EFFICIENCY_KEYS.has(k));
    if (missing.length > 0) {
      throw new UserError(`missing required field 'efficiency.${missing[0]}'${missing.length > 1 ? `; also missing: ${missing.slice(1).join(', ')}` : ''}; or name a measured profile in 'efficiencyFrom' to inherit its kernel behaviour`, `${file} at $.efficiency`);
    }
    return { ...p, efficiency: own as GpuEfficiency };
  }
  const src = measured(p.efficiencyFrom) as GpuProfile | undefined;
  if (!src || src.kind !== 'gpu' || src.efficiencyFrom !== undefined) {
    throw new UserError(`efficiencyFrom must name a measured GPU profile (one of ${measuredIds().join(', ')}), got '${p.efficiencyFrom}'`, `${file} at $.efficiencyFrom`);
  }
  return { ...p, efficiency: { ...transferEfficiency(src, p), ...own } };
}
