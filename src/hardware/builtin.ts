/**
 * Lookups of the built-in hardware profiles by id. No zod: `list` and `cost`
 * with built-in ids start from here; a user's profile file goes through
 * resolve.ts, which checks it.
 */
import { UserError, unknownId } from '../errors.js';
import type { HardwareProfile } from '../cost/backends/index.js';
import { BUILTIN_HARDWARE } from './builtin-data.js';

const hardwareById = new Map(BUILTIN_HARDWARE.map((h) => [h.id, h]));

export function listHardware(): HardwareProfile[] {
  return [...hardwareById.values()];
}

/** A built-in hardware profile by id, if there is one. */
export function builtinHardwareById(id: string): HardwareProfile | undefined {
  return hardwareById.get(id);
}

/** A built-in hardware profile by id; an unknown id is a UserError listing the known ones. */
export function builtinHardware(id: string, where = '--hardware'): HardwareProfile {
  const p = hardwareById.get(id);
  if (!p) throw new UserError(unknownId('hardware', id, [...hardwareById.keys()]), where);
  return p;
}
