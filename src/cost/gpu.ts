/**
 * Time of each operator on a GPU: a roofline per kernel, with wave
 * quantization over the SMs for GEMMs, query-tile padding and occupancy for
 * flash attention, a soft max between compute and memory time, and a fixed
 * cost per kernel. Every efficiency comes from the profile.
 */
import type { GpuProfile } from '../catalog/hardware-schema.js';
import type { AttentionOp, CostOptions, ElementwiseOp, GemmOp, Op, AllReduceOp } from './operators.js';

/** Time of one operator run, split by what limits it (ms). */
export interface OpTiming {
  /** Math or memory time after overlap (the soft roofline). */
  workMs: number;
  /** Which side dominated the work. */
  limiter: 'compute' | 'memory' | 'network';
  /** Fixed per-kernel costs. */
  launchMs: number;
}

/** Dense tensor FLOP/s for the GEMMs of a weight dtype (int4 is weight-only: bf16 math; fp4 without fp4 tensor cores runs as fp8, else bf16). */
export function gemmPeakFlops(hw: GpuProfile, o: CostOptions): number {
  if (o.weightDtype === 'fp4') return hw.flopsPerS.fp4 ?? hw.flopsPerS.fp8 ?? hw.flopsPerS.bf16;
  if (o.weightDtype === 'fp8') return hw.flopsPerS.fp8 ?? hw.flopsPerS.bf16;
  if (o.weightDtype === 'int8') return hw.flopsPerS.int8 ?? hw.flopsPerS.bf16;
  if (o.weightDtype === 'fp16') return hw.flopsPerS.fp16;
  return hw.flopsPerS.bf16;
}

/** Soft roofline: (a^p + b^p)^(1/p), which tends to max(a, b) as p grows. */
export function softMax(a: number, b: number, p: number): number {
  const hi = Math.max(a, b);
  if (hi === 0) return 0;
  const lo = Math.min(a, b) / hi;
  return hi * Math.pow(1 + Math.pow(lo, p), 1 / p);
}

function bwBytesPerMs(hw: GpuProfile): number {
  return (hw.memBwBytesPerS * hw.efficiency.memBw) / 1e3;
}

/**
 * GEMM compute time with wave quantization: output tiles are spread over the
 * SMs in waves, and a partial last wave costs a whole one. The library's best
 * tile for the shape is taken.
 */
export function gemmComputeMs(op: Pick<GemmOp, 'm' | 'n' | 'k' | 'groups'>, hw: GpuProfile, peakFlops: number): number {
  const perSmFlopsPerMs = (peakFlops * hw.efficiency.gemm) / hw.sms / 1e3;
  let best = Infinity;
  for (const [tm, tn] of hw.gemmTiles) {
    const tiles = op.groups * Math.ceil(op.m / tm) * Math.ceil(op.n / tn);
    const waves = Math.ceil(tiles / hw.sms);
    const ms = (waves * 2 * tm * tn * op.k) / perSmFlopsPerMs;
    if (ms < best) best = ms;
  }
  return best;
}

function timeGemm(op: GemmOp, hw: GpuProfile, o: CostOptions): OpTiming {
  const computeMs = gemmComputeMs(op, hw, gemmPeakFlops(hw, o));
  // A single-row product runs as a GEMV at copy speed; tensor-core GEMMs stream weights a little slower.
  // (For experts, `m` is already the rows per expert.)
  const bwFrac = op.m <= 1 ? 1 : hw.efficiency.gemmMemBw;
  const memoryMs = (op.weightBytes + op.actBytes) / (bwBytesPerMs(hw) * bwFrac);
  return {
    workMs: softMax(computeMs, memoryMs, hw.efficiency.rooflineP),
    limiter: computeMs > memoryMs ? 'compute' : 'memory',
    launchMs: (op.kernels * hw.efficiency.kernelUs) / 1e3,
  };
}

/**
 * Attention: one thread block per (sequence, head, query tile). When
 * there are too few blocks to fill the SMs, the KV length is split across
 * blocks (flash-decoding), whose partial results a combine kernel merges.
 */
function timeAttention(op: AttentionOp, hw: GpuProfile): OpTiming {
  const rows = op.prefill ? hw.attentionBlockRows : hw.decodeAttentionBlockRows;
  const tiles = Math.ceil(op.queryRows / rows);
  const blocks = op.slices * tiles;
  // Continuous in the KV length, so that more context never makes a step faster.
  const splits = blocks < hw.sms ? Math.max(1, Math.min(hw.sms / blocks, op.kvLen / 128)) : 1;
  const active = blocks * splits;
  const computeFrac = Math.min(1, active / hw.sms);
  const bwFrac = Math.min(1, (active * hw.efficiency.blockBwShare) / hw.sms);
  const peak = hw.flopsPerS.bf16 * hw.efficiency.gemm * (op.masked ? hw.efficiency.maskedAttention : hw.efficiency.attention);
  const computeMs = (blocks * rows * op.flopsPerRow) / (peak * computeFrac / 1e3);
  // Occupancy limits how fast the KV cache streams; the few query and output bytes are not what waits.
  const memoryMs = op.kvBytes / (bwBytesPerMs(hw) * bwFrac) + op.actBytes / bwBytesPerMs(hw);
  // Decoding launches a combine kernel for the split-KV partial results; counted whether or not
  // this shape splits, so that a larger batch (fewer splits) never makes a step faster.
  const kernels = op.kernels + (op.prefill ? 0 : 1);
  return {
    workMs: softMax(computeMs, memoryMs, hw.efficiency.rooflineP),
    limiter: computeMs > memoryMs ? 'compute' : 'memory',
    launchMs: (kernels * hw.efficiency.kernelUs) / 1e3,
  };
}

function timeElementwise(op: ElementwiseOp, hw: GpuProfile): OpTiming {
  return { workMs: op.bytes / bwBytesPerMs(hw), limiter: 'memory', launchMs: (op.kernels * hw.efficiency.kernelUs) / 1e3 };
}

/** Ring all-reduce: each device sends and receives 2(tp−1)/tp of the bytes over its link, per direction. */
function timeAllReduce(op: AllReduceOp, hw: GpuProfile): OpTiming {
  const link = hw.link;
  if (!link) return { workMs: Infinity, limiter: 'network', launchMs: 0 };
  const wireMs = ((2 * (op.tp - 1)) / op.tp) * op.bytes / (link.bwBytesPerS / 1e3);
  return { workMs: wireMs + link.collectiveUs / 1e3, limiter: 'network', launchMs: (op.kernels * hw.efficiency.kernelUs) / 1e3 };
}

export function timeGpuOp(op: Op, hw: GpuProfile, o: CostOptions): OpTiming {
  switch (op.kind) {
    case 'gemm': return timeGemm(op, hw, o);
    case 'attention': return timeAttention(op, hw);
    case 'elementwise': return timeElementwise(op, hw);
    case 'allreduce': return timeAllReduce(op, hw);
  }
}
