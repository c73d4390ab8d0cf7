/**
 * Resolving ids for commands that must start fast (`specsim cost`): a
 * built-in id resolves from the checked catalog without loading zod; a
 * user's file (an engine profile, a config.json) loads the validating module
 * on demand, so its errors are exactly those of `resolveModel` and
 * `resolveEngine`. Hardware: `hardware/resolve-lazy.ts`.
 */
import { builtinEngine } from './builtin.js';
import { looksLikePath } from './data-dir.js';
import type { EngineProfile } from './engine-schema.js';
import { resolveModelWith } from './model-catalog.js';
import type { ModelSpec } from './model-schema.js';

export async function resolveEngineLazily(idOrPath: string, where = '--engine'): Promise<EngineProfile> {
  return looksLikePath(idOrPath) ? (await import('./engines.js')).resolveEngine(idOrPath, where) : builtinEngine(idOrPath, where);
}

/** Thrown by the reader below when resolving reaches a file: start again with the validating one. */
const NEEDS_FILE = Symbol('needs a model file');

export async function resolveModelLazily(spec: string, where?: string): Promise<ModelSpec> {
  try {
    return resolveModelWith(spec, where, () => { throw NEEDS_FILE; });
  } catch (e) {
    if (e !== NEEDS_FILE) throw e;
    return (await import('./models.js')).resolveModel(spec, where);
  }
}
