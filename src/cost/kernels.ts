/**
 * Kernel families: which attention kernel and which level of elementwise
 * fusion a step runs. The *behaviour* of each family (how it tiles the work,
 * when it packs the query heads of a KV group, whether it splits the KV
 * length, how many kernels it launches) is read from the kernels' source and
 * written here; the *numbers* (efficiencies, per-call and per-sequence costs)
 * are data: the GPU profile's `efficiency` for the PyTorch-harness kernels it
 * was calibrated on, `data/kernels.json` for the serving-engine kernels
 * (calibrated on Vidur's operator times), overridable per profile (`kernels`).
 *
 * The defaults reproduce the calibration harness (PyTorch SDPA → FlashAttention-2,
 * unfused elementwise ops on strided views); an engine profile picks its own.
 */
export const ATTENTION_KERNELS = ['flash2-dense', 'flash3-dense', 'sdpa-efficient', 'sdpa-cudnn', 'paged-flash', 'paged-flashinfer'] as const;
export type AttentionKernel = (typeof ATTENTION_KERNELS)[number];

export const FUSION_LEVELS = ['harness-unfused', 'fused'] as const;
export type FusionLevel = (typeof FUSION_LEVELS)[number];

export interface KernelChoice {
  attention: AttentionKernel;
  fusion: FusionLevel;
}

/**
 * The attention kernel a call with an explicit tree mask runs. PyTorch's SDPA
 * sends a masked call to the memory-efficient kernel (its flash path takes no
 * mask); the engines' kernels take a custom mask themselves (FlashInfer's
 * custom_mask, FlashAttention-3 and paged kernels as their engines drive
 * them), at their own efficiency: not timed apart here.
 */
export function maskedFamily(family: AttentionKernel): AttentionKernel {
  return ATTENTION_BEHAVIOUR[family].treeMask;
}

export const DEFAULT_KERNELS: KernelChoice = { attention: 'flash2-dense', fusion: 'harness-unfused' };

/** When the query heads that share a KV head are folded into one tile's rows, so the KV head is read once per group. */
export type GqaPacking = 'single-query' | 'when-denser' | 'never' | 'always';

export interface AttentionBehaviour {
  /** One line for `specsim cost`: what runs. */
  what: string;
  packGqa: GqaPacking;
  /** Query rows per thread block for a prompt (forward kernel) and for decode/verify. */
  prefillRows: number;
  decodeRows: number;
  /** Splits the KV length over blocks when too few blocks fill the GPU (flash-decoding). */
  splitKv: boolean;
  /** Paged KV cache: fixed per-call and per-sequence costs (from data/kernels.json). */
  paged: boolean;
  /** The kernel that runs when the call passes an explicit (tree) mask. */
  treeMask: AttentionKernel;
  /** The source that says so. */
  source: string;
}

export const ATTENTION_BEHAVIOUR = {
  'flash2-dense': {
    what: 'FlashAttention-2 (PyTorch SDPA\'s flash path): one block per (sequence, query head, query tile); split-KV decoding',
    packGqa: 'single-query', prefillRows: 128, decodeRows: 64, splitKv: true, paged: false, treeMask: 'sdpa-efficient',
    source: 'flash_api.cpp mha_fwd: seqlenq_ngroups_swapped folds the query-head group into rows only when seqlen_q == 1; set_params_splitkv splits the KV length when batch × heads × query tiles < 2 × SMs',
  },
  'flash3-dense': {
    what: 'FlashAttention-3 (Hopper): PackGQA when it fills tiles better; split-KV decoding',
    packGqa: 'when-denser', prefillRows: 128, decodeRows: 64, splitKv: true, paged: false, treeMask: 'flash3-dense',
    source: 'hopper/heuristics.h should_pack_gqa: pack when the unpacked tile efficiency is < 0.9 × the packed one',
  },
  'sdpa-efficient': {
    what: 'memory-efficient attention (PyTorch SDPA with an explicit mask, e.g. a tree): one block per (sequence, query head, 64-row tile), no GQA packing, no split',
    packGqa: 'never', prefillRows: 64, decodeRows: 64, splitKv: false, paged: false, treeMask: 'sdpa-efficient',
    source: 'PyTorch sdp_utils.cpp: flash takes no attn_mask (check_for_attn_mask), so a masked call falls to mem-efficient (CUTLASS, kQueriesPerBlock 64), which broadcasts K/V per query head',
  },
  'sdpa-cudnn': {
    what: 'cuDNN fused attention (PyTorch SDPA\'s cuDNN backend): a prompt at cuDNN\'s published Hopper rate; decode and verify laid out and priced as the harness was calibrated (flash2-dense\'s tiles, split-KV, GQA packed at one new token)',
    packGqa: 'single-query', prefillRows: 128, decodeRows: 64, splitKv: true, paged: false, treeMask: 'sdpa-cudnn',
    source: 'PyTorch sdp_utils.cpp check_prefer_cudnn_attention: cuDNN goes first in SDPA\'s order on sm90/sm100 when the runtime cuDNN is newer than 9.15.0 (TORCH_CUDNN_SDPA_DEPRIORITIZED turns it off); cuDNN takes an explicit mask itself. Its decode kernel is not public: the decode layout is assumed, not read',
  },
  'paged-flash': {
    what: 'paged FlashAttention (vLLM-class engine, KV in 16-token blocks): decode packs the GQA group; prefill attends the cached prefix and the new tokens in two calls',
    packGqa: 'always', prefillRows: 128, decodeRows: 16, splitKv: true, paged: true, treeMask: 'paged-flash',
    source: 'vLLM flash_attn backend (varlen with block_table, pack_gqa for decode); Vidur/sarathi-serve prefill: prefix then new tokens, merged by LSE',
  },
  'paged-flashinfer': {
    what: 'paged FlashInfer (SGLang-class engine): as paged-flash, same calibrated costs (no public FlashInfer kernel times here)',
    packGqa: 'always', prefillRows: 128, decodeRows: 16, splitKv: true, paged: true, treeMask: 'paged-flashinfer',
    source: 'FlashInfer BatchDecodeWithPagedKVCache groups query heads per KV head (GQA-aware decode)',
  },
} as const satisfies Record<AttentionKernel, AttentionBehaviour>;

export interface FusionBehaviour {
  what: string;
  source: string;
}

export const FUSION_BEHAVIOUR = {
  'harness-unfused': {
    what: 'PyTorch eager ops on strided views: RoPE as x*cos + cat(-x2, x1)*sin (5 kernels per tensor), SiLU and mul apart, strided KV-cache copies; SM-bound, at efficiency.elementwiseBytesPerSmClk',
    source: 'data/calibration/h100-README.md (the harness); TensorIterator runs non-contiguous operands through its offset-calculator path, not the vectorized one',
  },
  'fused': {
    what: 'serving-engine kernels: fused RMSNorm, in-place rotary, SiLU·mul in one kernel, reshape_and_cache; SM-bound at the fused rate of data/kernels.json',
    source: 'vLLM csrc (layernorm_kernels.cu, pos_encoding_kernels.cu, activation_kernels.cu, cache_kernels.cu); rates calibrated on Vidur\'s operator times',
  },
} as const satisfies Record<FusionLevel, FusionBehaviour>;

/**
 * Whether the query heads of one KV group share a tile: the decision each
 * family's source makes. `rows` are the tile's query rows; `callQueryTokens`
 * the most new tokens of any sequence in the same kernel call.
 */
export function packsGqa(rule: GqaPacking, queryTokens: number, group: number, rows: number, callQueryTokens = queryTokens): boolean {
  if (group <= 1) return false;
  switch (rule) {
    case 'never': return false;
    case 'always': return true;
    case 'single-query': return callQueryTokens === 1;
    case 'when-denser': {
      const fill = (n: number) => n / (Math.ceil(n / rows) * rows);
      return fill(queryTokens) < 0.9 * fill(queryTokens * group);
    }
  }
}
