/**
 * Checking the built-in catalog with its zod schemas: model shapes, engine
 * profiles and the kernel table (hardware profiles: `hardware/check.ts`, a
 * layer up, since each kind's schema is its backend's).
 * Runs at build time (scripts/build-catalog.mjs writes the result next to
 * the compiled catalog, see builtin-data.ts) and, when that result is
 * missing or stale, once at start-up. A bad built-in file is our bug: the
 * build fails.
 */
import { z } from '../zod.js';
import { zodToUserError } from '../zod-error.js';
import { readBuiltinFiles, type BuiltinFile } from './builtin-files.js';
import { EngineProfileSchema, type EngineProfile } from './engine-schema.js';
import { gpuSchemas, type HardwareProfileBase, type KernelNumbers } from './hardware-schema.js';
import { parseJsonText } from './json-file.js';
import { ModelCatalogSchema, type ModelSpec } from './model-schema.js';

/** The built-in catalog, checked: what builtin.ts serves. */
export interface BuiltinCatalog {
  /** data/models.json, in file order. */
  models: ModelSpec[];
  /**
   * data/hardware/*.json by file name, checked and completed: present in the
   * build's checked catalog (scripts/build-catalog.mjs adds them from
   * `hardware/check.ts`), absent when this module checks the files itself
   * (`hardware/builtin-data.ts` then checks them).
   */
  hardware?: readonly HardwareProfileBase[];
  /** data/engines/*.json by file name. */
  engines: EngineProfile[];
  /** data/kernels.json's numbers. */
  kernels: KernelNumbers;
}

const KernelTableSchema = z.strictObject({
  source: z.string().min(1),
  kernels: gpuSchemas(z).KernelNumbersSchema,
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
    engines: engines(files.filter((f) => f.rel.startsWith('engines/'))),
    kernels: kernels(one('kernels.json')),
  };
}
