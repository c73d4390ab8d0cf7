/**
 * Acceptance models: how likely the target agrees with drafted tokens.
 *
 * Every model reduces, for one request, to `AcceptanceRows`: row d − 1 holds
 * the cumulative probabilities that the true token at draft depth d (1-based)
 * is the top-1, within the top-2, … proposal, given that depths < d were
 * accepted. The last row repeats for deeper levels. A chain (draft model,
 * n-gram) only uses each row's first entry.
 */
import type { z } from '../zod.js';
import type { Rng } from '../distributions.js';

export type AcceptanceRows = readonly (readonly number[])[];

export interface AcceptanceModel {
  /** The rows with no per-request variation. */
  readonly mean: AcceptanceRows;
  /** Draw one request's rows (per-request variation, if any). */
  forRequest(rng: Rng): AcceptanceRows;
  /** Present when acceptance decays with context: the factor on every probability of a sequence at that many tokens (context.ts). */
  readonly contextFactor?: (contextTokens: number) => number;
}

/** One acceptance-model kind: its scenario schema (a strict object with a `kind` literal) and its builder. */
export interface AcceptanceDefinition<S extends z.ZodObject<{ kind: z.ZodLiteral<string> }>> {
  readonly kind: z.infer<S>['kind'];
  readonly schema: S;
  /** The model at sampling temperature `temperature` (0: greedy; figures are greedy unless the kind says otherwise; temperature.ts). */
  build(spec: z.infer<S>, temperature: number): AcceptanceModel;
}

/** A draft tree: node children indexed by their 0-based top-k rank. The root is the last verified token. */
export interface TreeNode {
  children: (TreeNode | undefined)[];
}
