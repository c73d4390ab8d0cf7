/**
 * Hardware profiles: the built-ins in `data/hardware/*.json`, or a user's own
 * profile file given by path wherever an id is accepted. A datasheet-only GPU
 * profile inherits its kernel behaviour from a measured one (`efficiencyFrom`).
 */
import { readdirSync } from 'node:fs';
import { UserError, unknownId } from '../errors.js';
import { zodToUserError } from '../zod-error.js';
import { dataPath, looksLikePath, userPath } from './data-dir.js';
import {
  GpuEfficiencySchema, HardwareProfileFileSchema, type GpuEfficiency, type GpuProfile, type HardwareProfile,
} from './hardware-schema.js';
import { readJsonFile } from './json-file.js';
import { checkProfileRanges } from './profile-ranges.js';
import { transferEfficiency } from './transfer.js';

type ProfileFile = ReturnType<typeof HardwareProfileFileSchema.parse>;

let builtins: Map<string, HardwareProfile> | undefined;

function parseProfile(raw: unknown, file: string): ProfileFile {
  const r = HardwareProfileFileSchema.safeParse(raw);
  if (!r.success) throw zodToUserError(r.error, file, HardwareProfileFileSchema, raw);
  return r.data;
}

const EFFICIENCY_KEYS = Object.keys(GpuEfficiencySchema.shape) as (keyof GpuEfficiency)[];

/**
 * Every efficiency of a GPU profile: its own (all fields) or, with
 * `efficiencyFrom`, the measured profile's carried over by `transferEfficiency`
 * with the fields this profile gives on top.
 */
function resolveEfficiency(p: ProfileFile, file: string, measured: (id: string) => HardwareProfile | undefined): HardwareProfile {
  if (p.kind !== 'gpu') return p; // only GPU profiles inherit kernel efficiencies
  const own = p.efficiency ?? {};
  if (p.efficiencyFrom === undefined) {
    const missing = EFFICIENCY_KEYS.filter((k) => own[k] === undefined);
    if (missing.length > 0) {
      throw new UserError(`missing required field 'efficiency.${missing[0]}'${missing.length > 1 ? `; also missing: ${missing.slice(1).join(', ')}` : ''}; or name a measured profile in 'efficiencyFrom' to inherit its kernel behaviour`, `${file} at $.efficiency`);
    }
    return { ...p, efficiency: own as GpuEfficiency };
  }
  const src = measured(p.efficiencyFrom);
  if (!src || src.kind !== 'gpu' || src.efficiencyFrom !== undefined) {
    const ids = [...loadBuiltins().values()].filter((h) => h.kind === 'gpu' && h.efficiencyFrom === undefined).map((h) => h.id);
    throw new UserError(`efficiencyFrom must name a measured GPU profile (one of ${ids.join(', ')}), got '${p.efficiencyFrom}'`, `${file} at $.efficiencyFrom`);
  }
  return { ...p, efficiency: { ...transferEfficiency(src, p), ...own } } as GpuProfile;
}

function loadBuiltins(): Map<string, HardwareProfile> {
  if (builtins) return builtins;
  const dir = dataPath('hardware');
  const files = new Map<string, { p: ProfileFile; file: string }>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const p = parseProfile(readJsonFile(`${dir}/${f}`), `data/hardware/${f}`);
    if (files.has(p.id)) throw new Error(`duplicate hardware id ${p.id}`);
    files.set(p.id, { p, file: `data/hardware/${f}` });
  }
  // Measured profiles first, so that inheriting ones can read them.
  const map = new Map<string, HardwareProfile>();
  builtins = map;
  const measured = (id: string) => map.get(id);
  for (const { p, file } of files.values()) if (p.kind !== 'gpu' || p.efficiencyFrom === undefined) map.set(p.id, resolveEfficiency(p, file, measured));
  for (const { p, file } of files.values()) if (!map.has(p.id)) map.set(p.id, resolveEfficiency(p, file, measured));
  const ordered = new Map([...files.keys()].map((id) => [id, map.get(id)!]));
  return (builtins = ordered);
}

export function listHardware(): HardwareProfile[] {
  return [...loadBuiltins().values()];
}

/** A built-in profile by id, or a profile file by path. */
export function resolveHardware(idOrPath: string, where = '--hardware'): HardwareProfile {
  if (looksLikePath(idOrPath)) {
    const p = parseProfile(readJsonFile(userPath(idOrPath)), idOrPath);
    checkProfileRanges(p, idOrPath);
    return resolveEfficiency(p, idOrPath, (id) => loadBuiltins().get(id));
  }
  const p = loadBuiltins().get(idOrPath);
  if (!p) throw new UserError(unknownId('hardware', idOrPath, [...loadBuiltins().keys()]), where);
  return p;
}
