/** `positional`: alphas[i] is the probability that draft position i + 1 is accepted given all before it were (the last repeats). */
import { z } from '../zod.js';
import { LIMITS, prob } from '../fields.js';
import { ContextDecaySchema } from './context.js';
import { PerRequestSchema, withVariation } from './per-request.js';
import { rowsAtTemperature } from './temperature.js';
import type { AcceptanceDefinition } from './types.js';

const schema = z.strictObject({ kind: z.literal('positional'), alphas: z.array(prob).min(1).max(LIMITS.listEntries), perRequest: PerRequestSchema.optional(), context: ContextDecaySchema.optional() });

export const positionalAcceptance = {
  kind: 'positional',
  schema,
  build: (spec: z.infer<typeof schema>, temperature: number) => withVariation(rowsAtTemperature(spec.alphas.map((a) => [a]), 0, temperature), spec.perRequest, spec.context),
} as const satisfies AcceptanceDefinition<typeof schema>;
