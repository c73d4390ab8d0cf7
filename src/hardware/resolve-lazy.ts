/**
 * A hardware id for commands that must start fast (`specsim cost`): a
 * built-in id resolves without zod; a profile file loads the checking module
 * on demand, so its errors are exactly those of `resolveHardware`.
 */
import { looksLikePath } from '../catalog/data-dir.js';
import type { HardwareProfile } from '../cost/backends/index.js';
import { builtinHardware } from './builtin.js';

export async function resolveHardwareLazily(idOrPath: string, where = '--hardware'): Promise<HardwareProfile> {
  return looksLikePath(idOrPath) ? (await import('./resolve.js')).resolveHardware(idOrPath, where) : builtinHardware(idOrPath, where);
}
