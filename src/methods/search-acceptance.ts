/**
 * What the method definitions' `optimize` and `compare` hooks share about
 * acceptance flags: the EAGLE top-k curve from one top-1 acceptance, Medusa-1
 * head-accuracy tables by Vicuna size, rows read from a JSON file, and the
 * draft-model checks. Each method file decides which of these it takes.
 *
 * EAGLE curve: `--alpha a` is the top-1 acceptance at every depth; the top-k
 * curve closes a geometric half of the remaining gap per extra candidate
 * towards a ceiling that leaves 20% of the top-1 misses outside any top-k:
 * top-k = c − (c − a)·0.5^(k−1), c = a + 0.8·(1 − a). For a = 0.75 that is
 * 0.75, 0.85, 0.90, 0.925, … → 0.95 (EAGLE's chain acceptance is 0.74–0.79).
 */
import { existsSync } from 'node:fs';
import { readJsonFile } from '../catalog/json-file.js';
import { paramCount, resolveModel } from '../catalog/models.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { medusaHeadAccuracy as medusaHeadAccuracyTable, type MedusaAccuracySize } from '../catalog/reference.js';
import { sharesTokenizer, tokenizerFamily } from '../catalog/tokenizer.js';
import { defaultDraft } from '../catalog/drafts.js';
import { UserError } from '../errors.js';
import type { Acceptance } from '../acceptance/index.js';

export const MEDUSA_ACCURACY_NAMES = ['vicuna-7b', 'vicuna-13b', 'vicuna-33b'] as const;

/** The number of top-k ranks the EAGLE curve lists (the largest top-k searched). */
export const EAGLE_RANKS = 10;

/** The acceptance a kind is searched (or compared) under, and one line saying so. */
export interface AcceptanceChoice {
  spec: Acceptance;
  /** One line for the summary. */
  describe: string;
}

/** The acceptance flags of `optimize` and `compare`, as each method reads them. */
export interface AcceptanceFlags {
  alpha?: number | undefined;
  accuracy?: string | undefined;
}

/** EAGLE's cumulative top-1..top-n curve from a top-1 acceptance `a` (see the file comment). */
export function eagleTopkCurve(a: number, n = EAGLE_RANKS): number[] {
  const c = a + 0.8 * (1 - a);
  return Array.from({ length: n }, (_, k) => round6(c - (c - a) * 0.5 ** k));
}

export function round6(x: number): number {
  return Number(x.toFixed(6));
}

/** Medusa-1 head accuracies (cumulative top-1..top-5 per head) of a Vicuna size. */
export function medusaHeadAccuracy(name: string): number[][] {
  const size = /^vicuna-(7b|13b|33b)$/i.exec(name)?.[1]?.toLowerCase();
  if (!size) throw new UserError(`unknown head-accuracy table '${name}'; known: ${MEDUSA_ACCURACY_NAMES.join(', ')}, or a .json file of cumulative top-k rows`, '--accuracy');
  return medusaHeadAccuracyTable(size as MedusaAccuracySize).map((r) => r.map(round6));
}

/** Rows from a JSON file: an array of cumulative top-k rows (or `{ "rows": [...] }`). */
export function rowsFromFile(file: string): number[][] {
  if (!existsSync(file)) throw new UserError('no such file', `--accuracy ${file}`);
  const raw = readJsonFile(file) as unknown;
  const rows = Array.isArray(raw) ? raw : (raw as { rows?: unknown })?.rows;
  const ok = Array.isArray(rows) && rows.length > 0 && rows.every((r) => Array.isArray(r) && r.length > 0
    && r.every((v, i) => typeof v === 'number' && v >= 0 && v <= 1 && (i === 0 || v >= (r[i - 1] as number))));
  if (!ok) throw new UserError('expected a non-empty array of non-decreasing cumulative top-k rows of probabilities in [0, 1]', `--accuracy ${file}`);
  return rows as number[][];
}

/** Rows of a named Medusa table or a .json file. */
export function accuracyRows(name: string): number[][] {
  return name.toLowerCase().endsWith('.json') ? rowsFromFile(name) : medusaHeadAccuracy(name);
}

function checkAlpha(alpha: number | undefined): void {
  if (alpha !== undefined && !(alpha > 0 && alpha < 1)) throw new UserError(`alpha must be strictly between 0 and 1, got ${alpha}`, '--alpha');
}

/** i.i.d. acceptance α per drafted token (draft, ngram and the like). */
export function iidChoice(kind: string, flags: AcceptanceFlags, fallback: number): AcceptanceChoice {
  checkAlpha(flags.alpha);
  if (flags.accuracy !== undefined) throw new UserError(`--accuracy applies to tree methods; ${kind} uses --alpha`, '--accuracy');
  const a = flags.alpha ?? fallback;
  return { spec: { kind: 'iid', alpha: a }, describe: `iid acceptance α = ${a} per drafted token` };
}

/** `compare`'s i.i.d. acceptance for an entry: `--alpha`, else the entry's own α when it is i.i.d., else `fallback`. */
export function iidTuned(kind: string, acceptance: Acceptance, alpha: number | undefined, fallback: number): AcceptanceChoice {
  return iidChoice(kind, { alpha: alpha ?? (acceptance.kind === 'iid' ? acceptance.alpha : undefined) }, fallback);
}

/** EAGLE-style per-depth top-k acceptance from --alpha (the curve) or --accuracy (a rows file). */
export function perDepthChoice(name: string, flags: AcceptanceFlags, fallback: number): AcceptanceChoice {
  checkAlpha(flags.alpha);
  if (flags.alpha !== undefined && flags.accuracy !== undefined) throw new UserError(`give either --alpha or --accuracy for ${name}, not both`, '--accuracy');
  if (flags.accuracy !== undefined) {
    const rows = rowsFromFile(flags.accuracy);
    return { spec: { kind: 'topk', perDepth: rows }, describe: `${name} per-depth top-k rows from ${flags.accuracy}` };
  }
  const a = flags.alpha ?? fallback;
  const curve = eagleTopkCurve(a);
  return { spec: { kind: 'topk', perDepth: [curve] }, describe: `${name} top-1 acceptance ${a} at every depth, top-k curve ${curve.slice(0, 4).map((v) => v.toFixed(3)).join(', ')}, … → ${curve.at(-1)!.toFixed(3)}` };
}

/** The Vicuna size (Medusa head-accuracy table) closest in parameters to the target, on a log scale. */
export function closestVicuna(target: ModelSpec): 'vicuna-7b' | 'vicuna-13b' | 'vicuna-33b' {
  const b = paramCount(target).total / 1e9;
  const sizes = [[7, 'vicuna-7b'], [13, 'vicuna-13b'], [33, 'vicuna-33b']] as const;
  return sizes.reduce((best, s) => (Math.abs(Math.log(b / s[0])) < Math.abs(Math.log(b / best[0])) ? s : best))[1];
}

export function targetName(target: ModelSpec): string {
  return target.source.startsWith('file:') ? target.name : target.id;
}

/** A `--draft` the target can use, or a one-line reason why not. */
export function checkDraft(target: ModelSpec, draftId: string): ModelSpec {
  const draft = resolveModel(draftId, '--draft');
  if (!sharesTokenizer(target, draft)) {
    const tf = tokenizerFamily(target), df = tokenizerFamily(draft);
    const say = (f: ReturnType<typeof tokenizerFamily>, m: ModelSpec) => (f ? `the ${f.name} tokenizer` : `a ${m.vocab}-token vocabulary`);
    throw new UserError(`draft '${targetName(draft)}' uses ${say(df, draft)} and '${targetName(target)}' ${say(tf, target)}: a draft must share its target's tokenizer`, '--draft');
  }
  return draft;
}

/** The default draft of `target`, or a one-line reason naming the flag to give. */
export function defaultDraftFor(target: ModelSpec): string {
  try { return defaultDraft(target); } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const family = tokenizerFamily(target);
    throw new UserError(`--method draft needs a draft model: none of the ${family ? `${family.name} tokenizer family` : `${target.vocab}-token vocabulary`} is known for '${targetName(target)}'; give --draft <id|config.json> of a small model with the same tokenizer`, '--draft');
  }
}
