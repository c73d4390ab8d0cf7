/**
 * Hardware profiles: the built-ins in `data/hardware/*.json` (checked at
 * build time, served by builtin.ts), or a user's own profile file given by
 * path wherever an id is accepted, validated here. A datasheet-only GPU
 * profile inherits its kernel behaviour from a measured one (`efficiencyFrom`).
 */
import { zodToUserError } from '../zod-error.js';
import { builtinHardware, builtinHardwareById, measuredGpuIds } from './builtin.js';
import { looksLikePath, userPath } from './data-dir.js';
import { resolveEfficiency } from './efficiency.js';
import { HardwareProfileFileSchema, type HardwareProfile, type HardwareProfileFile } from './hardware-schema.js';
import { readJsonFile } from './json-file.js';
import { checkProfileRanges } from './profile-ranges.js';

export { listHardware } from './builtin.js';

function parseProfile(raw: unknown, file: string): HardwareProfileFile {
  const r = HardwareProfileFileSchema.safeParse(raw);
  if (!r.success) throw zodToUserError(r.error, file, HardwareProfileFileSchema, raw);
  return r.data;
}

/** A built-in profile by id, or a profile file by path. */
export function resolveHardware(idOrPath: string, where = '--hardware'): HardwareProfile {
  if (looksLikePath(idOrPath)) {
    const p = parseProfile(readJsonFile(userPath(idOrPath)), idOrPath);
    checkProfileRanges(p, idOrPath);
    return resolveEfficiency(p, idOrPath, builtinHardwareById, measuredGpuIds);
  }
  return builtinHardware(idOrPath, where);
}
