/**
 * Time of each operator on a GPU: a roofline per kernel, with wave
 * quantization over the SMs for GEMMs, query-tile padding and occupancy for
 * flash attention, a soft max between compute and memory time, and a fixed
 * cost per kernel. Every efficiency comes from the profile.
 */
import type { GpuProfile } from '../catalog/hardware-schema.js';
import { attentionNumbers, fusedBytesPerSmClk, warmL2BytesPerSmClk, type FusedKernel } from '../catalog/kernel-numbers.js';
import { ATTENTION_BEHAVIOUR, maskedFamily, packsGqa, type AttentionKernel } from './kernels.js';
import { ACT_BYTES, kernelsOf, type AttentionOp, type CostOptions, type ElementwiseOp, type GemmOp, type Op, type AllReduceOp, type AllToAllOp } from './operators.js';

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

export function bwBytesPerMs(hw: GpuProfile): number {
  return (hw.memBwBytesPerS * hw.efficiency.memBw) / 1e3;
}

/** How the GEMM library runs one product: the output tile, K split into `splits` parts, and the time it takes. */
export interface GemmPlan {
  tile: readonly [number, number];
  splits: number;
  /** Thread blocks over the SMs (output tiles × splits). */
  blocks: number;
  /** Whether a tile waits on its operands (the L2 → SM feed) rather than on its math. */
  feedBound: boolean;
  ms: number;
}

/**
 * Split-K factors the library may take (cuBLAS/CUTLASS split-K: a skinny
 * product with too few output tiles to fill the SMs splits K, each part keeping
 * at least `MIN_SPLIT_K` of it, and a reduction adds the fp32 partial sums).
 */
const SPLITS = [1, 2, 4, 8, 16] as const;
const MIN_SPLIT_K = 256;
const PARTIAL_SUM_BYTES = 4;

/**
 * GEMM compute time as the library runs it. Output tiles (times K splits) are
 * spread over the SMs in waves, and a partial last wave costs a whole one. A
 * tile's time is the larger of its math and its operand feed: each K step
 * loads tm rows of A and tn columns of B from L2 into the SM, so small tiles
 * (few FLOPs per byte loaded) run below the tensor-core peak
 * (`efficiency.l2BytesPerSmClk`; absent: the feed never limits). Few tiles
 * split K so that more SMs work, paying a reduction of fp32 partial sums
 * through L2. The library's best (tile, split) for the shape is taken, as
 * cuBLAS's heuristics pick one from the profile's `gemmTiles`.
 */
export function gemmPlan(op: Pick<GemmOp, 'm' | 'n' | 'k' | 'groups'> & { weightBytes?: number }, hw: GpuProfile, peakFlops: number): GemmPlan {
  const perSmFlopsPerMs = (peakFlops * hw.efficiency.gemm) / hw.sms / 1e3;
  const l2 = hw.efficiency.l2BytesPerSmClk;
  const feedPerSmBytesPerMs = l2 === undefined ? Infinity : l2 * hw.clockMhz * 1e3;
  const reduceBytesPerMs = l2 === undefined ? bwBytesPerMs(hw) : feedPerSmBytesPerMs * hw.sms;
  // Bytes per weight element (int4, fp8 and fp4 weights feed fewer bytes per K step).
  const bBytes = op.weightBytes === undefined || op.weightBytes === 0 ? ACT_BYTES : op.weightBytes / (op.groups * op.n * op.k);
  let byShape = PLANS.get(hw.gemmTiles);
  if (!byShape) PLANS.set(hw.gemmTiles, (byShape = new Map()));
  // Every number the search reads (the tile list is the map's key), so a profile changed in place gets its own plans.
  const key = `${op.m} ${op.n} ${op.k} ${op.groups} ${bBytes} ${perSmFlopsPerMs} ${feedPerSmBytesPerMs} ${reduceBytesPerMs} ${hw.sms}`;
  let plan = byShape.get(key);
  if (!plan) {
    plan = bestPlan(op, hw.gemmTiles, hw.sms, bBytes, perSmFlopsPerMs, feedPerSmBytesPerMs, reduceBytesPerMs);
    if (byShape.size >= PLANS_PER_TILE_LIST) byShape.clear();
    byShape.set(key, plan);
  }
  return plan;
}

/**
 * Plans already searched, by tile list and shape: a simulation prices the same
 * GEMMs at every context bucket and every method (only attention depends on
 * the context), and the search over tiles × splits is most of a step's cost.
 * Measured on the quickstart: V8 compiled the search 3 times (~80 ms of CPU
 * on its background threads), now it runs once per shape. Plans are frozen
 * (shared by every caller).
 */
const PLANS = new WeakMap<readonly (readonly [number, number])[], Map<string, GemmPlan>>();
const PLANS_PER_TILE_LIST = 1 << 14;

function bestPlan(op: Pick<GemmOp, 'm' | 'n' | 'k' | 'groups'>, tilesOf: readonly (readonly [number, number])[], sms: number, bBytes: number, perSmFlopsPerMs: number, feedPerSmBytesPerMs: number, reduceBytesPerMs: number): GemmPlan {
  const { m, n, k: depth, groups } = op;
  // Plain indexed loops and the best kept in locals: V8 compiles this small (no iterators, no allocation per candidate).
  let bestMs = Infinity;
  let bestTile = 0;
  let bestSplits = 1;
  let bestBlocks = 0;
  let bestFeedBound = false;
  for (let t = 0; t < tilesOf.length; t++) {
    const tm = tilesOf[t]![0];
    const tn = tilesOf[t]![1];
    const tiles = groups * Math.ceil(m / tm) * Math.ceil(n / tn);
    for (let s = 0; s < SPLITS.length; s++) {
      const splits = SPLITS[s]!;
      if (splits > 1 && depth / splits < MIN_SPLIT_K) break;
      const k = depth / splits;
      const mathMs = (2 * tm * tn * k) / perSmFlopsPerMs;
      const feedMs = ((tm * ACT_BYTES + tn * bBytes) * k) / feedPerSmBytesPerMs;
      const blocks = tiles * splits;
      // Partial sums: each split writes, and the reduction reads, an fp32 m × n output.
      const reduceMs = splits > 1 ? (2 * splits * groups * m * n * PARTIAL_SUM_BYTES) / reduceBytesPerMs : 0;
      const ms = Math.ceil(blocks / sms) * Math.max(mathMs, feedMs) + reduceMs;
      if (ms < bestMs) { bestMs = ms; bestTile = t; bestSplits = splits; bestBlocks = blocks; bestFeedBound = feedMs > mathMs; }
    }
  }
  const [tm, tn] = tilesOf[bestTile]!;
  return Object.freeze({ tile: [tm, tn] as const, splits: bestSplits, blocks: bestBlocks, feedBound: bestFeedBound, ms: bestMs });
}

export function gemmComputeMs(op: Pick<GemmOp, 'm' | 'n' | 'k' | 'groups'> & { weightBytes?: number }, hw: GpuProfile, peakFlops: number): number {
  return gemmPlan(op, hw, peakFlops).ms;
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

/** How an attention family lays out one attention op: what `specsim cost` explains and the timing uses. */
export interface AttentionLayout {
  family: AttentionKernel;
  /** Query heads of a KV group share a tile (the KV head is read once per group). */
  packed: boolean;
  /** Thread blocks before any KV split, and query rows per block. */
  blocks: number;
  rows: number;
  /** KV-length splits per block (flash-decoding). */
  splits: number;
  /** Bytes of KV cache streamed from memory. */
  kvTrafficBytes: number;
}

export function attentionLayout(op: AttentionOp, hw: GpuProfile, family: AttentionKernel): AttentionLayout {
  const beh = ATTENTION_BEHAVIOUR[family];
  const group = op.heads / op.kvHeads;
  const rows = op.prefill ? beh.prefillRows : beh.decodeRows;
  const packed = !op.prefill && (op.packHeads === true ? group > 1 : packsGqa(beh.packGqa, op.queryTokens, group, rows, op.callQueryTokens));
  const slices = op.batch * (packed ? op.kvHeads : op.heads);
  const tiles = Math.ceil((packed ? op.queryTokens * group : op.queryTokens) / rows);
  const blocks = slices * tiles;
  // Continuous in the KV length, so that more context never makes a step faster.
  const splits = beh.splitKv && !op.prefill && blocks < hw.sms ? Math.max(1, Math.min(hw.sms / blocks, op.kvLen / 128)) : 1;
  // Unpacked, each query head of a group gets its own (padded) tile and reads the shared KV head
  // itself; those re-reads hit L2 (the Llama-3-8B calibration steps show no extra memory traffic),
  // so what grouped-query attention loses at q > 1 is tile compute, not bandwidth.
  return { family, packed, blocks, rows, splits, kvTrafficBytes: op.kvBytes };
}

/**
 * Dense flash-style attention: one thread block per (sequence, head slice,
 * query tile), occupancy-limited bandwidth, padded tiles of compute. When there
 * are too few blocks to fill the SMs the KV length is split across blocks
 * (flash-decoding) and a combine kernel merges the partial results.
 */
function timeFlashAttention(op: AttentionOp, hw: GpuProfile, family: AttentionKernel): OpTiming {
  const L = attentionLayout(op, hw, family);
  const nums = attentionNumbers(hw, family);
  const active = L.blocks * L.splits;
  const computeFrac = Math.min(1, active / hw.sms);
  const bwFrac = Math.min(1, (active * hw.efficiency.blockBwShare) / hw.sms);
  const frac = op.prefill
    ? (family === 'flash2-dense' ? hw.efficiency.attention : nums.attention ?? hw.efficiency.attention)
    : (family === 'flash2-dense' ? hw.efficiency.decodeAttention : nums.decodeAttention ?? hw.efficiency.decodeAttention);
  const peak = hw.flopsPerS.bf16 * hw.efficiency.gemm * frac;
  const flopsPerRow = 4 * op.attendLen * op.headDim;
  const computeMs = (L.blocks * L.rows * flopsPerRow) / (peak * computeFrac / 1e3);
  // Occupancy limits how fast the KV cache streams; the few query and output bytes are not what waits.
  const memoryMs = L.kvTrafficBytes / (bwBytesPerMs(hw) * bwFrac) + op.actBytes / bwBytesPerMs(hw);
  // Decoding launches a combine kernel for the split-KV partial results; counted whether or not
  // this shape splits, so that a larger batch (fewer splits) never makes a step faster.
  const kernels = op.kernels + (op.prefill || !ATTENTION_BEHAVIOUR[family].splitKv ? 0 : 1);
  return {
    workMs: softMax(computeMs, memoryMs, hw.efficiency.rooflineP),
    limiter: computeMs > memoryMs ? 'compute' : 'memory',
    launchMs: (kernels * hw.efficiency.kernelUs) / 1e3,
  };
}

/**
 * Paged attention of a serving engine (KV cache in blocks): fixed costs per
 * call and per sequence (block tables, partial results) plus streaming the KV
 * cache; a prompt attends its cached prefix and its own tokens (causal) in two
 * calls at their own efficiencies.
 */
function timePagedAttention(op: AttentionOp, hw: GpuProfile, family: AttentionKernel): OpTiming {
  const nums = attentionNumbers(hw, family);
  const peak = hw.flopsPerS.bf16 * hw.efficiency.gemm;
  const fixedMs = ((nums.perCallUs ?? 0) + op.batch * (nums.perSeqUs ?? 0)) / 1e3;
  const bw = (hw.memBwBytesPerS * (nums.pagedBw ?? hw.efficiency.memBw)) / 1e3;
  if (op.prefill) {
    const rowFlops = op.batch * op.heads * op.queryTokens * 4 * op.headDim;
    const causalMs = (rowFlops * (op.queryTokens + 1) / 2) / (peak * (nums.prefillCausal ?? hw.efficiency.attention) / 1e3);
    const prefixCompute = (rowFlops * op.context) / (peak * (nums.prefillPrefix ?? hw.efficiency.attention) / 1e3);
    const prefixMs = softMax(prefixCompute, op.kvBytes / bw, hw.efficiency.rooflineP);
    return { workMs: causalMs + prefixMs, limiter: 'compute', launchMs: fixedMs + (op.context > 0 ? 2 : 1) * hw.efficiency.kernelUs / 1e3 };
  }
  const L = attentionLayout(op, hw, family);
  const active = L.blocks * L.splits;
  const bwFrac = Math.min(1, (active * hw.efficiency.blockBwShare) / hw.sms);
  const computeMs = (L.blocks * L.rows * 4 * op.attendLen * op.headDim) / (peak * (nums.decodeAttention ?? hw.efficiency.decodeAttention) * Math.min(1, active / hw.sms) / 1e3);
  const memoryMs = L.kvTrafficBytes / (bw * bwFrac) + op.actBytes / bw;
  return {
    workMs: softMax(computeMs, memoryMs, hw.efficiency.rooflineP),
    limiter: computeMs > memoryMs ? 'compute' : 'memory',
    launchMs: fixedMs + (op.kernels * hw.efficiency.kernelUs) / 1e3,
  };
}

/** The attention family an op runs: the chosen one, or its masked kernel for a tree verify. */
export function attentionFamilyOf(op: AttentionOp, o: CostOptions): AttentionKernel {
  const family = kernelsOf(o).attention;
  return op.treeMask === true ? maskedFamily(family) : family;
}

function timeAttention(op: AttentionOp, hw: GpuProfile, o: CostOptions): OpTiming {
  const family = attentionFamilyOf(op, o);
  return ATTENTION_BEHAVIOUR[family].paged ? timePagedAttention(op, hw, family) : timeFlashAttention(op, hw, family);
}

/** Bytes per ms an SM-bound elementwise kernel moves: SMs × clock × bytes per SM clock. */
export function smBoundBytesPerMs(hw: GpuProfile, bytesPerSmClk: number): number {
  return hw.sms * hw.clockMhz * 1e3 * bytesPerSmClk;
}

/**
 * Time to stream `bytes` of contiguous operands: at copy speed, or, when the
 * operands were left in L2 (`warmL2`), the part that fits in L2 at the
 * warm-L2 rate (bytes per SM clock, `data/kernels.json`) and the rest from memory.
 */
function streamMs(bytes: number, hw: GpuProfile, o: CostOptions): number {
  const warm = o.warmL2 === true && hw.l2Bytes !== undefined ? warmL2BytesPerSmClk(hw) : undefined;
  if (warm === undefined) return bytes / bwBytesPerMs(hw);
  const hit = Math.min(1, hw.l2Bytes! / bytes);
  const l2BytesPerMs = Math.max(smBoundBytesPerMs(hw, warm), bwBytesPerMs(hw));
  return (bytes * hit) / l2BytesPerMs + (bytes * (1 - hit)) / bwBytesPerMs(hw);
}

/** Contiguous elementwise work streams at copy speed; strided or fused kernels are SM-bound (and never beat copy speed). */
function timeElementwise(op: ElementwiseOp, hw: GpuProfile, o: CostOptions): OpTiming {
  const copyMs = streamMs(op.bytes, hw, o);
  const launchMs = (op.kernels * hw.efficiency.kernelUs) / 1e3;
  if (op.rate === 'copy') return { workMs: copyMs, limiter: 'memory', launchMs };
  const perSmClk = op.rate === 'strided' ? hw.efficiency.elementwiseBytesPerSmClk : fusedBytesPerSmClk(hw, op.rate.slice('fused-'.length) as FusedKernel);
  const smMs = op.bytes / smBoundBytesPerMs(hw, perSmClk);
  return { workMs: Math.max(copyMs, smMs), limiter: smMs > copyMs ? 'compute' : 'memory', launchMs };
}

/** Ring all-reduce: each device sends and receives 2(tp−1)/tp of the bytes over its link, per direction. */
function timeAllReduce(op: AllReduceOp, hw: GpuProfile): OpTiming {
  const link = hw.link;
  if (!link) return { workMs: Infinity, limiter: 'network', launchMs: 0 };
  const wireMs = ((2 * (op.tp - 1)) / op.tp) * op.bytes / (link.bwBytesPerS / 1e3);
  return { workMs: wireMs + link.collectiveUs / 1e3, limiter: 'network', launchMs: (op.kernels * hw.efficiency.kernelUs) / 1e3 };
}

/**
 * All-to-all among `ep` GPUs over NVLink-class links: each GPU sends its
 * bytes and receives as many, at the link's per-direction bandwidth, plus the
 * collective's fixed cost.
 */
function timeAllToAll(op: AllToAllOp, hw: GpuProfile): OpTiming {
  const link = hw.link;
  if (!link) return { workMs: Infinity, limiter: 'network', launchMs: 0 };
  return { workMs: op.bytes / (link.bwBytesPerS / 1e3) + link.collectiveUs / 1e3, limiter: 'network', launchMs: (op.kernels * hw.efficiency.kernelUs) / 1e3 };
}

export function timeGpuOp(op: Op, hw: GpuProfile, o: CostOptions): OpTiming {
  switch (op.kind) {
    case 'gemm': return timeGemm(op, hw, o);
    case 'attention': return timeAttention(op, hw, o);
    case 'elementwise': return timeElementwise(op, hw, o);
    case 'allreduce': return timeAllReduce(op, hw);
    case 'alltoall': return timeAllToAll(op, hw);
  }
}
