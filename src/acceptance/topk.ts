/**
 * `topk`: cumulative top-1..top-k accuracy per Medusa head (`perHead`, head i
 * fills depth i + 1) or per EAGLE depth (`perDepth`); the last row repeats.
 * The true token beyond the top-k listed counts as not matched.
 */
import type { Acceptance } from '../scenario/schema.js';
import { withVariation } from './per-request.js';
import type { AcceptanceModel } from './types.js';

export function topkAcceptance(spec: Extract<Acceptance, { kind: 'topk' }>): AcceptanceModel {
  return withVariation(spec.perHead ?? spec.perDepth ?? [[0]], spec.perRequest);
}
