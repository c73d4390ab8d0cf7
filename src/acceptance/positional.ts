/** `positional`: alphas[i] is the probability that draft position i + 1 is accepted given all before it were (the last repeats). */
import type { Acceptance } from '../scenario/schema.js';
import { withVariation } from './per-request.js';
import type { AcceptanceModel } from './types.js';

export function positionalAcceptance(spec: Extract<Acceptance, { kind: 'positional' }>): AcceptanceModel {
  return withVariation(spec.alphas.map((a) => [a]), spec.perRequest);
}
