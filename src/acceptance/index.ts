/** The acceptance-model registry: one line per kind. */
import type { Acceptance } from '../scenario/schema.js';
import { iidAcceptance } from './iid.js';
import { positionalAcceptance } from './positional.js';
import { topkAcceptance } from './topk.js';
import type { AcceptanceModel } from './types.js';

type Factory<K extends Acceptance['kind']> = (spec: Extract<Acceptance, { kind: K }>) => AcceptanceModel;

export const ACCEPTANCE_MODELS = {
  iid: iidAcceptance,
  positional: positionalAcceptance,
  topk: topkAcceptance,
} satisfies { [K in Acceptance['kind']]: Factory<K> };

export function acceptanceModel(spec: Acceptance): AcceptanceModel {
  return (ACCEPTANCE_MODELS[spec.kind] as Factory<typeof spec.kind>)(spec as never);
}

export type { AcceptanceModel, AcceptanceRows } from './types.js';
