/**
 * The vocabulary of a step's operators: step shapes, cost options, dtypes and
 * the operator kinds with their builders. `operators.ts` composes a model's
 * operators from these; the model-specific parts (`mla.ts`, `moe.ts`,
 * `sliding.ts`) build theirs from them too, below `operators.ts`.
 */
import type { DrafterPart } from '../catalog/model-shape.js';
import { DEFAULT_KERNELS, type KernelChoice } from './kernels.js';

export type WeightDtype = 'bf16' | 'fp16' | 'fp8' | 'int8' | 'int4' | 'fp4';
export type KvDtype = 'bf16' | 'fp16' | 'fp8' | 'int8';

export const WEIGHT_DTYPES: readonly WeightDtype[] = ['bf16', 'fp16', 'fp8', 'int8', 'int4', 'fp4'];
export const KV_DTYPES: readonly KvDtype[] = ['bf16', 'fp16', 'fp8', 'int8'];

/** Bytes per stored weight. int4 is weight-only (scales amortized away); fp4 (NVFP4/MXFP4) runs fp4 math where the GPU has it. */
export const WEIGHT_BYTES: Record<WeightDtype, number> = { bf16: 2, fp16: 2, fp8: 1, int8: 1, int4: 0.5, fp4: 0.5 };
export const KV_BYTES: Record<KvDtype, number> = { bf16: 2, fp16: 2, fp8: 1, int8: 1 };
/** Activations stay in 16-bit. */
export const ACT_BYTES = 2;

export interface StepShape {
  /** Sequences in the step. */
  batch: number;
  /** New tokens per sequence. */
  tokens: number;
  /** Tokens already cached per sequence. */
  context: number;
  /** Prefill attends causally within the new tokens; decode/verify attend to all of them (tree or chain mask). */
  phase: 'decode' | 'prefill';
  /**
   * The new tokens are a branching tree of drafts (a verify step): each
   * attends only to its ancestors, so attention takes an explicit mask and runs
   * the family's masked kernel (`ATTENTION_BEHAVIOUR[family].treeMask`).
   * Absent or false: no mask (a chain, decode, or a causal prompt).
   */
  tree?: boolean;
}

/**
 * A step that mixes groups of rows of different shapes: decode or verify rows
 * with their contexts beside prefill chunks (Sarathi-style chunked prefill).
 * The linear layers run once on every group's rows together (weights are read
 * once); attention runs per group. A uniform step is one group.
 */
export interface MixedStep {
  groups: readonly StepShape[];
}

/** The groups of a step (a uniform step is its own single group). */
export function stepGroups(s: StepShape | MixedStep): readonly StepShape[] {
  return 'groups' in s ? s.groups : [s];
}

/** New tokens of the whole step (rows of the linear layers). */
export function stepRows(s: StepShape | MixedStep): number {
  if (!('groups' in s)) return s.batch * s.tokens;
  let m = 0;
  for (const g of s.groups) m += g.batch * g.tokens;
  return m;
}

export interface CostOptions {
  weightDtype: WeightDtype;
  kvDtype: KvDtype;
  /** Tensor-parallel degree (GPUs sharing each layer). */
  tp: number;
  /** Steps replayed from a CUDA graph (true) or launched eagerly from Python (false). */
  cudaGraphs: boolean;
  /**
   * Which attention kernel and elementwise fusion level run (`cost/kernels.ts`).
   * Optional; the default is the PyTorch harness the H100 profile was calibrated on.
   */
  kernels?: KernelChoice;
  /**
   * Operands are left in L2 by the previous run of the same operator (a
   * microbenchmark repeating one op on the same tensors, as Vidur's profiler
   * does; never a model step, whose weights stream through L2 between ops).
   */
  warmL2?: boolean;
  /**
   * Expert-parallel GPUs (MoE models): the routed experts are split whole over
   * `ep` GPUs instead of every GPU holding a slice of every expert. Without
   * `dpAttention`, ep equals tp (EP inside the tensor-parallel group: every GPU
   * holds every token, and the all-reduce after the FFN combines the experts'
   * outputs). Absent: 1.
   */
  ep?: number;
  /**
   * Data-parallel attention beside expert parallelism (SGLang
   * `--enable-dp-attention`, vLLM `--data-parallel-size` with
   * `--enable-expert-parallel`): ep / tp attention replicas of tp GPUs each run
   * their own share of the batch (attention, dense layers, shared experts, LM
   * head), and each MoE layer sends tokens to the GPUs holding their experts
   * and back (an all-to-all dispatch and combine).
   */
  dpAttention?: boolean;
}

/** Expert-parallel degree (1 without EP). */
export function epOf(o: Pick<CostOptions, 'ep'>): number {
  return o.ep ?? 1;
}

/** Attention replicas: ep / tp with data-parallel attention, else 1. */
export function attentionReplicas(o: Pick<CostOptions, 'ep' | 'tp' | 'dpAttention'>): number {
  return o.dpAttention === true ? Math.max(1, epOf(o) / o.tp) : 1;
}

/** GPUs one copy of the model runs on: ep with data-parallel attention, else tp. */
export function devicesOf(o: Pick<CostOptions, 'ep' | 'tp' | 'dpAttention'>): number {
  return o.dpAttention === true ? Math.max(o.tp, epOf(o)) : o.tp;
}

/**
 * Expected number of *other* GPUs one token's top-k experts live on, with
 * `count` experts split evenly over `ep` GPUs and the k experts distinct and
 * uniform: (ep − 1) · (1 − C(count − count/ep, k) / C(count, k)). A token is
 * sent once to each such GPU (DeepEP and pplx deduplicate per GPU).
 */
export function remoteGpusPerToken(count: number, topK: number, ep: number): number {
  if (ep <= 1) return 0;
  const perGpu = count / ep;
  let miss = 1;
  for (let i = 0; i < topK; i++) miss *= Math.max(0, count - perGpu - i) / (count - i);
  return (ep - 1) * (1 - miss);
}

export const DEFAULT_COST_OPTIONS: CostOptions = { weightDtype: 'bf16', kvDtype: 'bf16', tp: 1, cudaGraphs: true };

export function kernelsOf(o: Pick<CostOptions, 'kernels'>): KernelChoice {
  return o.kernels ?? DEFAULT_KERNELS;
}

/**
 * Where an operator's time is reported in the breakdown: a decoder's parts,
 * or the name a derived model's forward pass gives its own (Medusa's heads,
 * EAGLE's FC, an MTP module's eh_proj, EAGLE-3's d2t map: `DrafterPart`'s
 * group, catalog/derived-models.ts).
 */
export type OpGroup =
  | Extract<DrafterPart, { part: 'pass' | 'proj' }>['group']
  | 'embed' | 'qkv' | 'rope' | 'kvWrite' | 'attention' | 'oProj' | 'mlp' | 'router' | 'experts'
  | 'norms' | 'lmHead' | 'allReduce'
  // Multi-head latent attention (cost/mla.ts) and shared experts (cost/moe.ts).
  | 'mlaProj' | 'mlaAbsorb' | 'mlaKvUp' | 'mlaAttention' | 'sharedExperts'
  // Expert parallelism with data-parallel attention: tokens to their experts' GPUs and back.
  | 'allToAll';

interface OpBase {
  group: OpGroup;
  /** How many times the operator runs per step (e.g. once per layer). */
  repeat: number;
  /** Kernels launched per run. */
  kernels: number;
}

/** A matrix product [m × k] · [k × n], `groups` independent ones in one kernel (MoE experts). */
export interface GemmOp extends OpBase {
  kind: 'gemm';
  m: number;
  n: number;
  k: number;
  groups: number;
  weightBytes: number;
  actBytes: number;
  flops: number;
}

/**
 * Attention over the KV cache plus the new tokens, as a shape: how the work is
 * tiled (whether query heads of a KV group share a tile, whether the KV length
 * is split) is the attention kernel family's choice (`cost/kernels.ts`), timed
 * in `cost/gpu.ts`.
 */
export interface AttentionOp extends OpBase {
  kind: 'attention';
  batch: number;
  /** Query and KV heads on this device. */
  heads: number;
  kvHeads: number;
  headDim: number;
  /** New tokens per sequence (query rows per head). */
  queryTokens: number;
  /**
   * The most new tokens of any sequence in the same kernel call, where that
   * differs: a mixed step's row groups share one varlen call, and a family
   * that decides by the call's longest query (FlashAttention-2 folds the
   * query-head group only when max_seqlen_q == 1) decides by this.
   */
  callQueryTokens?: number;
  /** Tokens already cached per sequence. */
  context: number;
  /** Causal attention within a prompt (prefill); decode/verify attend to every new token. */
  prefill: boolean;
  /** Keys each query attends to, on average. */
  attendLen: number;
  /** Keys stored per sequence. */
  kvLen: number;
  /** KV-cache bytes of all sequences, each KV head read once. */
  kvBytes: number;
  /** Query and output bytes. */
  actBytes: number;
  /** Useful FLOPs (QKᵀ and PV). */
  flops: number;
  /**
   * The kernel folds every query head sharing a KV head into its tiles' rows,
   * whatever the family's rule (MLA decode kernels, FlashMLA and FlashInfer's
   * MLA, always run the heads over the one latent as multi-query attention).
   */
  packHeads?: boolean;
  /** An explicit tree mask (a tree verify): timed with the family's masked kernel. */
  treeMask?: boolean;
}

/**
 * Elementwise work. `rate` says what limits it: `copy` (contiguous,
 * vectorized: copy bandwidth, e.g. a residual add), `strided` (PyTorch ops on
 * non-contiguous views and norms: SM-bound, the profile's
 * `elementwiseBytesPerSmClk`), `fused-*` (a serving engine's fused kernels:
 * SM-bound at their rates in `data/kernels.json`).
 */
export interface ElementwiseOp extends OpBase {
  kind: 'elementwise';
  bytes: number;
  rate: 'copy' | 'strided' | 'fused-norm' | 'fused-rope' | 'fused-act';
}

/** A ring all-reduce of `bytes` over `tp` devices. */
export interface AllReduceOp extends OpBase {
  kind: 'allreduce';
  bytes: number;
  tp: number;
}

/**
 * An all-to-all among `ep` GPUs: each GPU sends `bytes` (and receives about
 * as many) over its link: the MoE dispatch of tokens to their experts' GPUs,
 * or the combine of the experts' outputs back.
 */
export interface AllToAllOp extends OpBase {
  kind: 'alltoall';
  bytes: number;
  ep: number;
}

export type Op = GemmOp | AttentionOp | ElementwiseOp | AllReduceOp | AllToAllOp;

export function gemm(group: OpGroup, repeat: number, m: number, n: number, k: number, wBytes: number, groups = 1, kernels = 1): GemmOp {
  return {
    kind: 'gemm', group, repeat, kernels, m, n, k, groups,
    weightBytes: groups * n * k * wBytes,
    actBytes: groups * m * (n + k) * ACT_BYTES,
    flops: 2 * groups * m * n * k,
  };
}

export function elementwise(group: OpGroup, repeat: number, kernels: number, bytes: number, rate: ElementwiseOp['rate'] = 'copy'): ElementwiseOp {
  return { kind: 'elementwise', group, repeat, kernels, bytes, rate };
}


/** Expected number of distinct experts hit when `tokens` tokens each pick topK of `count` uniformly. */
export function distinctExperts(count: number, topK: number, tokens: number): number {
  return count * (1 - Math.pow(1 - topK / count, tokens));
}
