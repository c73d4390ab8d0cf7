/**
 * Per-request variation: a Beta draw s with mean m scales every probability
 * of the request by s / m (clamped to 1). With `iid` and `mean` = alpha, the
 * request's alpha is exactly the Beta draw.
 */
import type { PerRequest } from '../scenario/schema.js';
import { beta, type Rng } from '../sim/rng.js';
import type { AcceptanceModel, AcceptanceRows } from './types.js';

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

/** An acceptance model from fixed rows and an optional per-request Beta. */
export function withVariation(rows: AcceptanceRows, perRequest: PerRequest | undefined): AcceptanceModel {
  if (!perRequest) return { mean: rows, forRequest: () => rows };
  const { a, b } = betaParams(perRequest);
  const m = a / (a + b);
  return { mean: rows, forRequest: (rng: Rng) => scaleRows(rows, beta(rng, a, b) / m) };
}
