/**
 * Lookups in the built-in catalog (builtin-data.ts): engine profiles by id,
 * the model list, the kernel table (hardware profiles: `hardware/builtin.ts`).
 * No zod: `list` and `cost` with built-in ids start from here; a user's file
 * goes through models.ts and engines.ts, which validate it.
 */
import { UserError, unknownId } from '../errors.js';
import { BUILTIN_CATALOG } from './builtin-data.js';
import type { EngineProfile } from './engine-schema.js';
import type { KernelNumbers } from './hardware-schema.js';
import type { ModelSpec } from './model-schema.js';

/** The engine a scenario or command runs when it names none: the calibrated kernels alone (see README, "Engines"). */
export const DEFAULT_ENGINE = 'none';

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

const engineById = new Map(BUILTIN_CATALOG.engines.map((e) => [e.id, e]));
/** Frozen: callers share them. */
const models = BUILTIN_CATALOG.models.map((m) => deepFreeze(m));
const modelById = new Map(models.map((m) => [m.id, m]));

export function listEngines(): EngineProfile[] {
  const all = [...engineById.values()];
  // `none` first: it is the default and the reference the others add to.
  return [...all.filter((e) => e.id === DEFAULT_ENGINE), ...all.filter((e) => e.id !== DEFAULT_ENGINE)];
}

/** A built-in engine profile by id; an unknown id is a UserError listing the known ones. */
export function builtinEngine(id: string, where = '--engine'): EngineProfile {
  const p = engineById.get(id);
  if (!p) throw new UserError(unknownId('engine', id, listEngines().map((e) => e.id)), where);
  return p;
}

/** The built-in models (frozen), in file order, and by id. */
export function builtinModels(): { list: readonly ModelSpec[]; byId: ReadonlyMap<string, ModelSpec> } {
  return { list: models, byId: modelById };
}

/** data/kernels.json's numbers. */
export function builtinKernelTable(): KernelNumbers {
  return BUILTIN_CATALOG.kernels;
}
