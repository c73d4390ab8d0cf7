/**
 * Checking hardware profile files with zod: each against its kind's schema
 * (every registered backend's `profileSchema`, joined into one union on
 * `kind`), then completed by its backend (a GPU profile inherits the kernel
 * efficiencies it does not measure). The built-ins are checked at build time
 * (scripts/build-catalog.mjs) or when that result is stale (builtin-data.ts);
 * a user's file on load (resolve.ts).
 */
import { z } from '../zod.js';
import { zodToUserError } from '../zod-error.js';
import { readBuiltinFiles, type BuiltinFile } from '../catalog/builtin-files.js';
import { parseJsonText } from '../catalog/json-file.js';
import type { ProfileLookup } from '../cost/backend.js';
import { allBackends, backendOf, type HardwareProfile } from '../cost/backends/index.js';

/** A profile file as its kind's schema gives it, before its backend completes it. */
export type CheckedProfileFile = HardwareProfile & Record<string, unknown>;

let fileSchema: z.ZodType | undefined;

/** Every registered kind's profile schema, as one union on `kind` (an unknown kind is an error listing the known ones). */
export function hardwareFileSchema(): z.ZodType {
  return (fileSchema ??= z.discriminatedUnion('kind', allBackends().map((b) => b.profileSchema(z)) as unknown as Parameters<typeof z.discriminatedUnion>[1]));
}

/** `raw` (from `file`) checked against its kind's schema; a UserError naming the field otherwise. */
export function parseProfileFile(raw: unknown, file: string): CheckedProfileFile {
  const schema = hardwareFileSchema();
  const r = schema.safeParse(raw);
  if (!r.success) throw zodToUserError(r.error, file, schema, raw);
  return r.data as CheckedProfileFile;
}

/** The profile a checked file describes, completed by its backend from the profiles in `others`. */
export function completeProfile(p: CheckedProfileFile, file: string, others: ProfileLookup): HardwareProfile {
  const backend = backendOf(p);
  return (backend.completeProfile ? backend.completeProfile(p, file, others) : p) as HardwareProfile;
}

/** data/hardware/*.json (of `files`, as readBuiltinFiles gives them), checked and completed, by file name. A bad built-in file is our bug. */
export function checkBuiltinHardware(files: readonly BuiltinFile[] = readBuiltinFiles()): HardwareProfile[] {
  const parsed = new Map<string, { p: CheckedProfileFile; file: string }>();
  for (const f of files.filter((x) => x.rel.startsWith('hardware/'))) {
    const file = `data/${f.rel}`;
    const p = parseProfileFile(parseJsonText(f.text, f.path), file);
    if (parsed.has(p.id)) throw new Error(`duplicate hardware id ${p.id}`);
    parsed.set(p.id, { p, file });
  }
  const done = new Map<string, HardwareProfile>();
  const others: ProfileLookup = { byId: (id) => done.get(id), all: () => [...done.values()] };
  const basedOn = (p: CheckedProfileFile) => backendOf(p).basedOn?.(p);
  // Profiles that build on no other first, so that those that do can read them (one level: a GPU inherits from a measured profile only).
  for (const { p, file } of parsed.values()) if (basedOn(p) === undefined) done.set(p.id, completeProfile(p, file, others));
  for (const { p, file } of parsed.values()) if (!done.has(p.id)) done.set(p.id, completeProfile(p, file, others));
  return [...parsed.keys()].map((id) => done.get(id)!);
}
