/**
 * The parts of a Hugging Face `config.json` beyond a llama-shaped decoder:
 * mixture-of-experts layouts (Mixtral/GPT-OSS `num_local_experts`,
 * DeepSeek `n_routed_experts` with shared experts and dense first layers,
 * Qwen2/3-MoE `num_experts`), multi-head latent attention (DeepSeek-V2/V3
 * `kv_lora_rank`), sliding-window layers (`layer_types`), and MTP modules.
 * An attention kind specsim does not model is refused, naming the key.
 */
import { UserError } from '../errors.js';
import type { ModelSpec } from './model-schema.js';

type Json = Record<string, unknown>;

/** Reads typed fields of one config file; every failure is a one-line UserError naming the key. */
export interface ConfigReader {
  cfg: Json;
  fname: string;
  file: string;
  present(key: string): boolean;
  int(key: string, min: number): number;
  describe(v: unknown): string;
}

/** Attention kinds of `layer_types` that specsim models. */
const LAYER_TYPES = ['full_attention', 'sliding_attention'] as const;

/** Keys that announce an attention specsim does not model (sparse or linear attention). */
const UNMODELLED_ATTENTION: readonly [string, string][] = [
  ['index_topk', 'DeepSeek sparse attention (a lightning indexer choosing index_topk keys)'],
  ['linear_attn_config', 'linear attention'],
  ['full_attn_interval', 'hybrid linear attention'],
];

function fail(r: ConfigReader, msg: string): never {
  throw new UserError(`${r.fname} ${msg}`, r.file);
}

/** Multi-head latent attention from `kv_lora_rank` and its companions (absent: none). */
export function readMla(r: ConfigReader): ModelSpec['mla'] {
  if (!r.present('kv_lora_rank')) return undefined;
  const qLora = r.present('q_lora_rank') ? r.int('q_lora_rank', 1) : undefined;
  return {
    kvLoraRank: r.int('kv_lora_rank', 1),
    ...(qLora !== undefined ? { qLoraRank: qLora } : {}),
    qkNopeHeadDim: r.int('qk_nope_head_dim', 1),
    qkRopeHeadDim: r.int('qk_rope_head_dim', 1),
    vHeadDim: r.int('v_head_dim', 1),
  };
}

/** Sliding-window layers from `layer_types`; an unknown kind there (or a sparse/linear attention key) is refused. */
export function readAttentionKinds(r: ConfigReader, layers: number): ModelSpec['sliding'] {
  for (const [key, what] of UNMODELLED_ATTENTION) {
    if (r.present(key)) fail(r, `has '${key}' (${what}), an attention kind specsim does not model; it models full, grouped-query, latent (MLA) and sliding-window attention`);
  }
  if (!r.present('layer_types')) return undefined;
  const types = r.cfg['layer_types'];
  if (!Array.isArray(types) || types.length !== layers) {
    fail(r, `has 'layer_types' = ${r.describe(types)}; expected a list of ${layers} attention kinds (one per layer)`);
  }
  let sliding = 0;
  for (const t of types) {
    if (t === 'sliding_attention') sliding++;
    else if (t !== 'full_attention') {
      fail(r, `has 'layer_types' entry ${r.describe(t)}, an attention kind specsim does not model; expected ${LAYER_TYPES.join(' or ')}`);
    }
  }
  if (sliding === 0) return undefined;
  return { window: r.int('sliding_window', 1), layers: sliding };
}

/**
 * Experts, from whichever key the family uses. Mixtral and GPT-OSS:
 * `num_local_experts` (each expert of `intermediate_size`; one local expert is
 * a dense MLP). DeepSeek: `n_routed_experts` of `moe_intermediate_size`, plus
 * `n_shared_experts` of the same size, on layers i ≥ `first_k_dense_replace`
 * with i % `moe_layer_freq` = 0. Qwen2/3-MoE: `num_experts` of
 * `moe_intermediate_size` (+ `shared_expert_intermediate_size`) on layers not
 * in `mlp_only_layers` with (i + 1) % `decoder_sparse_step` = 0.
 */
export function readExperts(r: ConfigReader, layers: number): ModelSpec['experts'] {
  const topKOf = (count: number, countKey: string): number => {
    const key = r.present('num_experts_per_tok') ? 'num_experts_per_tok' : 'experts_per_token';
    const topK = r.int(key, 1);
    if (topK > count) fail(r, `has '${key}' = ${topK}, more than '${countKey}' = ${count}`);
    return topK;
  };
  if (r.present('num_local_experts')) {
    if (r.int('num_local_experts', 1) === 1) return undefined;
    const count = r.int('num_local_experts', 2);
    return { count, topK: topKOf(count, 'num_local_experts') };
  }
  if (r.present('n_routed_experts')) {
    const count = r.int('n_routed_experts', 2);
    const inter = r.int('moe_intermediate_size', 1);
    const shared = r.present('n_shared_experts') ? r.int('n_shared_experts', 0) : 0;
    const firstDense = r.present('first_k_dense_replace') ? r.int('first_k_dense_replace', 0) : 0;
    const freq = r.present('moe_layer_freq') ? r.int('moe_layer_freq', 1) : 1;
    let moeLayers = 0;
    for (let i = 0; i < layers; i++) if (i >= firstDense && i % freq === 0) moeLayers++;
    return { count, topK: topKOf(count, 'n_routed_experts'), intermediate: inter, sharedIntermediate: shared * inter, moeLayers };
  }
  if (r.present('num_experts')) {
    const count = r.int('num_experts', 1);
    if (count === 1) return undefined;
    const inter = r.int('moe_intermediate_size', 1);
    const shared = r.present('shared_expert_intermediate_size') ? r.int('shared_expert_intermediate_size', 0) : 0;
    const step = r.present('decoder_sparse_step') ? r.int('decoder_sparse_step', 1) : 1;
    const only = r.present('mlp_only_layers') ? r.cfg['mlp_only_layers'] : [];
    if (!Array.isArray(only) || !only.every((i) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < layers)) {
      fail(r, `has 'mlp_only_layers' = ${r.describe(only)}; expected a list of layer indices below ${layers}`);
    }
    const dense = new Set(only as number[]);
    let moeLayers = 0;
    for (let i = 0; i < layers; i++) if (!dense.has(i) && (i + 1) % step === 0) moeLayers++;
    return { count, topK: topKOf(count, 'num_experts'), intermediate: inter, sharedIntermediate: shared, moeLayers };
  }
  return undefined;
}

/** MTP modules shipped with the weights (`num_nextn_predict_layers`), if any. */
export function readMtpLayers(r: ConfigReader): number | undefined {
  if (!r.present('num_nextn_predict_layers')) return undefined;
  const n = r.int('num_nextn_predict_layers', 0);
  return n > 0 ? n : undefined;
}
