/** `iid`: every drafted token is accepted with probability alpha, independently. */
import type { Acceptance } from '../scenario/schema.js';
import { withVariation } from './per-request.js';
import type { AcceptanceModel } from './types.js';

export function iidAcceptance(spec: Extract<Acceptance, { kind: 'iid' }>): AcceptanceModel {
  return withVariation([[spec.alpha]], spec.perRequest);
}
