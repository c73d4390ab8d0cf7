/**
 * The operators of one forward step, counted in FLOPs and bytes, independent
 * of hardware. A step is `batch` sequences, each with `context` tokens already
 * in the KV cache and `tokens` new tokens (1 = decode; q > 1 = verification of
 * a chain or a tree of q nodes; a prompt of `tokens` tokens = prefill).
 *
 * Kernel counts follow the implementation the H100 calibration measured
 * (`data/calibration/h100-README.md`): PyTorch ops captured in a CUDA graph.
 */
import type { DrafterPart } from '../catalog/model-shape.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { headDim } from '../catalog/model-catalog.js';
import { mlaCoreOps, mlaProjectionOps } from './mla.js';
import { moeFfnOps } from './moe.js';
import { withSlidingLayers } from './sliding.js';
import {
  ACT_BYTES, KV_BYTES, WEIGHT_BYTES, attentionReplicas, elementwise, gemm, kernelsOf, stepGroups, stepRows,
  type CostOptions, type ElementwiseOp, type MixedStep, type Op, type StepShape,
} from './op-types.js';

export * from './op-types.js';

/**
 * Attention of one group of rows (same new tokens and context per sequence),
 * split over `tp` devices, and the harness's copy of SDPA's output into rows.
 */
function attentionOps(model: ModelSpec, s: StepShape, o: CostOptions, repeat: number, fused: boolean, callTokens = s.tokens): Op[] {
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
    batch: s.batch, heads, kvHeads, headDim: d, queryTokens: s.tokens, ...(callTokens !== s.tokens ? { callQueryTokens: callTokens } : {}), context: s.context, prefill,
    attendLen, kvLen, ...(s.tree === true && !prefill ? { treeMask: true } : {}),
    kvBytes: s.batch * kvLen * 2 * kvHeads * d * kvb,
    actBytes: 2 * m * heads * d * ACT_BYTES,
    flops: s.batch * heads * s.tokens * flopsPerRow,
  }];
  // The harness turns SDPA's [b, heads, q, d] output into [b·q, heads·d] rows: one strided copy.
  if (!fused && !oneToken) ops.push(elementwise('attention', repeat, 1, 2 * m * heads * d * ACT_BYTES, 'strided'));
  return ops;
}

/** The operators of one decoder layer (attention + MLP or MoE), split over `tp` devices. */
/** `allRows`: new tokens of the whole step over every attention replica (what the experts see under expert parallelism). */
function decoderLayerOps(model: ModelSpec, step: StepShape | MixedStep, o: CostOptions, repeat: number, allRows = stepRows(step)): Op[] {
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

  if (model.mla) {
    ops.push(elementwise('norms', repeat, 1, 2 * m * h * ACT_BYTES, sm('norm')));
    ops.push(...mlaProjectionOps(model, m, o, repeat, { norm: sm('norm'), rope: sm('rope') }));
    for (const g of stepGroups(step)) ops.push(...mlaCoreOps(model, g, o, repeat));
    ops.push(gemm('oProj', repeat, m, h, heads * model.mla.vHeadDim, wb));
  } else {
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

    // A mixed step's groups run in one varlen attention call, as the engines issue it: the call's longest query decides packing.
    const callTokens = Math.max(...stepGroups(step).map((g) => g.tokens));
    for (const g of stepGroups(step)) ops.push(...attentionOps(model, g, o, repeat, fused, callTokens));

    ops.push(gemm('oProj', repeat, m, h, heads * d, wb));
  }
  if (tp > 1) ops.push({ kind: 'allreduce', group: 'allReduce', repeat, kernels: 1, bytes: m * h * ACT_BYTES, tp });
  ops.push(elementwise('norms', repeat, 1, 3 * m * h * ACT_BYTES)); // residual add (contiguous)
  ops.push(elementwise('norms', repeat, 1, 2 * m * h * ACT_BYTES, sm('norm')));

  if (model.experts) {
    ops.push(...moeFfnOps(model, m, o, repeat, fused, sm('act'), allRows));
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
 * The rows one attention replica runs when `replicas` share the batch (data-parallel
 * attention): ceil(batch / replicas) sequences per group, the fullest replica, which
 * the others wait for at each MoE layer's all-to-all.
 */
function replicaShape(s: StepShape | MixedStep, replicas: number): StepShape | MixedStep {
  if (replicas <= 1) return s;
  const local = (g: StepShape): StepShape => ({ ...g, batch: Math.ceil(g.batch / replicas) });
  return 'groups' in s ? { groups: s.groups.map(local) } : local(s);
}

/**
 * Every operator of one step of `model` with shape `s`. Logits are computed
 * for every new token (verification needs them all; the calibration harness
 * does the same for prefill).
 */
export function stepOperators(model: ModelSpec, shape: StepShape | MixedStep, o: CostOptions): Op[] {
  const s = replicaShape(shape, attentionReplicas(o));
  const m = stepRows(s);
  const allRows = stepRows(shape);
  const h = model.hidden;
  if (model.drafter) return drafterOps(model, model.drafter, s, o, allRows);
  return [
    elementwise('embed', 1, 1, 2 * m * h * ACT_BYTES),
    ...withSlidingLayers(decoderLayerOps(model, s, o, model.layers, allRows), model),
    elementwise('norms', 1, 1, 2 * m * h * ACT_BYTES, kernelsOf(o).fusion === 'fused' ? 'fused-norm' : 'strided'),
    ...lmHeadOps(model, m, o),
  ];
}

/**
 * A derived model's step, read from its forward pass (`drafter`,
 * catalog/derived-models.ts), part by part: elementwise passes (a norm runs
 * strided, or as an engine's fused kernel), projections (split over tp, or a
 * replicated nn.Linear), its decoder layers (a wider QKV input when it reads
 * more than the hidden state), its LM head(s).
 */
function drafterOps(model: ModelSpec, parts: readonly DrafterPart[], s: StepShape | MixedStep, o: CostOptions, allRows: number): Op[] {
  const m = stepRows(s);
  const h = model.hidden;
  const wb = WEIGHT_BYTES[o.weightDtype];
  const norm = kernelsOf(o).fusion === 'fused' ? 'fused-norm' : 'strided';
  const ops: Op[] = [];
  for (const p of parts) {
    switch (p.part) {
      case 'pass':
        ops.push(elementwise(p.group, p.repeat ?? 1, p.kernels, m * (p.rowHiddens * h * ACT_BYTES + (p.rowBytes ?? 0)), p.norm === true ? norm : undefined));
        break;
      case 'proj':
        if (p.inputs > 0) ops.push(gemm(p.group, p.repeat ?? 1, m, p.splitOverTp ? h / o.tp : h, p.inputs * h, wb));
        break;
      case 'layers': {
        const layer = decoderLayerOps(model, s, o, model.layers, p.expertRows === 'step' ? allRows : stepRows(s));
        ops.push(...(p.qkvInputs === 1 ? layer : layer.map((op) => (op.kind === 'gemm' && op.group === 'qkv' ? gemm('qkv', op.repeat, op.m, op.n, p.qkvInputs * h, wb) : op))));
        break;
      }
      case 'lmHead':
        ops.push(...lmHeadOps(model, m, o, p.copies));
        break;
    }
  }
  return ops;
}
