/**
 * The acceptance model `specsim optimize` searches under, and the expected
 * number of tokens a target step emits per sequence.
 *
 * - draft, ngram: `--alpha` is the i.i.d. probability that a drafted token is
 *   accepted (Leviathan et al.). Defaults: 0.8 (draft), 0.5 (ngram).
 * - medusa: `--accuracy vicuna-7b|vicuna-13b|vicuna-33b` (Medusa-1 head
 *   top-1..top-5 accuracies, data/reference/medusa-head-accuracy.json; head i
 *   fills tree depth i + 1) or a JSON file of cumulative rows, one per head.
 * - eagle: `--alpha a` is the top-1 acceptance at every depth; the top-k curve
 *   closes a geometric half of the remaining gap per extra candidate towards a
 *   ceiling that leaves 20% of the top-1 misses outside any top-k:
 *   top-k = c − (c − a)·0.5^(k−1), c = a + 0.8·(1 − a). For a = 0.75 that is
 *   0.75, 0.85, 0.90, 0.925, … → 0.95 (EAGLE's chain acceptance is 0.74–0.79).
 *   Default a = 0.75. `--accuracy <file.json>` gives explicit rows per depth.
 */
import { existsSync } from 'node:fs';
import { readJsonFile } from '../catalog/json-file.js';
import { UserError } from '../errors.js';
import { METHOD_DEFINITIONS } from '../methods/index.js';
import type { Acceptance } from '../scenario/schema.js';
import { medusaHeadAccuracy as medusaHeadAccuracyTable, type MedusaAccuracySize } from '../catalog/reference.js';

/** The method kinds `optimize` searches: those whose definition has a search space. */
export type Family = Extract<(typeof METHOD_DEFINITIONS)[number], { search: unknown }>['kind'];
export const FAMILIES: readonly Family[] = METHOD_DEFINITIONS.filter((d): d is Extract<(typeof METHOD_DEFINITIONS)[number], { search: unknown }> => 'search' in d).map((d) => d.kind);

export const DEFAULT_ALPHA: Readonly<Record<Family, number | undefined>> = { draft: 0.8, ngram: 0.5, medusa: undefined, eagle: 0.75 };
export const MEDUSA_ACCURACY_NAMES = ['vicuna-7b', 'vicuna-13b', 'vicuna-33b'] as const;

/** The number of top-k ranks the EAGLE curve lists (the largest top-k searched). */
export const EAGLE_RANKS = 10;

/** EAGLE's cumulative top-1..top-n curve from a top-1 acceptance `a` (see the file comment). */
export function eagleTopkCurve(a: number, n = EAGLE_RANKS): number[] {
  const c = a + 0.8 * (1 - a);
  return Array.from({ length: n }, (_, k) => round6(c - (c - a) * 0.5 ** k));
}

function round6(x: number): number {
  return Number(x.toFixed(6));
}

/** Medusa-1 head accuracies (cumulative top-1..top-5 per head) of a Vicuna size. */
export function medusaHeadAccuracy(name: string): number[][] {
  const size = /^vicuna-(7b|13b|33b)$/i.exec(name)?.[1]?.toLowerCase();
  if (!size) throw new UserError(`unknown head-accuracy table '${name}'; known: ${MEDUSA_ACCURACY_NAMES.join(', ')}, or a .json file of cumulative top-k rows`, '--accuracy');
  return medusaHeadAccuracyTable(size as MedusaAccuracySize).map((r) => r.map(round6));
}

/** Rows from a JSON file: an array of cumulative top-k rows (or `{ "rows": [...] }`). */
function rowsFromFile(file: string): number[][] {
  if (!existsSync(file)) throw new UserError('no such file', `--accuracy ${file}`);
  const raw = readJsonFile(file) as unknown;
  const rows = Array.isArray(raw) ? raw : (raw as { rows?: unknown })?.rows;
  const ok = Array.isArray(rows) && rows.length > 0 && rows.every((r) => Array.isArray(r) && r.length > 0
    && r.every((v, i) => typeof v === 'number' && v >= 0 && v <= 1 && (i === 0 || v >= (r[i - 1] as number))));
  if (!ok) throw new UserError('expected a non-empty array of non-decreasing cumulative top-k rows of probabilities in [0, 1]', `--accuracy ${file}`);
  return rows as number[][];
}

export interface AcceptanceChoice {
  spec: Acceptance;
  /** One line for the summary. */
  describe: string;
}

/** The acceptance spec a family is searched under, from `--alpha` / `--accuracy`. */
export function acceptanceFor(family: Family, alpha: number | undefined, accuracy: string | undefined): AcceptanceChoice {
  if (alpha !== undefined && !(alpha > 0 && alpha < 1)) throw new UserError(`alpha must be strictly between 0 and 1, got ${alpha}`, '--alpha');
  switch (family) {
    case 'draft':
    case 'ngram': {
      if (accuracy !== undefined) throw new UserError(`--accuracy applies to medusa and eagle; ${family} uses --alpha`, '--accuracy');
      const a = alpha ?? DEFAULT_ALPHA[family]!;
      return { spec: { kind: 'iid', alpha: a }, describe: `iid acceptance α = ${a} per drafted token` };
    }
    case 'medusa': {
      if (alpha !== undefined) throw new UserError('medusa is searched under head accuracies: use --accuracy vicuna-7b|vicuna-13b|vicuna-33b or a .json file', '--alpha');
      const name = accuracy ?? 'vicuna-7b';
      const rows = name.toLowerCase().endsWith('.json') ? rowsFromFile(name) : medusaHeadAccuracy(name);
      return { spec: { kind: 'topk', perHead: rows }, describe: `Medusa head accuracies ${name} (top-1 per head ${rows.map((r) => r[0]!.toFixed(3)).join(', ')})` };
    }
    case 'eagle': {
      if (alpha !== undefined && accuracy !== undefined) throw new UserError('give either --alpha or --accuracy for eagle, not both', '--accuracy');
      if (accuracy !== undefined) {
        const rows = rowsFromFile(accuracy);
        return { spec: { kind: 'topk', perDepth: rows }, describe: `EAGLE per-depth top-k rows from ${accuracy}` };
      }
      const a = alpha ?? DEFAULT_ALPHA.eagle!;
      const curve = eagleTopkCurve(a);
      return { spec: { kind: 'topk', perDepth: [curve] }, describe: `EAGLE top-1 acceptance ${a} at every depth, top-k curve ${curve.slice(0, 4).map((v) => v.toFixed(3)).join(', ')}, … → ${curve.at(-1)!.toFixed(3)}` };
    }
  }
}
