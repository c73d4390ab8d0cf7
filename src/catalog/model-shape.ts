/**
 * The shape of a transformer, as the cost model needs it, with `kind` still a
 * plain name: `model-schema.ts` narrows it to the kinds the derived-model
 * table (`derived-models.ts`) names. A derived model (Medusa heads, an EAGLE
 * draft, an MTP module, ...) carries its forward pass as data (`drafter`),
 * which the cost model prices, parameter counting counts and Groq cuts into
 * blocks without knowing the kind.
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

const count = z.number().int().positive();
/** Where an operator's time is reported in a step's breakdown (`cost/op-types.ts` OpGroup names the decoder's own). */
const group = z.string().min(1);

/**
 * One part of a derived model's forward pass, in order. Every part is priced
 * per row of the step (`cost/operators.ts` `drafterOps`):
 *
 * - `pass`: elementwise kernels moving `rowHiddens`·hidden activations plus
 *   `rowBytes` bytes per row (`norm`: an RMSNorm, which an engine fuses);
 *   `repeat` copies (Medusa: one per head).
 * - `proj`: a Linear(`inputs`·hidden → hidden) (`bias`: with a bias), split
 *   over tp devices or replicated; `repeat` copies side by side (Medusa's
 *   residual blocks). `inputs` 0: absent on this pass (EAGLE-3's FC after a
 *   round's first pass), still one pipeline block on Groq.
 * - `layers`: the model's `layers` decoder layers, shaped like the target's;
 *   their QKV reads `qkvInputs`·hidden (EAGLE-3: [embedding, hidden], 2);
 *   a MoE FFN's experts see the rows of the whole `step` or of this attention
 *   `replica` alone (under data-parallel attention).
 * - `lmHead`: `copies` LM heads over the model's `vocab`, its `own` weights
 *   or the target's (shared: not counted in its parameters).
 */
export const DrafterPartSchema = z.discriminatedUnion('part', [
  z.strictObject({ part: z.literal('pass'), group, kernels: count, rowHiddens: z.number().int().nonnegative(), rowBytes: z.number().int().nonnegative().optional(), norm: z.boolean().optional(), repeat: count.optional() }),
  z.strictObject({ part: z.literal('proj'), group, inputs: z.number().int().nonnegative(), bias: z.boolean(), splitOverTp: z.boolean(), repeat: count.optional() }),
  z.strictObject({ part: z.literal('layers'), qkvInputs: count, expertRows: z.enum(['step', 'replica']) }),
  z.strictObject({ part: z.literal('lmHead'), copies: count, own: z.boolean() }),
]);

/** Every field of a model's shape, in the order a spec lists them; `kind` is narrowed by model-schema.ts. */
export const modelFields = {
  id: z.string().min(1),
  name: z.string().min(1),
  /** Public source of the shape (model card or config.json URL). */
  source: z.string().min(1),
  kind: z.string().min(1),
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
   * EAGLE-3 draft (kind eagle3-draft only; its `drafter` is what the cost model reads): target layers whose features this pass fuses
   * through its FC (fusedLayers·hidden → hidden): 3 on a round's first pass, which reads the
   * target's low, middle and high features; 0 on the later passes, which read the draft's own.
   */
  fusedLayers: z.number().int().nonnegative().optional(),
  /** Medusa heads (kind medusa-heads only). */
  medusaHeads: z.number().int().positive().optional(),
  /** A config.json's `model_type` (llama, mistral, qwen2, ...), for its tokenizer family (catalog/tokenizer.ts). */
  modelType: z.string().optional(),
  /** A derived model's forward pass (absent: a full decoder); the cost model reads this, never the kind. */
  drafter: z.array(DrafterPartSchema).min(1).optional(),
  /** Catalog id of the target a derived model belongs to. */
  target: z.string().optional(),
};

export const ModelShapeSchema = z.strictObject(modelFields);
/** A model's shape with its kind as a plain name (what a derived-model entry reads and returns). */
export type ModelShape = z.infer<typeof ModelShapeSchema>;
export type DrafterPart = z.infer<typeof DrafterPartSchema>;
