/**
 * The model catalog (model-catalog.ts) with a user's Hugging Face
 * `config.json` read and validated (hf-config.ts): `resolveModel` takes a
 * catalog id, a derived id (`<target>+medusa<K>`, `<target>+eagle`) or a path.
 */
import { modelFromHfConfig } from './hf-config.js';
import { resolveModelWith } from './model-catalog.js';
import type { ModelSpec } from './model-schema.js';

export * from './model-catalog.js';

/**
 * A model by catalog id; `<target>+medusa<K>` (K Medusa-1 heads for the
 * target); `<target>+eagle` (the EAGLE draft for the target); or a path to a
 * Hugging Face config.json (anything ending in .json or containing a path
 * separator). `<target>` may itself be a path. `where` labels errors (e.g. the
 * scenario field the id came from).
 */
export function resolveModel(idOrPath: string, where?: string): ModelSpec {
  return resolveModelWith(idOrPath, where, modelFromHfConfig);
}
