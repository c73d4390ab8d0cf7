/**
 * Checking the built-in catalog with its zod schemas: model shapes, hardware
 * profiles (efficiencies resolved), engine profiles and the kernel table.
 * Runs at build time (scripts/build-catalog.mjs writes the result next to
 * the compiled catalog, see builtin-data.ts) and, when that result is
 * missing or stale, once at start-up. A bad built-in file is our bug: the
 * build fails.
 */
import { z } from '../zod.js';
import { zodToUserError } from '../zod-error.js';
import { readBuiltinFiles, type BuiltinFile } from './builtin-files.js';
import { resolveEfficiency } from './efficiency.js';
import { EngineProfileSchema, type EngineProfile } from './engine-schema.js';
import { HardwareProfileFileSchema, KernelNumbersSchema, type HardwareProfile, type HardwareProfileFile, type KernelNumbers } from './hardware-schema.js';
import { parseJsonText } from './json-file.js';
import { ModelCatalogSchema, type ModelSpec } from './model-schema.js';

/** The built-in catalog, checked: what builtin.ts serves. */
export interface BuiltinCatalog {
  /** data/models.json, in file order. */
  models: ModelSpec[];
  /** data/hardware/*.json by file name, efficiencies resolved. */
  hardware: HardwareProfile[];
  /** data/engines/*.json by file name. */
  engines: EngineProfile[];
  /** data/kernels.json's numbers. */
  kernels: KernelNumbers;
}

const KernelTableSchema = z.strictObject({
  source: z.string().min(1),
  kernels: KernelNumbersSchema,
  notes: z.record(z.string(), z.string()),
});

function models(f: BuiltinFile): ModelSpec[] {
  const parsed = ModelCatalogSchema.safeParse(parseJsonText(f.text, f.path));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid built-in model catalog ${f.path}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem'}`);
  }
  const ids = new Set<string>();
  for (const m of parsed.data.models) {
    if (ids.has(m.id)) throw new Error(`built-in model catalog ${f.path} has duplicate id '${m.id}'`);
    if (m.heads % m.kvHeads !== 0) throw new Error(`built-in model '${m.id}': kvHeads ${m.kvHeads} does not divide heads ${m.heads}`);
    ids.add(m.id);
  }
  return parsed.data.models;
}

function hardware(files: BuiltinFile[]): HardwareProfile[] {
  const parsed = new Map<string, { p: HardwareProfileFile; file: string }>();
  for (const f of files) {
    const file = `data/${f.rel}`;
    const raw = parseJsonText(f.text, f.path);
    const r = HardwareProfileFileSchema.safeParse(raw);
    if (!r.success) throw zodToUserError(r.error, file, HardwareProfileFileSchema, raw);
    if (parsed.has(r.data.id)) throw new Error(`duplicate hardware id ${r.data.id}`);
    parsed.set(r.data.id, { p: r.data, file });
  }
  // Measured profiles first, so that inheriting ones can read them.
  const map = new Map<string, HardwareProfile>();
  const measured = (id: string) => map.get(id);
  const measuredIds = () => [...map.values()].filter((h) => h.kind === 'gpu' && h.efficiencyFrom === undefined).map((h) => h.id);
  for (const { p, file } of parsed.values()) if (p.kind !== 'gpu' || p.efficiencyFrom === undefined) map.set(p.id, resolveEfficiency(p, file, measured, measuredIds));
  for (const { p, file } of parsed.values()) if (!map.has(p.id)) map.set(p.id, resolveEfficiency(p, file, measured, measuredIds));
  return [...parsed.keys()].map((id) => map.get(id)!);
}

function engines(files: BuiltinFile[]): EngineProfile[] {
  const ids = new Set<string>();
  return files.map((f) => {
    const file = `data/${f.rel}`;
    const raw = parseJsonText(f.text, f.path);
    const r = EngineProfileSchema.safeParse(raw);
    if (!r.success) throw zodToUserError(r.error, file, EngineProfileSchema, raw);
    if (ids.has(r.data.id)) throw new Error(`duplicate engine id ${r.data.id}`);
    ids.add(r.data.id);
    return r.data;
  });
}

function kernels(f: BuiltinFile): KernelNumbers {
  const raw = parseJsonText(f.text, f.path);
  const r = KernelTableSchema.safeParse(raw);
  if (!r.success) throw zodToUserError(r.error, 'data/kernels.json', KernelTableSchema, raw);
  return r.data.kernels;
}

/** Check every built-in data file (`files`: as readBuiltinFiles gives them). */
export function validateBuiltins(files: BuiltinFile[] = readBuiltinFiles()): BuiltinCatalog {
  const one = (rel: string): BuiltinFile => {
    const f = files.find((x) => x.rel === rel);
    if (!f) throw new Error(`built-in catalog file data/${rel} is missing`);
    return f;
  };
  return {
    models: models(one('models.json')),
    hardware: hardware(files.filter((f) => f.rel.startsWith('hardware/'))),
    engines: engines(files.filter((f) => f.rel.startsWith('engines/'))),
    kernels: kernels(one('kernels.json')),
  };
}
