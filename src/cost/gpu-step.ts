/**
 * A GPU step: every operator of the step timed on the GPU (gpu.ts) and
 * summed by operator group, plus eager-launch host time when the step is not
 * replayed from a CUDA graph.
 */
import type { GpuProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { boundOf, type Bound } from './bound.js';
import { timeGpuOp } from './gpu.js';
import { stepOperators, type CostOptions, type MixedStep, type StepShape } from './operators.js';
import type { StepCost } from './types.js';

/** Cost of one forward step on a GPU (or `tp` GPUs in tensor parallel). */
export function gpuStepCost(hw: GpuProfile, model: ModelSpec, shape: StepShape | MixedStep, opts: CostOptions): StepCost {
  const breakdown: Record<string, number> = {};
  const byBound: Record<Bound, number> = { compute: 0, memory: 0, overhead: 0, network: 0 };
  let flops = 0;
  let bytes = 0;
  let kernels = 0;
  for (const op of stepOperators(model, shape, opts)) {
    const t = timeGpuOp(op, hw, opts);
    const work = t.workMs * op.repeat;
    const launch = t.launchMs * op.repeat;
    breakdown[op.group] = (breakdown[op.group] ?? 0) + work;
    breakdown.launch = (breakdown.launch ?? 0) + launch;
    byBound[t.limiter] += work;
    byBound.overhead += launch;
    kernels += op.kernels * op.repeat;
    if (op.kind === 'gemm') { flops += op.flops * op.repeat; bytes += (op.weightBytes + op.actBytes) * op.repeat; }
    else if (op.kind === 'attention') { flops += op.flops * op.repeat; bytes += (op.kvBytes + op.actBytes) * op.repeat; }
    else if (op.kind === 'elementwise') bytes += op.bytes * op.repeat; // all-reduce bytes cross links, not memory
  }
  let ms = Object.values(breakdown).reduce((a, b) => a + b, 0);
  if (!opts.cudaGraphs) {
    // Eager launches: the GPU waits on Python whenever the host is slower.
    const hostMs = (kernels * hw.efficiency.eagerKernelUs) / 1e3;
    const host = Math.max(0, hostMs - ms);
    breakdown.host = host;
    byBound.overhead += host;
    ms += host;
  }
  return { ms, bound: boundOf(byBound), breakdown, byBound, flops, bytes };
}
