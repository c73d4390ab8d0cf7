/**
 * DeepSeek-class targets: MLA, fine-grained experts with shared experts and
 * dense first layers, Qwen3-MoE and GPT-OSS configs; their weights against
 * the published totals, the latent KV cache, the two MLA paths, and expert
 * activation growing with verified tokens.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { modelFromHfConfig } from '../src/catalog/hf-config.js';
import { activeParamCount, paramCount, resolveModel } from '../src/catalog/models.js';
import type { ModelSpec } from '../src/catalog/model-schema.js';
import { resolveHardware } from '../src/hardware/resolve.js';
import { UserError } from '../src/errors.js';
import { kvBytesPerToken, kvCacheBytes, memoryFootprint } from '../src/cost/memory.js';
import { mlaPathFlops } from '../src/cost/mla.js';
import { distinctExperts, stepOperators, DEFAULT_COST_OPTIONS } from '../src/cost/operators.js';
import { stepCost } from '../src/cost/step-cost.js';

const dir = mkdtempSync(join(tmpdir(), 'specsim-dsk-'));
function write(name: string, cfg: object): string {
  const p = join(dir, `${name}.json`);
  writeFileSync(p, JSON.stringify(cfg));
  return p;
}

// The published config.json fields (huggingface.co/deepseek-ai/DeepSeek-V3), those specsim reads.
const DEEPSEEK_V3 = {
  architectures: ['DeepseekV3ForCausalLM'], model_type: 'deepseek_v3', _name_or_path: 'deepseek-ai/DeepSeek-V3',
  hidden_size: 7168, intermediate_size: 18432, moe_intermediate_size: 2048, num_hidden_layers: 61,
  num_attention_heads: 128, num_key_value_heads: 128, n_routed_experts: 256, n_shared_experts: 1,
  num_experts_per_tok: 8, first_k_dense_replace: 3, moe_layer_freq: 1, kv_lora_rank: 512, q_lora_rank: 1536,
  qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128, vocab_size: 129280, max_position_embeddings: 163840,
  num_nextn_predict_layers: 1, tie_word_embeddings: false, n_group: 8, topk_group: 4,
};
const QWEN3_MOE = {
  architectures: ['Qwen3MoeForCausalLM'], model_type: 'qwen3_moe', hidden_size: 2048, intermediate_size: 6144,
  moe_intermediate_size: 768, num_hidden_layers: 48, num_attention_heads: 32, num_key_value_heads: 4, head_dim: 128,
  num_experts: 128, num_experts_per_tok: 8, decoder_sparse_step: 1, mlp_only_layers: [], vocab_size: 151936,
  max_position_embeddings: 40960, tie_word_embeddings: false,
};
const GPT_OSS = {
  architectures: ['GptOssForCausalLM'], model_type: 'gpt_oss', hidden_size: 2880, intermediate_size: 2880,
  num_hidden_layers: 36, num_attention_heads: 64, num_key_value_heads: 8, head_dim: 64, num_local_experts: 128,
  num_experts_per_tok: 4, experts_per_token: 4, sliding_window: 128, vocab_size: 201088, max_position_embeddings: 131072,
  tie_word_embeddings: false,
  layer_types: Array.from({ length: 36 }, (_, i) => (i % 2 === 0 ? 'sliding_attention' : 'full_attention')),
};

/** The shape fields of a spec (not its id, name, source). */
function shape(m: ModelSpec): Partial<ModelSpec> {
  const { id: _i, name: _n, source: _s, ...rest } = m;
  return rest;
}

describe('configs', () => {
  it('a DeepSeek-V3 config.json reads as the catalog entry', () => {
    const m = modelFromHfConfig(write('dsv3', DEEPSEEK_V3));
    expect(m.mla).toEqual({ kvLoraRank: 512, qLoraRank: 1536, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 });
    expect(m.experts).toEqual({ count: 256, topK: 8, intermediate: 2048, sharedIntermediate: 2048, moeLayers: 58 });
    expect(m.mtpLayers).toBe(1);
    expect(shape(m)).toEqual(shape(resolveModel('deepseek-v3')));
  });

  it('DeepSeek layouts: q_lora_rank null is a full query projection; moe_layer_freq thins the MoE layers', () => {
    const lite = modelFromHfConfig(write('lite', { ...DEEPSEEK_V3, q_lora_rank: null, num_hidden_layers: 27, first_k_dense_replace: 1, n_shared_experts: 2, moe_intermediate_size: 1408 }));
    expect(lite.mla?.qLoraRank).toBeUndefined();
    expect(lite.experts).toMatchObject({ moeLayers: 26, sharedIntermediate: 2816 });
    const every2 = modelFromHfConfig(write('freq', { ...DEEPSEEK_V3, moe_layer_freq: 2 }));
    // Layers 3..60 with an even index: 4, 6, ..., 60.
    expect(every2.experts?.moeLayers).toBe(29);
  });

  it('Qwen3-MoE: decoder_sparse_step and mlp_only_layers choose the MoE layers; the catalog entry matches its config', () => {
    expect(shape(modelFromHfConfig(write('q3', QWEN3_MOE)))).toMatchObject({ ...shape(resolveModel('qwen3-30b-a3b')), modelType: 'qwen3_moe' });
    expect(modelFromHfConfig(write('q3b', { ...QWEN3_MOE, mlp_only_layers: [0, 1] })).experts?.moeLayers).toBe(46);
    expect(modelFromHfConfig(write('q3c', { ...QWEN3_MOE, decoder_sparse_step: 2 })).experts?.moeLayers).toBe(24);
  });

  it('GPT-OSS: alternating sliding and full layers', () => {
    const m = modelFromHfConfig(write('oss', GPT_OSS));
    expect(m.sliding).toEqual({ window: 128, layers: 18 });
    expect(m.experts).toEqual({ count: 128, topK: 4 });
    expect(shape(m)).toEqual(shape(resolveModel('gpt-oss-120b')));
  });

  it('an attention kind specsim does not model is one line naming the key', () => {
    const linear = { ...GPT_OSS, layer_types: GPT_OSS.layer_types.map((t, i) => (i === 3 ? 'linear_attention' : t)) };
    expect(() => modelFromHfConfig(write('lin', linear))).toThrow(UserError);
    expect(() => modelFromHfConfig(write('lin', linear))).toThrow(/'layer_types' entry "linear_attention"/);
    expect(() => modelFromHfConfig(write('dsa', { ...DEEPSEEK_V3, index_topk: 2048 }))).toThrow(/'index_topk'/);
    expect(() => modelFromHfConfig(write('short', { ...GPT_OSS, layer_types: ['full_attention'] }))).toThrow(/'layer_types'/);
    expect(() => modelFromHfConfig(write('nok', { ...DEEPSEEK_V3, num_experts_per_tok: 300 }))).toThrow(/'num_experts_per_tok' = 300, more than 'n_routed_experts' = 256/);
    expect(() => modelFromHfConfig(write('nomoe', { ...DEEPSEEK_V3, moe_intermediate_size: undefined }))).toThrow(/missing 'moe_intermediate_size'/);
  });

  it('the CLI exits 2 with one line on an unknown attention kind', () => {
    const p = write('cli-lin', { ...GPT_OSS, layer_types: GPT_OSS.layer_types.map(() => 'mamba') });
    const r = spawnSync(process.execPath, ['dist/src/bin.js', 'cost', '--hardware', 'h100-sxm', '--model', p], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^specsim: .*'layer_types' entry "mamba"/);
  });
});

describe('weights against the published totals', () => {
  // Published: DeepSeek-V3 671B main model, 36.6B activated (README_WEIGHTS.md); DeepSeek-V2-Lite 15.7B / 2.4B;
  // Qwen3-30B-A3B 30.5B; gpt-oss-120b 116.8B / 5.1B active (model card).
  const cases: [string, number, number | undefined][] = [
    ['deepseek-v3', 671e9, 36.6e9], ['deepseek-v2-lite', 15.7e9, 2.4e9], ['qwen3-30b-a3b', 30.5e9, undefined], ['gpt-oss-120b', 116.8e9, 5.1e9],
  ];
  for (const [id, total, active] of cases) {
    it(`${id}: ${total / 1e9}B total${active ? `, ${active / 1e9}B active` : ''}`, () => {
      const m = resolveModel(id);
      expect(Math.abs(paramCount(m).total / total - 1)).toBeLessThan(0.005);
      if (active) expect(Math.abs(activeParamCount(m) / active - 1)).toBeLessThan(0.03);
    });
  }
});

describe('memory: the latent KV cache', () => {
  const v3 = resolveModel('deepseek-v3');
  // The same layers with plain multi-head attention: 128 KV heads of 128 (DeepSeek-V2 §2.1.1 compares against this).
  const mha: ModelSpec = { ...v3, mla: undefined, kvHeads: 128, headDim: 128 };

  it('caches kv_lora_rank + qk_rope_head_dim values per token per layer, 57× less than the MHA equivalent', () => {
    expect(kvBytesPerToken(v3, 'bf16')).toBe(61 * (512 + 64) * 2);
    expect(kvBytesPerToken(mha, 'bf16') / kvBytesPerToken(v3, 'bf16')).toBeCloseTo((2 * 128 * 128) / 576, 6);
  });

  it('under tp every device keeps the whole latent; MHA splits its heads', () => {
    const hw = resolveHardware('h200-sxm');
    const load = { batch: 8, contextTokens: 8192 };
    const a = memoryFootprint(hw, v3, load, { tp: 8, weightDtype: 'fp8' });
    const b = memoryFootprint(hw, mha, load, { tp: 8, weightDtype: 'fp8' });
    expect(a.kvBytes).toBe(kvCacheBytes(v3, 8, 8192, { kvDtype: 'bf16' }));
    expect(b.kvBytes).toBeCloseTo(kvCacheBytes(mha, 8, 8192, { kvDtype: 'bf16' }) / 8, 0);
    expect(a.maxBatch!).toBeGreaterThan(5 * b.maxBatch!);
  });

  it('sliding layers keep only their window', () => {
    const oss = resolveModel('gpt-oss-120b');
    const perLayer = kvBytesPerToken(oss, 'bf16') / 36;
    expect(kvCacheBytes(oss, 1, 8192, { kvDtype: 'bf16' })).toBe(perLayer * (18 * 8192 + 18 * 128));
    expect(kvCacheBytes(oss, 1, 100, { kvDtype: 'bf16' })).toBe(perLayer * 36 * 100);
  });
});

describe('cost: MLA and expert operators', () => {
  const hw = resolveHardware('h200-sxm');
  const v3 = resolveModel('deepseek-v3');
  const o = { tp: 8, weightDtype: 'fp8' as const };

  it('decode runs the absorbed path, prefill the naive one; the breakdown names MLA and expert operators', () => {
    const d = stepCost(hw, v3, { batch: 4, tokens: 1, context: 2048, phase: 'decode' }, o).breakdown;
    for (const g of ['mlaProj', 'mlaAbsorb', 'mlaAttention', 'router', 'experts', 'sharedExperts', 'mlp']) expect(d[g], g).toBeGreaterThan(0);
    expect(d.mlaKvUp).toBeUndefined();
    expect(d.qkv).toBeUndefined();
    const p = stepCost(hw, v3, { batch: 1, tokens: 2048, context: 0, phase: 'prefill' }, o).breakdown;
    expect(p.mlaKvUp).toBeGreaterThan(0);
    expect(p.mlaAbsorb).toBeUndefined();
  });

  it('a mixed step (decode rows beside a prefill chunk) runs each group on its own path, projections once on all rows', () => {
    const decode = { batch: 4, tokens: 1, context: 2048, phase: 'decode' as const };
    const chunk = { batch: 1, tokens: 512, context: 0, phase: 'prefill' as const };
    const mixed = stepCost(hw, v3, { groups: [decode, chunk] }, o).breakdown;
    expect(mixed.mlaAbsorb).toBeGreaterThan(0);
    expect(mixed.mlaKvUp).toBeGreaterThan(0);
    const apart = [decode, chunk].map((g) => stepCost(hw, v3, g, o).breakdown.mlaProj!);
    // The projections read their weights once for both groups.
    expect(mixed.mlaProj!).toBeLessThan(apart[0]! + apart[1]!);
  });

  it('each path is the cheaper one in FLOPs where it runs', () => {
    const decode = { batch: 1, tokens: 1, context: 4096, phase: 'decode' as const };
    const prefill = { batch: 1, tokens: 4096, context: 0, phase: 'prefill' as const };
    expect(mlaPathFlops(v3, decode, 'naive') / mlaPathFlops(v3, decode, 'absorbed')).toBeGreaterThan(50);
    expect(mlaPathFlops(v3, prefill, 'naive')).toBeLessThan(mlaPathFlops(v3, prefill, 'absorbed'));
    // The absorbed attention reads one 576-wide latent per token for all heads.
    const att = stepOperators(v3, decode, { ...DEFAULT_COST_OPTIONS, ...o }).find((op) => op.kind === 'attention');
    expect(att?.kind === 'attention' && att.kvBytes).toBe(4097 * 576 * 2);
  });

  it('verifying more tokens reads more distinct experts, so the MoE step grows where a dense one hardly does', () => {
    const experts = (q: number) => stepCost(hw, v3, { batch: 1, tokens: q, context: 2048, phase: 'decode' }, o).breakdown.experts!;
    let prev = 0;
    for (const q of [1, 2, 4, 8, 16]) {
      const t = experts(q);
      expect(t).toBeGreaterThan(prev);
      prev = t;
    }
    expect(distinctExperts(256, 8, 1)).toBeCloseTo(8, 10);
    expect(distinctExperts(256, 8, 1e6)).toBeCloseTo(256, 6);
    const weights = (q: number) => stepOperators(v3, { batch: 1, tokens: q, context: 2048, phase: 'decode' }, { ...DEFAULT_COST_OPTIONS, ...o })
      .filter((op) => op.kind === 'gemm' && op.group === 'experts').reduce((s, op) => s + (op.kind === 'gemm' ? op.weightBytes : 0), 0);
    expect(weights(4) / weights(1)).toBeCloseTo(distinctExperts(256, 8, 4) / 8, 10);
  });

  it('a sliding layer attends to its window only', () => {
    const oss = resolveModel('gpt-oss-120b');
    const full: ModelSpec = { ...oss, sliding: undefined };
    const s = { batch: 8, tokens: 1, context: 32768, phase: 'decode' as const };
    const a = stepCost(hw, oss, s, { tp: 8 }).breakdown.attention!;
    const b = stepCost(hw, full, s, { tp: 8 }).breakdown.attention!;
    expect(a).toBeLessThan(0.6 * b);
    expect(a).toBeGreaterThan(0.4 * b);
  });
});
