/**
 * The operators of one forward step, counted in FLOPs and bytes, independent
 * of hardware. A step is `batch` sequences, each with `context` tokens already
 * in the KV cache and `tokens` new tokens (1 = decode; q > 1 = verification of
 * a chain or a tree of q nodes; a prompt of `tokens` tokens = prefill).
 *
 * Kernel counts follow the implementation the H100 calibration measured
 * (`data/calibration/h100-README.md`): PyTorch ops captured in a CUDA graph.
 */
import type { ModelSpec } from '../catalog/model-schema.js';
import { headDim } from '../catalog/models.js';
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
}

export const DEFAULT_COST_OPTIONS: CostOptions = { weightDtype: 'bf16', kvDtype: 'bf16', tp: 1, cudaGraphs: true };

export function kernelsOf(o: Pick<CostOptions, 'kernels'>): KernelChoice {
  return o.kernels ?? DEFAULT_KERNELS;
}

/** Where an operator's time is reported in the breakdown. */
export type OpGroup =
  | 'embed' | 'qkv' | 'rope' | 'kvWrite' | 'attention' | 'oProj' | 'mlp' | 'router' | 'experts'
  | 'norms' | 'lmHead' | 'medusaHeads' | 'eagleFc' | 'allReduce';

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

export type Op = GemmOp | AttentionOp | ElementwiseOp | AllReduceOp;

function gemm(group: OpGroup, repeat: number, m: number, n: number, k: number, wBytes: number, groups = 1, kernels = 1): GemmOp {
  return {
    kind: 'gemm', group, repeat, kernels, m, n, k, groups,
    weightBytes: groups * n * k * wBytes,
    actBytes: groups * m * (n + k) * ACT_BYTES,
    flops: 2 * groups * m * n * k,
  };
}

function elementwise(group: OpGroup, repeat: number, kernels: number, bytes: number, rate: ElementwiseOp['rate'] = 'copy'): ElementwiseOp {
  return { kind: 'elementwise', group, repeat, kernels, bytes, rate };
}


/** Expected number of distinct experts hit when `tokens` tokens each pick topK of `count` uniformly. */
export function distinctExperts(count: number, topK: number, tokens: number): number {
  return count * (1 - Math.pow(1 - topK / count, tokens));
}

/**
 * Attention of one group of rows (same new tokens and context per sequence),
 * split over `tp` devices, and the harness's copy of SDPA's output into rows.
 */
function attentionOps(model: ModelSpec, s: StepShape, o: CostOptions, repeat: number, fused: boolean): Op[] {
  const d = headDim(model);
  const heads = model.heads / o.tp;
  const kvHeads = Math.max(1, model.kvHeads / o.tp);
  const m = s.batch * s.tokens;
  const kvb = KV_BYTES[o.kvDtype];
  const oneToken = s.tokens === 1 && s.phase === 'decode';
  const kvLen = s.context + s.tokens;
  const prefill = s.phase === 'prefill';
  // Causal prefill attends to half the new tokens on average; a verification
  // mask (chain or tree) is computed block-wise, so all new tokens are visited.
  const attendLen = prefill ? s.context + (s.tokens + 1) / 2 : kvLen;
  const flopsPerRow = 4 * attendLen * d;
  const ops: Op[] = [{
    kind: 'attention', group: 'attention', repeat, kernels: 1,
    batch: s.batch, heads, kvHeads, headDim: d, queryTokens: s.tokens, context: s.context, prefill,
    attendLen, kvLen,
    kvBytes: s.batch * kvLen * 2 * kvHeads * d * kvb,
    actBytes: 2 * m * heads * d * ACT_BYTES,
    flops: s.batch * heads * s.tokens * flopsPerRow,
  }];
  // The harness turns SDPA's [b, heads, q, d] output into [b·q, heads·d] rows: one strided copy.
  if (!fused && !oneToken) ops.push(elementwise('attention', repeat, 1, 2 * m * heads * d * ACT_BYTES, 'strided'));
  return ops;
}

/** The operators of one decoder layer (attention + MLP or MoE), split over `tp` devices. */
function decoderLayerOps(model: ModelSpec, step: StepShape | MixedStep, o: CostOptions, repeat: number): Op[] {
  const { hidden: h, intermediate: inter } = model;
  const d = headDim(model);
  const tp = o.tp;
  const heads = model.heads / tp;
  const kvHeads = Math.max(1, model.kvHeads / tp);
  const m = stepRows(step);
  const wb = WEIGHT_BYTES[o.weightDtype];
  const kvb = KV_BYTES[o.kvDtype];
  const ops: Op[] = [];

  const fused = kernelsOf(o).fusion === 'fused';
  // SM-bound elementwise work: PyTorch ops on strided views, or an engine's fused kernels.
  const sm = (k: 'norm' | 'rope' | 'act'): ElementwiseOp['rate'] => (fused ? `fused-${k}` : 'strided');
  const qkBytes = m * (heads + kvHeads) * d * ACT_BYTES;

  ops.push(elementwise('norms', repeat, 1, 2 * m * h * ACT_BYTES, sm('norm')));
  ops.push(gemm('qkv', repeat, m, (heads + 2 * kvHeads) * d, h, wb));
  // RoPE. Harness: x*cos + cat(-x2, x1)*sin per tensor = 5 kernels moving 10 tensor-sizes
  // (mul 2, neg 1, cat 2, mul 2, add 3). Engine: one in-place rotary kernel over q and k (read + write).
  // With one new token the transposed views are contiguous (a size-1 dimension has no stride), so
  // PyTorch takes its vectorized path: copy speed, and no copy to turn SDPA's output into rows.
  const oneToken = stepGroups(step).every((g) => g.tokens === 1 && g.phase === 'decode');
  if (fused) ops.push(elementwise('rope', repeat, 1, 2 * qkBytes, sm('rope')));
  else ops.push(elementwise('rope', repeat, 10, 10 * qkBytes, oneToken ? 'copy' : sm('rope')));
  // K and V into the cache: two strided copies, or the engine's one reshape_and_cache kernel.
  ops.push(elementwise('kvWrite', repeat, fused ? 1 : 2, 2 * m * kvHeads * d * (ACT_BYTES + kvb), sm('rope')));

  for (const g of stepGroups(step)) ops.push(...attentionOps(model, g, o, repeat, fused));

  ops.push(gemm('oProj', repeat, m, h, heads * d, wb));
  if (tp > 1) ops.push({ kind: 'allreduce', group: 'allReduce', repeat, kernels: 1, bytes: m * h * ACT_BYTES, tp });
  ops.push(elementwise('norms', repeat, 1, 3 * m * h * ACT_BYTES)); // residual add (contiguous)
  ops.push(elementwise('norms', repeat, 1, 2 * m * h * ACT_BYTES, sm('norm')));

  if (model.experts) {
    const { count, topK } = model.experts;
    const hit = distinctExperts(count, topK, m);
    ops.push(gemm('router', repeat, m, count, h, wb));
    // Top-k softmax, token sort/alignment: small routing kernels.
    ops.push(elementwise('router', repeat, 3, m * count * 4 + m * topK * 8));
    const mPerExpert = (m * topK) / hit;
    ops.push(gemm('experts', repeat, mPerExpert, (2 * inter) / tp, h, wb, hit));
    ops.push(elementwise('experts', repeat, fused ? 1 : 2, (fused ? 3 : 5) * m * topK * (inter / tp) * ACT_BYTES, sm('act')));
    ops.push(gemm('experts', repeat, mPerExpert, h, inter / tp, wb, hit));
    ops.push(elementwise('experts', repeat, 1, m * topK * h * ACT_BYTES * 2)); // weighted sum of expert outputs
  } else {
    ops.push(gemm('mlp', repeat, m, (2 * inter) / tp, h, wb));
    // SiLU(gate) · up on the halves of the gate+up output: two strided kernels (5 passes), or one fused (read 2, write 1).
    ops.push(elementwise('mlp', repeat, fused ? 1 : 2, (fused ? 3 : 5) * m * (inter / tp) * ACT_BYTES, sm('act')));
    ops.push(gemm('mlp', repeat, m, h, inter / tp, wb));
  }
  if (tp > 1) ops.push({ kind: 'allreduce', group: 'allReduce', repeat, kernels: 1, bytes: m * h * ACT_BYTES, tp });
  ops.push(elementwise('norms', repeat, 1, 3 * m * h * ACT_BYTES)); // residual add (contiguous)
  return ops;
}

function lmHeadOps(model: ModelSpec, m: number, o: CostOptions, repeat = 1): Op[] {
  const wb = WEIGHT_BYTES[o.weightDtype];
  const ops: Op[] = [gemm('lmHead', repeat, m, model.vocab / o.tp, model.hidden, wb)];
  // Vocabulary-parallel logits are gathered across devices.
  if (o.tp > 1) ops.push({ kind: 'allreduce', group: 'allReduce', repeat, kernels: 1, bytes: (m * model.vocab * ACT_BYTES) / 2, tp: o.tp });
  return ops;
}

/**
 * Every operator of one step of `model` with shape `s`. Logits are computed
 * for every new token (verification needs them all; the calibration harness
 * does the same for prefill).
 */
export function stepOperators(model: ModelSpec, s: StepShape | MixedStep, o: CostOptions): Op[] {
  const m = stepRows(s);
  const h = model.hidden;
  const wb = WEIGHT_BYTES[o.weightDtype];
  switch (model.kind) {
    case 'medusa-heads': {
      // Medusa-1: per head a residual block SiLU(W·x + b) + x, then its own LM head.
      const k = model.medusaHeads ?? 1;
      return [
        gemm('medusaHeads', k, m, h / o.tp, h, wb),
        elementwise('medusaHeads', k, 2, 4 * m * h * ACT_BYTES),
        ...lmHeadOps(model, m, o, k),
      ];
    }
    case 'eagle-draft': {
      // EAGLE: embed the tokens, concatenate with the target's features, FC 2h → h, one decoder layer, shared LM head.
      return [
        elementwise('embed', 1, 2, 3 * m * h * ACT_BYTES),
        gemm('eagleFc', 1, m, h / o.tp, 2 * h, wb),
        ...decoderLayerOps(model, s, o, 1),
        ...lmHeadOps(model, m, o),
      ];
    }
    case 'decoder':
      return [
        elementwise('embed', 1, 1, 2 * m * h * ACT_BYTES),
        ...decoderLayerOps(model, s, o, model.layers),
        elementwise('norms', 1, 1, 2 * m * h * ACT_BYTES, kernelsOf(o).fusion === 'fused' ? 'fused-norm' : 'strided'),
        ...lmHeadOps(model, m, o),
      ];
  }
}
