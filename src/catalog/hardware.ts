/**
 * Hardware profiles: the built-ins in `data/hardware/*.json`, or a user's own
 * profile file given by path wherever an id is accepted.
 */
import { readdirSync } from 'node:fs';
import { UserError, unknownId } from '../errors.js';
import { zodToUserError } from '../zod-error.js';
import { dataPath, looksLikePath } from './data-dir.js';
import { HardwareProfileSchema, type HardwareProfile } from './hardware-schema.js';
import { readJsonFile } from './json-file.js';

let builtins: Map<string, HardwareProfile> | undefined;

function parseProfile(raw: unknown, file: string): HardwareProfile {
  const r = HardwareProfileSchema.safeParse(raw);
  if (!r.success) throw zodToUserError(r.error, file, HardwareProfileSchema, raw);
  return r.data;
}

function loadBuiltins(): Map<string, HardwareProfile> {
  if (builtins) return builtins;
  const dir = dataPath('hardware');
  const map = new Map<string, HardwareProfile>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const p = parseProfile(readJsonFile(`${dir}/${f}`), `data/hardware/${f}`);
    if (map.has(p.id)) throw new Error(`duplicate hardware id ${p.id}`);
    map.set(p.id, p);
  }
  return (builtins = map);
}

export function listHardware(): HardwareProfile[] {
  return [...loadBuiltins().values()];
}

/** A built-in profile by id, or a profile file by path. */
export function resolveHardware(idOrPath: string, where = '--hardware'): HardwareProfile {
  if (looksLikePath(idOrPath)) return parseProfile(readJsonFile(idOrPath), idOrPath);
  const p = loadBuiltins().get(idOrPath);
  if (!p) throw new UserError(unknownId('hardware', idOrPath, [...loadBuiltins().keys()]), where);
  return p;
}
