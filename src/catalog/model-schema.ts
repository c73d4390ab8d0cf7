/**
 * The shape of a transformer, as the cost model needs it. One schema validates
 * the built-in catalog (`data/models.json`); Hugging Face `config.json` files
 * are translated into the same shape by `hf-config.ts`.
 */
import { z } from 'zod';

export const ExpertsSchema = z.strictObject({
  /** Experts per MoE layer. */
  count: z.number().int().min(2),
  /** Experts each token is routed to. */
  topK: z.number().int().min(1),
});

/** What the weights are: a full decoder, Medusa heads alone, or the EAGLE draft alone. */
export const ModelKindSchema = z.enum(['decoder', 'medusa-heads', 'eagle-draft']);

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
  /** Longest context the model was trained for (tokens). */
  maxContext: z.number().int().positive().optional(),
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
