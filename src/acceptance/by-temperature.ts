/**
 * `byTemperature`: acceptance figures measured at several sampling
 * temperatures, e.g. EAGLE's τ at T = 0 and T = 1. At the scenario's
 * temperature the rows are interpolated linearly in T between the two points
 * that bracket it, and moved by the default relation (temperature.ts) from
 * the nearest point outside their range. Each point is one of the plain kinds
 * (`iid`, `positional`, `topk`) without `perRequest`; per-request variation,
 * and decay with context, if any, are given once, on this entry.
 */
import { z } from '../zod.js';
import { LIMITS } from '../fields.js';
import { ContextDecaySchema } from './context.js';
import { iidAcceptance } from './iid.js';
import { PerRequestSchema, withVariation } from './per-request.js';
import { positionalAcceptance } from './positional.js';
import { rowsFromPoints } from './temperature.js';
import { topkAcceptance } from './topk.js';
import type { AcceptanceDefinition, AcceptanceModel, AcceptanceRows } from './types.js';

const PLAIN = [iidAcceptance, positionalAcceptance, topkAcceptance] as const;
const plainSchema = z.discriminatedUnion('kind', [iidAcceptance.schema, positionalAcceptance.schema, topkAcceptance.schema]);
type Plain = z.infer<typeof plainSchema>;

/** Sampling temperatures a scenario or an acceptance point may name: 0 (greedy) to 2, the range engines' APIs accept. */
export const temperatureField = z.number().min(0).max(LIMITS.temperature);

const point = z.strictObject({
  temperature: temperatureField.describe('the sampling temperature these figures were measured at'),
  acceptance: plainSchema
    .refine((a) => a.perRequest === undefined, { message: "give 'perRequest' once, on the byTemperature entry, not per point" })
    .refine((a) => a.context === undefined, { message: "give 'context' once, on the byTemperature entry, not per point" }),
});

const schema = z.strictObject({
  kind: z.literal('byTemperature'),
  points: z.array(point).min(1).max(LIMITS.listEntries),
  perRequest: PerRequestSchema.optional(),
  context: ContextDecaySchema.optional(),
}).refine((d) => new Set(d.points.map((p) => p.temperature)).size === d.points.length, { message: 'each point needs its own temperature' });

/** A point's rows as given (at its own temperature). */
function plainRows(a: Plain): AcceptanceRows {
  const def = PLAIN.find((d) => d.kind === a.kind)! as unknown as { build(spec: Plain, t: number): AcceptanceModel };
  return def.build(a, 0).mean;
}

export const byTemperatureAcceptance = {
  kind: 'byTemperature',
  schema,
  build(spec: z.infer<typeof schema>, temperature: number) {
    const points = spec.points.map((p) => ({ temperature: p.temperature, rows: plainRows(p.acceptance) })).sort((a, b) => a.temperature - b.temperature);
    return withVariation(rowsFromPoints(points, temperature), spec.perRequest, spec.context);
  },
} as const satisfies AcceptanceDefinition<typeof schema>;
