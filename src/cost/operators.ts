/**
 * The operators of one forward step, counted in FLOPs and bytes, independent
 * of hardware. A step is `batch` sequences, each with `context` tokens already
 * in the KV cache and `tokens` new tokens (1 = decode; q > 1 = verification of
 * a chain or a tree of q nodes; a prompt of `tokens` tokens = prefill).
 *
 * Kernel counts follow the implementation the H100 calibration measured
 * (`shared/calibration/h100/README.md`): PyTorch ops captured in a CUDA graph.
 */
import type { ModelSpec } from '../catalog/model-schema.js';
import { headDim } from '../catalog/models.js';

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

export interface CostOptions {
  weightDtype: WeightDtype;
  kvDtype: KvDtype;
  /** Tensor-parallel degree (GPUs sharing each layer). */
  tp: number;
  /** Steps replayed from a CUDA graph (true) or launched eagerly from Python (false). */
  cudaGraphs: boolean;
}

export const DEFAULT_COST_OPTIONS: CostOptions = { weightDtype: 'bf16', kvDtype: 'bf16', tp: 1, cudaGraphs: true };

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
 * Attention over the KV cache plus the new tokens. The grid is one thread
 * block per (sequence, head slice, query tile): a prompt's heads are separate
 * slices; when decoding or verifying, the query heads that share a KV head are
 * packed into one slice's rows (grouped-query packing, as flash-decoding does).
 */
export interface AttentionOp extends OpBase {
  kind: 'attention';
  /** (sequence, head slice) pairs. */
  slices: number;
  /** Query rows per slice, before padding to the block size. */
  queryRows: number;
  /** FLOPs per query row (QKᵀ and PV over `attendLen` keys). */
  flopsPerRow: number;
  /** An explicit (chain or tree) mask: decode/verify with more than one new token. */
  masked: boolean;
  /** Causal attention within a prompt (prefill). */
  prefill: boolean;
  /** Keys each query attends to, on average. */
  attendLen: number;
  /** Keys stored per sequence (read from memory once). */
  kvLen: number;
  kvBytes: number;
  actBytes: number;
  flops: number;
}

/** Bandwidth-bound elementwise work (norms, RoPE, SiLU·mul, residual adds, KV writes). */
export interface ElementwiseOp extends OpBase {
  kind: 'elementwise';
  bytes: number;
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

function elementwise(group: OpGroup, repeat: number, kernels: number, bytes: number): ElementwiseOp {
  return { kind: 'elementwise', group, repeat, kernels, bytes };
}


/** Expected number of distinct experts hit when `tokens` tokens each pick topK of `count` uniformly. */
export function distinctExperts(count: number, topK: number, tokens: number): number {
  return count * (1 - Math.pow(1 - topK / count, tokens));
}

/** The operators of one decoder layer (attention + MLP or MoE), split over `tp` devices. */
function decoderLayerOps(model: ModelSpec, s: StepShape, o: CostOptions, repeat: number): Op[] {
  const { hidden: h, intermediate: inter } = model;
  const d = headDim(model);
  const tp = o.tp;
  const heads = model.heads / tp;
  const kvHeads = Math.max(1, model.kvHeads / tp);
  const m = s.batch * s.tokens;
  const wb = WEIGHT_BYTES[o.weightDtype];
  const kvb = KV_BYTES[o.kvDtype];
  const ops: Op[] = [];

  ops.push(elementwise('norms', repeat, 1, 2 * m * h * ACT_BYTES));
  ops.push(gemm('qkv', repeat, m, (heads + 2 * kvHeads) * d, h, wb));
  // RoPE on q and k: cos/sin gather, rotate-half, two muls and an add per tensor.
  ops.push(elementwise('rope', repeat, 6, 3 * 2 * m * (heads + kvHeads) * d * ACT_BYTES));
  ops.push(elementwise('kvWrite', repeat, 2, 2 * m * kvHeads * d * (ACT_BYTES + kvb)));

  const kvLen = s.context + s.tokens;
  // Causal prefill attends to half the new tokens on average; a verification
  // mask (chain or tree) is computed block-wise, so all new tokens are visited.
  const attendLen = s.phase === 'prefill' ? s.context + (s.tokens + 1) / 2 : kvLen;
  const flopsPerRow = 4 * attendLen * d;
  const prefill = s.phase === 'prefill';
  const group = heads / kvHeads;
  ops.push({
    kind: 'attention', group: 'attention', repeat, kernels: 1,
    slices: s.batch * (prefill ? heads : kvHeads),
    queryRows: prefill ? s.tokens : s.tokens * group,
    flopsPerRow, masked: !prefill && s.tokens > 1, prefill, attendLen, kvLen,
    kvBytes: s.batch * kvLen * 2 * kvHeads * d * kvb,
    actBytes: 2 * m * heads * d * ACT_BYTES,
    flops: s.batch * heads * s.tokens * flopsPerRow,
  });

  ops.push(gemm('oProj', repeat, m, h, heads * d, wb));
  if (tp > 1) ops.push({ kind: 'allreduce', group: 'allReduce', repeat, kernels: 1, bytes: m * h * ACT_BYTES, tp });
  ops.push(elementwise('norms', repeat, 2, 3 * m * h * ACT_BYTES + 2 * m * h * ACT_BYTES)); // residual add + norm

  if (model.experts) {
    const { count, topK } = model.experts;
    const hit = distinctExperts(count, topK, m);
    ops.push(gemm('router', repeat, m, count, h, wb));
    // Top-k softmax, token sort/alignment: small routing kernels.
    ops.push(elementwise('router', repeat, 3, m * count * 4 + m * topK * 8));
    const mPerExpert = (m * topK) / hit;
    ops.push(gemm('experts', repeat, mPerExpert, (2 * inter) / tp, h, wb, hit));
    ops.push(elementwise('experts', repeat, 2, 5 * m * topK * (inter / tp) * ACT_BYTES));
    ops.push(gemm('experts', repeat, mPerExpert, h, inter / tp, wb, hit));
    ops.push(elementwise('experts', repeat, 1, m * topK * h * ACT_BYTES * 2)); // weighted sum of expert outputs
  } else {
    ops.push(gemm('mlp', repeat, m, (2 * inter) / tp, h, wb));
    ops.push(elementwise('mlp', repeat, 2, 5 * m * (inter / tp) * ACT_BYTES)); // SiLU(gate) · up
    ops.push(gemm('mlp', repeat, m, h, inter / tp, wb));
  }
  if (tp > 1) ops.push({ kind: 'allreduce', group: 'allReduce', repeat, kernels: 1, bytes: m * h * ACT_BYTES, tp });
  ops.push(elementwise('norms', repeat, 1, 3 * m * h * ACT_BYTES)); // residual add
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
export function stepOperators(model: ModelSpec, s: StepShape, o: CostOptions): Op[] {
  const m = s.batch * s.tokens;
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
        elementwise('norms', 1, 1, 2 * m * h * ACT_BYTES),
        ...lmHeadOps(model, m, o),
      ];
  }
}
