/**
 * The acceptance model `specsim optimize` searches each method kind under:
 * each kind's definition reads the flags it takes (`search.reads`,
 * `search.acceptance` in src/methods/<kind>.ts); optimize owns no list of
 * kinds. A flag no searched kind reads is a mistake, said in one line.
 */
import { UserError } from '../errors.js';
import { methodDefinition, SEARCHED_KINDS, type AcceptanceChoice, type AcceptanceFlags } from '../methods/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';

export { eagleTopkCurve, EAGLE_RANKS, medusaHeadAccuracy, MEDUSA_ACCURACY_NAMES } from '../methods/search-acceptance.js';
export type { AcceptanceChoice } from '../methods/index.js';

/** A method kind `optimize` searches (one whose definition has a search space). */
export type Family = string;
export const FAMILIES: readonly Family[] = SEARCHED_KINDS;

/** The acceptance `family` is searched under: the flags it reads, the rest left to other kinds. */
export function acceptanceFor(family: Family, alpha: number | undefined, accuracy: string | undefined, target?: ModelSpec): AcceptanceChoice {
  const search = methodDefinition(family)?.search;
  if (!search) throw new UserError(`'${family}' is not a method optimize searches; known: ${FAMILIES.join(', ')}`, '--method');
  const flags: AcceptanceFlags = {};
  if (alpha !== undefined && search.reads.includes('alpha')) flags.alpha = alpha;
  if (accuracy !== undefined && search.reads.includes('accuracy')) flags.accuracy = accuracy;
  return search.acceptance(flags, target);
}

/** Refuses an acceptance flag that none of `families` reads (e.g. --alpha for medusa alone). */
export function checkAcceptanceFlags(families: readonly Family[], flags: AcceptanceFlags): void {
  for (const flag of ['alpha', 'accuracy'] as const) {
    if (flags[flag] === undefined) continue;
    const readers = FAMILIES.filter((k) => methodDefinition(k)!.search!.reads.includes(flag));
    if (!families.some((f) => readers.includes(f))) {
      throw new UserError(`--${flag} applies to method ${readers.join(' or ')}, not to ${families.join(', ')}`, `--${flag}`);
    }
  }
}
