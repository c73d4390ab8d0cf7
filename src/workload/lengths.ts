/** Token lengths: a fixed number or a distribution, rounded and clamped to [1, LIMITS.tokens]. */
import { LIMITS } from '../fields.js';
import type { Length } from './schema.js';
import { normal, type Rng } from '../sim/rng.js';

export function sampleLength(len: Length, rng: Rng): number {
  if (typeof len === 'number') return len;
  if (len.dist === 'uniform') return len.min + Math.floor(rng() * (len.max - len.min + 1));
  // lognormal with arithmetic mean `mean`: mu = ln(mean) − sigma²/2.
  const mu = Math.log(len.mean) - (len.sigma * len.sigma) / 2;
  // Capped at the per-request limit: a wide lognormal has samples beyond any context (even Infinity).
  return Math.min(LIMITS.tokens, Math.max(1, Math.round(Math.exp(mu + len.sigma * normal(rng)))));
}

/** A length the KV cache must hold: the maximum, or for a lognormal its 99th percentile. */
export function lengthBound(len: Length): number {
  if (typeof len === 'number') return len;
  if (len.dist === 'uniform') return len.max;
  const mu = Math.log(len.mean) - (len.sigma * len.sigma) / 2;
  return Math.max(1, Math.round(Math.exp(mu + 2.326 * len.sigma)));
}
