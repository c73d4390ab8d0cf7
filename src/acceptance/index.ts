/**
 * The acceptance-model registry: one file per kind (schema + builder), one
 * line here; the scenario's acceptance schema is composed from it.
 */
import { z } from 'zod';
import { iidAcceptance } from './iid.js';
import { positionalAcceptance } from './positional.js';
import { topkAcceptance } from './topk.js';
import type { AcceptanceModel } from './types.js';

const DEFINITIONS = [iidAcceptance, positionalAcceptance, topkAcceptance] as const;

/** The schemas of a tuple of definitions, as a tuple (what z.discriminatedUnion takes). */
export type SchemasOf<T extends readonly { schema: unknown }[]> = { -readonly [I in keyof T]: T[I]['schema'] };

export const AcceptanceSchema = z.discriminatedUnion('kind', DEFINITIONS.map((d) => d.schema) as unknown as SchemasOf<typeof DEFINITIONS>);
export type Acceptance = z.infer<typeof AcceptanceSchema>;

type Factory = (spec: Acceptance) => AcceptanceModel;
const BY_KIND = Object.fromEntries(DEFINITIONS.map((d) => [d.kind, d.build as Factory])) as Record<Acceptance['kind'], Factory>;

export function acceptanceModel(spec: Acceptance): AcceptanceModel {
  return BY_KIND[spec.kind](spec);
}

export { PerRequestSchema, type PerRequest } from './per-request.js';
export type { AcceptanceModel, AcceptanceRows } from './types.js';
