/**
 * The shape of a transformer, as the cost model needs it. One schema validates
 * the built-in catalog (`data/models.json`); Hugging Face `config.json` files
 * are translated into the same shape by `hf-config.ts`.
 */
import { z } from '../zod.js';

export const ExpertsSchema = z.strictObject({
  /** Routed experts per MoE layer. */
  count: z.number().int().min(2),
  /** Routed experts each token is routed to. */
  topK: z.number().int().min(1),
  /** Intermediate size of one routed expert (`moe_intermediate_size`); defaults to the model's `intermediate`. */
  intermediate: z.number().int().positive().optional(),
  /** Intermediate size of the shared expert(s) every token passes through (DeepSeek: n_shared_experts × moe_intermediate_size); 0 or absent: none. */
  sharedIntermediate: z.number().int().nonnegative().optional(),
  /** Layers whose FFN is the MoE (the others are dense MLPs of the model's `intermediate`); defaults to every layer. */
  moeLayers: z.number().int().nonnegative().optional(),
});

/**
 * Multi-head latent attention (DeepSeek-V2/V3): keys and values are cached as
 * one latent of `kvLoraRank` plus a shared RoPE key of `qkRopeHeadDim` per
 * token per layer; queries go through a low-rank `qLoraRank` (absent: a full
 * query projection, as in DeepSeek-V2-Lite).
 */
export const MlaSchema = z.strictObject({
  kvLoraRank: z.number().int().positive(),
  qLoraRank: z.number().int().positive().optional(),
  qkNopeHeadDim: z.number().int().positive(),
  qkRopeHeadDim: z.number().int().positive(),
  vHeadDim: z.number().int().positive(),
});

/** Local (sliding-window) attention on some layers (GPT-OSS alternates sliding and full layers). */
export const SlidingSchema = z.strictObject({
  /** Keys each query sees on a sliding layer (`sliding_window`). */
  window: z.number().int().positive(),
  /** How many of the layers use it (the rest attend to the whole context). */
  layers: z.number().int().nonnegative(),
});

/**
 * What the weights are: a full decoder, Medusa heads alone, the EAGLE draft
 * alone, the EAGLE-3 draft alone (`fusedLayers`, `vocab` = its draft
 * vocabulary), or one of the target's own multi-token-prediction modules.
 */
export const ModelKindSchema = z.enum(['decoder', 'medusa-heads', 'eagle-draft', 'eagle3-draft', 'mtp-module']);

export const ModelSpecSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Public source of the shape (model card or config.json URL). */
  source: z.string().min(1),
  kind: ModelKindSchema.default('decoder'),
  hidden: z.number().int().positive(),
  layers: z.number().int().nonnegative(),
  heads: z.number().int().positive(),
  kvHeads: z.number().int().positive(),
  /** Per-head dimension; defaults to hidden / heads. */
  headDim: z.number().int().positive().optional(),
  /** MLP intermediate size (per expert for MoE). Every model here has a gated (SwiGLU) MLP. */
  intermediate: z.number().int().positive(),
  vocab: z.number().int().positive(),
  /** Input embedding shared with the LM head. */
  tiedEmbeddings: z.boolean().default(false),
  experts: ExpertsSchema.optional(),
  /** Multi-head latent attention instead of grouped-query attention. */
  mla: MlaSchema.optional(),
  /** Sliding-window layers. */
  sliding: SlidingSchema.optional(),
  /** Multi-token-prediction modules shipped with the weights (`num_nextn_predict_layers`); not counted in the main model's weights. */
  mtpLayers: z.number().int().nonnegative().optional(),
  /** Longest context the model was trained for (tokens). */
  maxContext: z.number().int().positive().optional(),
  /**
   * EAGLE-3 draft (kind eagle3-draft only): target layers whose features this pass fuses
   * through its FC (fusedLayers·hidden → hidden): 3 on a round's first pass, which reads the
   * target's low, middle and high features; 0 on the later passes, which read the draft's own.
   */
  fusedLayers: z.number().int().nonnegative().optional(),
  /** Medusa heads (kind medusa-heads only). */
  medusaHeads: z.number().int().positive().optional(),
  /** A config.json's `model_type` (llama, mistral, qwen2, ...), for its tokenizer family (catalog/tokenizer.ts). */
  modelType: z.string().optional(),
  /** Catalog id of the target a derived model belongs to. */
  target: z.string().optional(),
});

export type ModelSpec = z.infer<typeof ModelSpecSchema>;
export type ModelKind = z.infer<typeof ModelKindSchema>;

export const ModelCatalogSchema = z.strictObject({
  $comment: z.string().optional(),
  models: z.array(ModelSpecSchema).min(1),
});
