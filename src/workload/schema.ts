/** The scenario's `workload`: closed, Poisson or trace requests, and the length distributions. */
import { z } from '../zod.js';
import { FIELDS, id, LIMITS, posInt, tokens } from '../fields.js';

/** A length in tokens: a number or a distribution (samples are rounded and clamped to ≥ 1). */
export const LengthSchema = z.union([
  tokens,
  z.strictObject({ dist: z.literal('uniform'), min: tokens, max: tokens })
    .refine((d) => d.max >= d.min, { message: 'max must be ≥ min', path: ['max'] }),
  z.strictObject({ dist: z.literal('lognormal'), mean: z.number().positive().max(LIMITS.tokens), sigma: z.number().min(0).max(LIMITS.sigma) }),
]);
export type Length = z.infer<typeof LengthSchema>;

const rate = z.number().positive().max(LIMITS.rate);

export const WorkloadSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('closed'),
    /** Total requests; concurrency = the point's batch. */
    requests: FIELDS.requests,
    promptTokens: LengthSchema,
    outputTokens: LengthSchema,
  }),
  z.strictObject({
    kind: z.literal('poisson'),
    /** Arrivals per second, or a list of rates to sweep (then the scenario takes one batch: the running cap). */
    rate: z.union([rate, z.array(rate).min(1).max(LIMITS.listEntries)]),
    requests: FIELDS.requests,
    /** Cap on the running batch (the point's batch is also a cap). */
    maxBatch: posInt.max(LIMITS.batch).optional(),
    promptTokens: LengthSchema,
    outputTokens: LengthSchema,
  }),
  z.strictObject({
    kind: z.literal('trace'),
    /** CSV (arrival ms, prompt tokens, output tokens), relative to the scenario file. */
    file: id,
    maxBatch: posInt.max(LIMITS.batch).optional(),
  }),
]);
export type Workload = z.infer<typeof WorkloadSchema>;
