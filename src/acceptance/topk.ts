/**
 * `topk`: cumulative top-1..top-k accuracy per Medusa head (`perHead`, head i
 * fills depth i + 1) or per EAGLE depth (`perDepth`); the last row repeats.
 * The true token beyond the top-k listed counts as not matched.
 */
import { z } from '../zod.js';
import { LIMITS, prob } from '../fields.js';
import { ContextDecaySchema } from './context.js';
import { PerRequestSchema, withVariation } from './per-request.js';
import { rowsAtTemperature } from './temperature.js';
import type { AcceptanceDefinition } from './types.js';

const cumulativeRow = z.array(prob).min(1).max(LIMITS.listEntries)
  .refine((r) => r.every((v, i) => i === 0 || v >= r[i - 1]!), { message: 'cumulative top-k accuracies must be non-decreasing' });

const schema = z.strictObject({
  kind: z.literal('topk'),
  perHead: z.array(cumulativeRow).min(1).max(LIMITS.listEntries).optional(),
  perDepth: z.array(cumulativeRow).min(1).max(LIMITS.listEntries).optional(),
  perRequest: PerRequestSchema.optional(),
  context: ContextDecaySchema.optional(),
}).refine((d) => (d.perHead === undefined) !== (d.perDepth === undefined), { message: "give exactly one of 'perHead' or 'perDepth'" });

export const topkAcceptance = {
  kind: 'topk',
  schema,
  build: (spec: z.infer<typeof schema>, temperature: number) => withVariation(rowsAtTemperature(spec.perHead ?? spec.perDepth ?? [[0]], 0, temperature), spec.perRequest, spec.context),
} as const satisfies AcceptanceDefinition<typeof schema>;
