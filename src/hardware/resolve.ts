/**
 * Hardware profiles wherever an id is accepted: a built-in id (builtin.ts),
 * or the path of a user's profile file, checked against its kind's schema,
 * for plausible magnitudes, and completed by its backend (a datasheet-only
 * GPU profile inherits its kernel behaviour from a measured one,
 * `efficiencyFrom`).
 */
import { looksLikePath, userPath } from '../catalog/data-dir.js';
import { readJsonFile } from '../catalog/json-file.js';
import { checkProfileRanges } from '../catalog/profile-ranges.js';
import type { HardwareProfile } from '../cost/backends/index.js';
import { builtinHardware, builtinHardwareById, listHardware } from './builtin.js';
import { completeProfile, parseProfileFile } from './check.js';

export { listHardware } from './builtin.js';

/** A built-in profile by id, or a profile file by path. */
export function resolveHardware(idOrPath: string, where = '--hardware'): HardwareProfile {
  if (looksLikePath(idOrPath)) {
    const p = parseProfileFile(readJsonFile(userPath(idOrPath)), idOrPath);
    checkProfileRanges(p, idOrPath);
    return completeProfile(p, idOrPath, { byId: builtinHardwareById, all: listHardware });
  }
  return builtinHardware(idOrPath, where);
}
