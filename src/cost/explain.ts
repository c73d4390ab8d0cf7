/**
 * Which kernel each operator of a GPU step runs, and why: what `specsim cost`
 * prints. The decisions are the ones the timing takes (`cost/gpu.ts`).
 */
import type { GpuProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { fusedBytesPerSmClk, type FusedKernel } from '../catalog/kernel-numbers.js';
import { attentionFamilyOf, attentionLayout, bwBytesPerMs, gemmPeakFlops, gemmPlan, smBoundBytesPerMs, timeGpuOp } from './gpu.js';
import { ATTENTION_BEHAVIOUR } from './kernels.js';
import { kernelsOf, stepOperators, type CostOptions, type Op, type StepShape } from './operators.js';

export interface KernelUse {
  /** Breakdown group (`qkv`, `attention`, `rope`, …). */
  group: string;
  /** The kernel family or kind. */
  kernel: string;
  /** Why it runs that way, and what limits it. */
  why: string;
}

const tbps = (bytesPerMs: number): string => `${(bytesPerMs / 1e9).toFixed(2)} TB/s`;

function explainOp(op: Op, hw: GpuProfile, o: CostOptions): KernelUse {
  const t = timeGpuOp(op, hw, o);
  switch (op.kind) {
    case 'gemm': {
      const plan = gemmPlan(op, hw, gemmPeakFlops(hw, o));
      const split = plan.splits > 1 ? `, split-K ${plan.splits}` : '';
      const how = op.m <= 1 ? 'one row: a GEMV streaming the weights at copy speed' : `${Math.round(op.m)} rows: tensor-core GEMM, tile ${plan.tile[0]}×${plan.tile[1]}${split} (best of gemmTiles, waves over ${hw.sms} SMs${plan.feedBound ? ', L2 operand feed limits it' : ''})`;
      return { group: op.group, kernel: op.groups > 1 ? `grouped GEMM (${op.group === 'mlaAbsorb' ? `${op.groups} heads` : `${Number.isInteger(op.groups) ? op.groups : op.groups.toFixed(1)} experts`})` : 'GEMM', why: `${how}; ${t.limiter}-bound (${o.weightDtype} weights at ${(gemmPeakFlops(hw, o) * hw.efficiency.gemm / 1e12).toFixed(0)} TFLOP/s)` };
    }
    case 'attention': {
      const family = attentionFamilyOf(op, o);
      const beh = ATTENTION_BEHAVIOUR[family];
      const L = attentionLayout(op, hw, family);
      const group = op.heads / op.kvHeads;
      const gqa = op.packHeads === true && group > 1 ? `the ${group} query heads read the one latent as multi-query attention (MLA kernels always pack them)`
        : group <= 1 ? 'no grouped-query heads'
        : L.packed ? `the ${group} query heads of each KV head share a tile (${beh.packGqa} rule)`
        : `each of the ${group} query heads per KV head gets its own ${L.rows}-row tile (${beh.packGqa === 'single-query' ? 'packed only at one new token' : beh.packGqa === 'never' ? 'never packed' : 'packing would not fill tiles better'})`;
      const split = L.splits > 1 ? `KV length split ${L.splits.toFixed(1)} ways to fill ${hw.sms} SMs` : 'no KV split';
      const masked = op.treeMask === true ? (family === kernelsOf(o).attention ? ' (tree mask in the kernel)' : ` (tree mask: ${kernelsOf(o).attention} takes none)`) : '';
      const kernel = op.group === 'mlaAttention' ? `${family}, MLA ${op.prefill ? 'naive path (decompressed keys and values)' : 'absorbed path (over the latent)'}` : family;
      return { group: op.group, kernel: kernel + masked, why: `${op.prefill ? 'prompt' : `${op.queryTokens} new token(s)`}: ${gqa}; ${L.blocks} blocks; ${split}; ${t.limiter}-bound. Source: ${beh.source.split(':')[0]}` };
    }
    case 'elementwise': {
      if (op.rate === 'copy') return { group: op.group, kernel: 'elementwise (contiguous)', why: `vectorized, at copy speed ${tbps(bwBytesPerMs(hw))}` };
      const fused = op.rate !== 'strided';
      const perClk = fused ? fusedBytesPerSmClk(hw, op.rate.slice('fused-'.length) as FusedKernel) : hw.efficiency.elementwiseBytesPerSmClk;
      const rate = Math.min(smBoundBytesPerMs(hw, perClk), bwBytesPerMs(hw));
      const fusion = kernelsOf(o).fusion;
      return {
        group: op.group, kernel: fused ? `${op.rate} (${fusion})` : `elementwise on strided views (${fusion})`,
        why: `${op.kernels} kernel(s), SM-bound (${fused ? 'fused engine kernel' : 'non-contiguous operands take PyTorch\'s non-vectorized path'}): ${perClk} B per SM clock × ${hw.sms} SMs × ${hw.clockMhz} MHz = ${tbps(rate)}${rate >= bwBytesPerMs(hw) ? ', capped at copy speed' : ''}`,
      };
    }
    case 'allreduce':
      return { group: op.group, kernel: 'ring all-reduce', why: `over ${op.tp} GPUs on the profile's link` };
    case 'alltoall':
      return { group: op.group, kernel: 'all-to-all (MoE dispatch/combine)', why: `among ${op.ep} GPUs: each sends its tokens' hidden states to the GPUs of their experts and gets the outputs back, on the profile's link` };
  }
}

/** One entry per operator group and kernel kind of a GPU step, in step order. */
export function explainKernels(hw: GpuProfile, model: ModelSpec, shape: StepShape, o: CostOptions): KernelUse[] {
  const seen = new Map<string, KernelUse>();
  for (const op of stepOperators(model, shape, o)) {
    const use = explainOp(op, hw, o);
    const key = `${use.group}|${use.kernel}`;
    if (!seen.has(key)) seen.set(key, use);
  }
  return [...seen.values()];
}
