/**
 * The numbers of the serving-engine kernel families (`data/kernels.json`),
 * with a profile's own `kernels` entries on top. The families' behaviour is
 * in `cost/kernels.ts`.
 */
import { builtinKernelTable } from './builtin.js';
import type { AttentionKernelNumbers, GpuProfile, KernelNumbers } from './hardware-schema.js';
import type { AttentionKernel } from '../cost/kernels.js';

/** data/kernels.json's numbers (checked with the built-in catalog). */
export function kernelTable(): KernelNumbers {
  return builtinKernelTable();
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

/** Bytes per SM per clock of a contiguous elementwise kernel over operands already in L2, if the table or profile gives it. */
export function warmL2BytesPerSmClk(hw: Pick<GpuProfile, 'kernels'>): number | undefined {
  return (hw.kernels?.['warm-l2'] ?? kernelTable()['warm-l2'])?.bytesPerSmClk;
}
