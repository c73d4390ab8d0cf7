/**
 * The numbers of the serving-engine kernel families (`data/kernels.json`),
 * with a profile's own `kernels` entries on top. The families' behaviour is
 * in `cost/kernels.ts`.
 */
import { z } from 'zod';
import { zodToUserError } from '../zod-error.js';
import { dataPath } from './data-dir.js';
import { KernelNumbersSchema, type AttentionKernelNumbers, type GpuProfile, type KernelNumbers } from './hardware-schema.js';
import { readJsonFile } from './json-file.js';
import type { AttentionKernel } from '../cost/kernels.js';

const KernelTableSchema = z.strictObject({
  source: z.string().min(1),
  kernels: KernelNumbersSchema,
  notes: z.record(z.string(), z.string()),
});

let table: KernelNumbers | undefined;

export function kernelTable(): KernelNumbers {
  if (table) return table;
  const file = dataPath('kernels.json');
  const raw = readJsonFile(file);
  const r = KernelTableSchema.safeParse(raw);
  if (!r.success) throw zodToUserError(r.error, 'data/kernels.json', KernelTableSchema, raw);
  return (table = r.data.kernels);
}

/** The numbers of an attention family on this GPU: the table's, with the profile's on top. */
export function attentionNumbers(hw: Pick<GpuProfile, 'kernels'>, family: AttentionKernel): AttentionKernelNumbers {
  return { ...kernelTable()[family], ...hw.kernels?.[family] };
}

export type FusedKernel = 'norm' | 'rope' | 'act';

/** Bytes per SM per clock of a fused engine elementwise kernel on this GPU. */
export function fusedBytesPerSmClk(hw: Pick<GpuProfile, 'kernels'>, kernel: FusedKernel): number {
  const rates = hw.kernels?.fused ?? kernelTable().fused;
  if (!rates) throw new Error('data/kernels.json has no fused rates');
  return rates[kernel];
}
