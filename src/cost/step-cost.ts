/**
 * The cost model's entry point: a pure function (hardware, model, step shape,
 * options) → time, what bounds it, and a breakdown by operator group whose
 * parts sum to the total. No simulator state.
 */
import type { GpuProfile, HardwareProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { timeGpuOp } from './gpu.js';
import { boundOf, type Bound } from './bound.js';
import { groqStepCost } from './groq.js';
export { boundOf, type Bound } from './bound.js';
import { DEFAULT_COST_OPTIONS, stepOperators, type CostOptions, type MixedStep, type StepShape } from './operators.js';


export interface StepCost {
  /** Wall time of the step (ms). */
  ms: number;
  /** The largest of compute-, memory-, overhead- and network-limited time. */
  bound: Bound;
  /** ms per operator group, plus `launch` (fixed kernel costs) and `host` (eager launch time not hidden by the GPU). Sums to `ms`. */
  breakdown: Record<string, number>;
  /** Time by limiter; sums to `ms`. */
  byBound: Record<Bound, number>;
  /** Useful FLOPs and bytes moved to and from memory, per device. */
  flops: number;
  bytes: number;
}

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
 * Cost of one step of `model` on `hw`. A mixed step on a GPU shares its
 * linear layers across groups; a Groq pipeline streams the groups one after
 * another (each priced as its own step, summed).
 */
export function stepCost(hw: HardwareProfile, model: ModelSpec, shape: StepShape | MixedStep, opts: Partial<CostOptions> = {}): StepCost {
  const o: CostOptions = { ...DEFAULT_COST_OPTIONS, ...opts };
  if (hw.kind === 'gpu') return gpuStepCost(hw, model, shape, o);
  return 'groups' in shape ? sequentialCost(shape.groups.map((g) => groqStepCost(hw, model, g, o))) : groqStepCost(hw, model, shape, o);
}
