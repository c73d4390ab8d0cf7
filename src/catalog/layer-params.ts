/**
 * Weights of a decoder's layers by kind: attention (grouped-query or
 * multi-head latent), dense MLP, MoE (routed experts, router, shared
 * experts). Norm weights and biases are left out, as in `paramCount`.
 * Every FFN here is gated (SwiGLU or gated GeLU): three matrices.
 */
import type { ModelSpec } from './model-schema.js';

function headDimOf(m: ModelSpec): number {
  return m.headDim ?? m.hidden / m.heads;
}

/** Query, key, value and output projections of one layer. */
export function attentionParamsPerLayer(m: ModelSpec): number {
  const h = m.hidden;
  const mla = m.mla;
  if (mla) {
    const qk = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
    // Queries: down to q_lora_rank and back up per head (or one full projection when there is no q LoRA).
    const q = mla.qLoraRank !== undefined ? h * mla.qLoraRank + mla.qLoraRank * m.heads * qk : h * m.heads * qk;
    // kv_a_proj_with_mqa: hidden → latent + shared RoPE key; kv_b_proj: latent → per-head no-RoPE key and value.
    const kvDown = h * (mla.kvLoraRank + mla.qkRopeHeadDim);
    const kvUp = mla.kvLoraRank * m.heads * (mla.qkNopeHeadDim + mla.vHeadDim);
    const o = m.heads * mla.vHeadDim * h;
    return q + kvDown + kvUp + o;
  }
  const d = headDimOf(m);
  return h * m.heads * d + 2 * h * m.kvHeads * d + m.heads * d * h;
}

/** Layers whose FFN is the MoE (0 for a dense model). */
export function moeLayerCount(m: ModelSpec): number {
  return m.experts ? Math.min(m.layers, m.experts.moeLayers ?? m.layers) : 0;
}

/** Intermediate size of one routed expert. */
export function expertIntermediate(m: ModelSpec): number {
  return m.experts?.intermediate ?? m.intermediate;
}

/** Weights of every routed expert of every MoE layer (what expert parallelism splits). */
export function routedExpertParams(m: ModelSpec): number {
  return m.experts ? moeLayerCount(m) * m.experts.count * 3 * m.hidden * expertIntermediate(m) : 0;
}

/** One MoE FFN's weights: `all` routed experts, or the `topK` a token passes through; plus router and shared experts. */
function moeFfnParams(m: ModelSpec, routed: number): number {
  const e = m.experts;
  if (!e) return 0;
  return routed * 3 * m.hidden * expertIntermediate(m) + m.hidden * e.count + 3 * m.hidden * (e.sharedIntermediate ?? 0);
}

/** Weights of all decoder layers, and the part one token passes through (the routed experts it is not sent to left out). */
export function layerParams(m: ModelSpec): { total: number; active: number } {
  const attn = m.layers * attentionParamsPerLayer(m);
  const moe = moeLayerCount(m);
  const dense = (m.layers - moe) * 3 * m.hidden * m.intermediate;
  const all = moe * moeFfnParams(m, m.experts?.count ?? 0);
  const active = moe * moeFfnParams(m, m.experts?.topK ?? 0);
  return { total: attn + dense + all, active: attn + dense + active };
}
