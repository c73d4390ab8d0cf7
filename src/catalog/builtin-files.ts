/**
 * The shipped data files the built-in catalog is made of (`data/models.json`,
 * `data/kernels.json`, `data/hardware/*.json`, `data/engines/*.json`), read
 * as text, and what the checked catalog written at build time was made
 * from: it is used (`builtin-data.ts`) only while those are unchanged.
 * No zod here: this runs on every start-up.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dataPath } from './data-dir.js';

export interface BuiltinFile {
  /** Path below data/, e.g. `hardware/h100-sxm.json`. */
  rel: string;
  /** Absolute path. */
  path: string;
  text: string;
}

/** Every data file of the built-in catalog, in a fixed order (models, kernels, hardware, engines; files sorted by name). */
export function readBuiltinFiles(): BuiltinFile[] {
  const rels = ['models.json', 'kernels.json'];
  for (const dir of ['hardware', 'engines']) {
    for (const f of readdirSync(dataPath(dir)).filter((f) => f.endsWith('.json')).sort()) rels.push(`${dir}/${f}`);
  }
  return rels.map((rel) => { const path = dataPath(rel); return { rel, path, text: readFileSync(path, 'utf8') }; });
}

/** Where the build writes the checked catalog: beside the compiled catalog modules (dist/src/catalog/). */
export const CHECKED_CATALOG = new URL('./builtin-catalog.json', import.meta.url);

/**
 * The modules whose code decides what the checked catalog holds: a change to
 * any of them (a new default) makes it stale too. With them, every hardware
 * backend (`../cost/backends/`), since each holds its kind's profile schema.
 */
const CHECKING_MODULES = ['./builtin-validate', './model-schema', './hardware-schema', './engine-schema', './efficiency', './transfer', '../cost/kernels', '../hardware/check'];
const BACKENDS_DIR = '../cost/backends/';

/**
 * What the checked catalog was made from: the text of every built-in data
 * file (by `data/<rel>`) and of the modules that check them (the .js beside a
 * built module, the .ts under vitest). The checked catalog is used only while
 * these are unchanged, compared exactly (no hash to compute at start-up).
 */
export function checkedSources(files: readonly BuiltinFile[]): Record<string, string> {
  const ext = /\.[cm]?[jt]s$/.exec(new URL(import.meta.url).pathname)?.[0] ?? '.js';
  const out: Record<string, string> = {};
  for (const f of files) out[`data/${f.rel}`] = f.text;
  const backends = readdirSync(new URL(BACKENDS_DIR, import.meta.url)).filter((f) => f.endsWith(ext)).sort().map((f) => `${BACKENDS_DIR}${f.slice(0, -ext.length)}`);
  for (const m of [...CHECKING_MODULES, ...backends]) out[`${m}${ext}`] = readFileSync(new URL(`${m}${ext}`, import.meta.url), 'utf8');
  return out;
}

/** Whether `stored` (from the checked catalog) is exactly `current`. */
export function sameSources(stored: unknown, current: Record<string, string>): boolean {
  if (stored === null || typeof stored !== 'object') return false;
  const s = stored as Record<string, unknown>;
  const keys = Object.keys(current);
  return Object.keys(s).length === keys.length && keys.every((k) => s[k] === current[k]);
}
