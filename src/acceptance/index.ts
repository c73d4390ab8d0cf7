/**
 * The acceptance-model registry: one file per kind (schema + builder), one
 * line here; the scenario's acceptance schema is composed from it.
 */
import { z } from '../zod.js';
import { byTemperatureAcceptance } from './by-temperature.js';
import { iidAcceptance } from './iid.js';
import { positionalAcceptance } from './positional.js';
import { topkAcceptance } from './topk.js';
import type { AcceptanceModel } from './types.js';

const DEFINITIONS = [iidAcceptance, positionalAcceptance, topkAcceptance, byTemperatureAcceptance] as const;

/** The schemas of a tuple of definitions, as a tuple (what z.discriminatedUnion takes). */
export type SchemasOf<T extends readonly { schema: unknown }[]> = { -readonly [I in keyof T]: T[I]['schema'] };

export const AcceptanceSchema = z.discriminatedUnion('kind', DEFINITIONS.map((d) => d.schema) as unknown as SchemasOf<typeof DEFINITIONS>);
export type Acceptance = z.infer<typeof AcceptanceSchema>;

type Factory = (spec: Acceptance, temperature: number) => AcceptanceModel;
const BY_KIND = Object.fromEntries(DEFINITIONS.map((d) => [d.kind, d.build as Factory])) as Record<Acceptance['kind'], Factory>;

/** The acceptance model of `spec` at sampling temperature `temperature` (default 0, greedy: the figures as given). */
export function acceptanceModel(spec: Acceptance, temperature = 0): AcceptanceModel {
  return BY_KIND[spec.kind](spec, temperature);
}

export { temperatureField } from './by-temperature.js';

export { PerRequestSchema, type PerRequest } from './per-request.js';
export type { AcceptanceModel, AcceptanceRows } from './types.js';
