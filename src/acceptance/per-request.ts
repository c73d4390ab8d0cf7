/**
 * Per-request variation: a Beta draw s with mean m scales every probability
 * of the request by s / m (clamped to 1). With `iid` and `mean` = alpha, the
 * request's alpha is exactly the Beta draw.
 */
import { z } from '../zod.js';
import { beta, type Rng } from '../distributions.js';
import { LIMITS } from '../fields.js';
import { contextFactor, type ContextDecay } from './context.js';
import type { AcceptanceModel, AcceptanceRows } from './types.js';

/** Per-request variation of acceptance: a Beta distribution, by (a, b) or (mean, concentration = a + b). */
export const PerRequestSchema = z.strictObject({
  dist: z.literal('beta'),
  mean: z.number().gt(0).lt(1).optional(),
  concentration: z.number().positive().max(LIMITS.concentration).optional(),
  a: z.number().positive().max(LIMITS.concentration).optional(),
  b: z.number().positive().max(LIMITS.concentration).optional(),
}).refine((d) => {
  const ab = d.a !== undefined || d.b !== undefined;
  const mean = d.mean !== undefined || d.concentration !== undefined;
  return ab ? d.a !== undefined && d.b !== undefined && !mean : d.mean !== undefined;
}, { message: "give either 'a' and 'b', or 'mean' (and optionally 'concentration', default 10), not both" });
export type PerRequest = z.infer<typeof PerRequestSchema>;

/** Beta parameters (a, b) of a perRequest spec. Default concentration a + b = 10. */
export function betaParams(p: PerRequest): { a: number; b: number } {
  if (p.a !== undefined && p.b !== undefined) return { a: p.a, b: p.b };
  const m = p.mean!;
  const c = p.concentration ?? 10;
  return { a: m * c, b: (1 - m) * c };
}

export function scaleRows(rows: AcceptanceRows, factor: number): AcceptanceRows {
  return rows.map((r) => r.map((v) => Math.min(1, v * factor)));
}

/** An acceptance model from fixed rows, an optional per-request Beta and an optional decay with context (context.ts). */
export function withVariation(rows: AcceptanceRows, perRequest: PerRequest | undefined, context?: ContextDecay): AcceptanceModel {
  const decay = context ? { contextFactor: (c: number) => contextFactor(context, c) } : {};
  if (!perRequest) return { mean: rows, forRequest: () => rows, ...decay };
  const { a, b } = betaParams(perRequest);
  const m = a / (a + b);
  return { mean: rows, forRequest: (rng: Rng) => scaleRows(rows, beta(rng, a, b) / m), ...decay };
}
