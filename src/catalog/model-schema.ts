/**
 * The shape of a transformer, as the cost model needs it. One schema validates
 * the built-in catalog (`data/models.json`); Hugging Face `config.json` files
 * are translated into the same shape by `hf-config.ts`. The fields are
 * `model-shape.ts`'s; the kinds are a full decoder's and the derived-model
 * table's (`derived-models.ts`), with no second list.
 */
import { z } from '../zod.js';
import { MODEL_KINDS } from './derived-models.js';
import { modelFields } from './model-shape.js';

/** What the weights are: a full decoder, or one of the derived kinds (Medusa heads, an EAGLE or EAGLE-3 draft, an MTP module, ...). */
export const ModelKindSchema = z.enum(MODEL_KINDS);

export const ModelSpecSchema = z.strictObject({ ...modelFields, kind: ModelKindSchema.default('decoder') });

export type ModelSpec = z.infer<typeof ModelSpecSchema>;
export type ModelKind = z.infer<typeof ModelKindSchema>;

export const ModelCatalogSchema = z.strictObject({
  $comment: z.string().optional(),
  models: z.array(ModelSpecSchema).min(1),
});
