/**
 * Multi-head latent attention (DeepSeek-V2, arXiv 2405.04434 §2.1): the
 * operators of one layer's attention half, split over `tp` devices.
 *
 * The cache holds, per token and layer, one latent c_KV of `kvLoraRank` and one
 * RoPE key of `qkRopeHeadDim` shared by every head (576 values on DeepSeek-V3,
 * against 2·128·192 = 49,152 for the same heads in plain multi-head attention).
 * Attention can be computed two ways (vLLM `v1/attention/backends/mla/common.py`,
 * SGLang's `forward_absorb` / `forward_normal`):
 *
 * - naive ("compute-friendly"): decompress every cached latent with kv_b_proj
 *   into per-head keys (no-RoPE part) and values, then ordinary multi-head
 *   attention with head dims qk = nope + rope and v. The decompression costs
 *   2·kvLen·kvLoraRank·heads·(nope + v) FLOPs per sequence per layer, paid
 *   again every step: cheap when many new tokens share it (a prompt), ruinous
 *   for one token (~260k FLOPs per cached token per head on V3 vs ~2k).
 * - absorbed ("data-movement-friendly"): fold W_UK into the query
 *   (q_nope · W_UK → a kvLoraRank-wide query per head) and W_UV after the
 *   output, so attention runs as multi-query attention over the latent
 *   itself: every head reads the one cached latent (qk dim kvLoraRank + rope,
 *   v dim kvLoraRank). 3.4× the naive path's attention FLOPs per (query, key)
 *   pair on V3, but no decompression and a 576-value KV read per token.
 *
 * As both engines do, prefill takes the naive path and decode and verification
 * (a few new tokens against a long cache) take the absorbed one;
 * `mlaPathFlops` gives both paths' FLOPs for any shape.
 *
 * Under tensor parallelism the heads split over the devices but the latent
 * cannot (every head reads all of it), so each device keeps the whole latent
 * cache of its sequences (`kvShareOnDevice`).
 */
import type { ModelSpec } from '../catalog/model-schema.js';
import {
  ACT_BYTES, KV_BYTES, WEIGHT_BYTES, elementwise, gemm,
  type CostOptions, type ElementwiseOp, type Op, type StepShape,
} from './op-types.js';

type Mla = NonNullable<ModelSpec['mla']>;

/** Values cached per token per layer: the latent plus the shared RoPE key. */
export function mlaCacheWidth(mla: Mla): number {
  return mla.kvLoraRank + mla.qkRopeHeadDim;
}

/** Which way attention is computed: by phase, as vLLM and SGLang choose. */
export function mlaPath(s: Pick<StepShape, 'phase'>): 'naive' | 'absorbed' {
  return s.phase === 'prefill' ? 'naive' : 'absorbed';
}

/** Keys each new token attends to on average, and keys read per sequence. */
function lengths(s: StepShape): { attendLen: number; kvLen: number } {
  const kvLen = s.context + s.tokens;
  return { kvLen, attendLen: s.phase === 'prefill' ? s.context + (s.tokens + 1) / 2 : kvLen };
}

/**
 * FLOPs of one layer's attention core (everything between the query/latent
 * projections and o_proj) on all heads, for either path: what the choice of
 * path trades.
 */
export function mlaPathFlops(model: ModelSpec, s: StepShape, path: 'naive' | 'absorbed'): number {
  const mla = model.mla;
  if (!mla) throw new Error(`mlaPathFlops: ${model.id} has no MLA`);
  const { attendLen, kvLen } = lengths(s);
  const rows = s.batch * s.tokens;
  const n = model.heads;
  const qk = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
  if (path === 'naive') {
    const decompress = 2 * s.batch * kvLen * mla.kvLoraRank * n * (mla.qkNopeHeadDim + mla.vHeadDim);
    return decompress + 2 * rows * n * attendLen * (qk + mla.vHeadDim);
  }
  const absorb = 2 * rows * n * mla.kvLoraRank * (mla.qkNopeHeadDim + mla.vHeadDim);
  return absorb + 2 * rows * n * attendLen * (mlaCacheWidth(mla) + mla.kvLoraRank);
}

/**
 * The projections of one MLA layer on all `m` rows of a step: the low-rank
 * query and latent projections and their norms, RoPE, the cache write. (The
 * attention core is per group of rows: `mlaCoreOps`; o_proj is the caller's.)
 */
export function mlaProjectionOps(
  model: ModelSpec, m: number, o: CostOptions, repeat: number,
  rates: { norm: ElementwiseOp['rate']; rope: ElementwiseOp['rate'] },
): Op[] {
  const mla = model.mla;
  if (!mla) throw new Error(`mlaProjectionOps: ${model.id} has no MLA`);
  const h = model.hidden;
  const heads = model.heads / o.tp;
  const wb = WEIGHT_BYTES[o.weightDtype];
  const kvb = KV_BYTES[o.kvDtype];
  const nope = mla.qkNopeHeadDim, rope = mla.qkRopeHeadDim, lkv = mla.kvLoraRank;
  const width = mlaCacheWidth(mla);
  const ops: Op[] = [];
  // Down-projections are replicated on every device (vLLM ReplicatedLinear; SGLang fuses q_a and kv_a into one GEMM).
  if (mla.qLoraRank !== undefined) {
    ops.push(gemm('mlaProj', repeat, m, mla.qLoraRank + width, h, wb));
    ops.push(elementwise('norms', repeat, 2, 2 * m * (mla.qLoraRank + lkv) * ACT_BYTES, rates.norm));
    ops.push(gemm('mlaProj', repeat, m, heads * (nope + rope), mla.qLoraRank, wb));
  } else {
    ops.push(gemm('mlaProj', repeat, m, width, h, wb));
    ops.push(elementwise('norms', repeat, 1, 2 * m * lkv * ACT_BYTES, rates.norm));
    ops.push(gemm('mlaProj', repeat, m, heads * (nope + rope), h, wb));
  }
  // RoPE on the query's rope part (per head) and the one shared key.
  ops.push(elementwise('rope', repeat, 1, 2 * m * (heads + 1) * rope * ACT_BYTES, rates.rope));
  ops.push(elementwise('kvWrite', repeat, 1, m * width * (ACT_BYTES + kvb), rates.rope));
  return ops;
}

/** The attention core of one MLA layer for one group of rows (same new tokens and context), by the phase's path. */
export function mlaCoreOps(model: ModelSpec, s: StepShape, o: CostOptions, repeat: number): Op[] {
  const mla = model.mla;
  if (!mla) throw new Error(`mlaCoreOps: ${model.id} has no MLA`);
  const heads = model.heads / o.tp;
  const m = s.batch * s.tokens;
  const wb = WEIGHT_BYTES[o.weightDtype];
  const kvb = KV_BYTES[o.kvDtype];
  const nope = mla.qkNopeHeadDim, rope = mla.qkRopeHeadDim, v = mla.vHeadDim, lkv = mla.kvLoraRank;
  const width = mlaCacheWidth(mla);
  const { attendLen, kvLen } = lengths(s);
  const prefill = s.phase === 'prefill';
  if (mlaPath(s) === 'absorbed') {
    const d = (width + lkv) / 2;
    return [
      // q_nope · W_UK per head: a [m × nope] · [nope × kvLoraRank] product for each local head (one batched GEMM).
      gemm('mlaAbsorb', repeat, m, lkv, nope, wb, heads),
      // Multi-query attention over the latent: query/key width kvLoraRank + rope, value width kvLoraRank.
      // headDim is the mean of the two so that 4·attendLen·headDim = 2·attendLen·(qk + v), as the kernels time it.
      {
        kind: 'attention', group: 'mlaAttention', repeat, kernels: 1,
        batch: s.batch, heads, kvHeads: 1, headDim: d, queryTokens: s.tokens, context: s.context, prefill,
        attendLen, kvLen,
        kvBytes: s.batch * kvLen * width * kvb,
        actBytes: m * heads * (width + lkv) * ACT_BYTES,
        flops: s.batch * heads * s.tokens * 4 * attendLen * d,
        packHeads: true,
      },
      // The latent output times W_UV per head.
      gemm('mlaAbsorb', repeat, m, v, lkv, wb, heads),
    ];
  }
  const d = (nope + rope + v) / 2;
  return [
    // kv_b_proj over every cached latent (and the new ones): per-head no-RoPE keys and values, written out in 16 bits.
    gemm('mlaKvUp', repeat, s.batch * kvLen, heads * (nope + v), lkv, wb),
    {
      kind: 'attention', group: 'mlaAttention', repeat, kernels: 1,
      batch: s.batch, heads, kvHeads: heads, headDim: d, queryTokens: s.tokens, context: s.context, prefill,
      attendLen, kvLen,
      kvBytes: s.batch * kvLen * heads * (nope + rope + v) * ACT_BYTES,
      actBytes: m * heads * (nope + rope + v) * ACT_BYTES,
      flops: s.batch * heads * s.tokens * 4 * attendLen * d,
    },
  ];
}
