/** `iid`: every drafted token is accepted with probability alpha, independently. */
import { z } from '../zod.js';
import { prob } from '../fields.js';
import { ContextDecaySchema } from './context.js';
import { PerRequestSchema, withVariation } from './per-request.js';
import { rowsAtTemperature } from './temperature.js';
import type { AcceptanceDefinition } from './types.js';

const schema = z.strictObject({ kind: z.literal('iid'), alpha: prob, perRequest: PerRequestSchema.optional(), context: ContextDecaySchema.optional() });

export const iidAcceptance = {
  kind: 'iid',
  schema,
  build: (spec: z.infer<typeof schema>, temperature: number) => withVariation(rowsAtTemperature([[spec.alpha]], 0, temperature), spec.perRequest, spec.context),
} as const satisfies AcceptanceDefinition<typeof schema>;
