/**
 * The scenario file (contract: "Scenario file"), as zod schemas; types come
 * from z.infer. Objects are strict: an unknown key is an error.
 * `scenarios/schema.json` is generated from `ScenarioSchema` (see
 * `scenarioJsonSchema`).
 */
import { z } from 'zod';
import { KV_DTYPES, WEIGHT_DTYPES } from '../cost/operators.js';

const posInt = z.number().int().positive();
const prob = z.number().min(0).max(1);

/** A length in tokens: a number or a distribution (samples are rounded and clamped to ≥ 1). */
export const LengthSchema = z.union([
  posInt,
  z.strictObject({ dist: z.literal('uniform'), min: posInt, max: posInt })
    .refine((d) => d.max >= d.min, { message: 'max must be ≥ min', path: ['max'] }),
  z.strictObject({ dist: z.literal('lognormal'), mean: z.number().positive(), sigma: z.number().min(0) }),
]);
export type Length = z.infer<typeof LengthSchema>;

export const WorkloadSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('closed'),
    /** Total requests; concurrency = the point's batch. */
    requests: posInt,
    promptTokens: LengthSchema,
    outputTokens: LengthSchema,
  }),
  z.strictObject({
    kind: z.literal('poisson'),
    /** Arrivals per second. */
    rate: z.number().positive(),
    requests: posInt,
    /** Cap on the running batch (the point's batch is also a cap). */
    maxBatch: posInt.optional(),
    promptTokens: LengthSchema,
    outputTokens: LengthSchema,
  }),
  z.strictObject({
    kind: z.literal('trace'),
    /** CSV (arrival ms, prompt tokens, output tokens), relative to the scenario file. */
    file: z.string().min(1),
    maxBatch: posInt.optional(),
  }),
]);
export type Workload = z.infer<typeof WorkloadSchema>;

/** Per-request variation of acceptance: a Beta distribution, by (a, b) or (mean, concentration = a + b). */
export const PerRequestSchema = z.strictObject({
  dist: z.literal('beta'),
  mean: z.number().gt(0).lt(1).optional(),
  concentration: z.number().positive().optional(),
  a: z.number().positive().optional(),
  b: z.number().positive().optional(),
}).refine((d) => (d.a !== undefined && d.b !== undefined) || d.mean !== undefined, { message: "give either 'a' and 'b' or 'mean' (and optionally 'concentration', default 10)" });
export type PerRequest = z.infer<typeof PerRequestSchema>;

const cumulativeRow = z.array(prob).min(1)
  .refine((r) => r.every((v, i) => i === 0 || v >= r[i - 1]!), { message: 'cumulative top-k accuracies must be non-decreasing' });

export const AcceptanceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('iid'), alpha: prob, perRequest: PerRequestSchema.optional() }),
  z.strictObject({ kind: z.literal('positional'), alphas: z.array(prob).min(1), perRequest: PerRequestSchema.optional() }),
  z.strictObject({
    kind: z.literal('topk'),
    perHead: z.array(cumulativeRow).min(1).optional(),
    perDepth: z.array(cumulativeRow).min(1).optional(),
    perRequest: PerRequestSchema.optional(),
  }).refine((d) => (d.perHead === undefined) !== (d.perDepth === undefined), { message: "give exactly one of 'perHead' or 'perDepth'" }),
]);
export type Acceptance = z.infer<typeof AcceptanceSchema>;

const label = z.string().min(1).optional();
const treePaths = z.array(z.array(z.number().int().min(0)).min(1)).min(1);

export const MethodSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('autoregressive'), label }),
  z.strictObject({ kind: z.literal('draft'), label, draft: z.string().min(1), gamma: posInt, acceptance: AcceptanceSchema }),
  z.strictObject({
    kind: z.literal('medusa'), label, heads: posInt,
    /** A tree name from medusa-trees.json (or an alias such as `medusa-63`), or inline paths of 0-based ranks. */
    tree: z.union([z.string().min(1), treePaths]),
    acceptance: AcceptanceSchema,
  }),
  z.strictObject({
    kind: z.literal('eagle'), label,
    tree: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('static'), name: z.string().min(1) }),
      z.strictObject({ kind: z.literal('dynamic'), depth: posInt, topK: posInt, nodes: posInt }),
    ]),
    acceptance: AcceptanceSchema,
  }),
  z.strictObject({
    kind: z.literal('ngram'), label, gamma: posInt, acceptance: AcceptanceSchema,
    /** Host time of one lookup per step (ms). */
    cpuMs: z.number().min(0).optional(),
  }),
]);
export type MethodSpec = z.infer<typeof MethodSchema>;
export type MethodKind = MethodSpec['kind'];

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'name must be letters, digits, . _ - (it names the report directory)'),
  seed: z.number().int().min(0).default(0),
  hardware: z.array(z.string().min(1)).min(1),
  model: z.string().min(1),
  batch: z.array(posInt).min(1),
  workload: WorkloadSchema,
  methods: z.array(MethodSchema).min(1),
  tp: posInt.default(1),
  dtype: z.enum(WEIGHT_DTYPES as unknown as [string, ...string[]]).default('bf16'),
  kvDtype: z.enum(KV_DTYPES as unknown as [string, ...string[]]).default('bf16'),
  draftDevice: z.enum(['shared', 'separate']).default('shared'),
  batching: z.enum(['continuous', 'static']).default('continuous'),
}).superRefine((s, ctx) => {
  const seen = new Set<string>();
  s.methods.forEach((m, i) => {
    const l = m.label ?? m.kind;
    if (seen.has(l)) ctx.addIssue({ code: 'custom', message: `duplicate method label '${l}'; give each method a unique 'label'`, path: ['methods', i, 'label'] });
    seen.add(l);
  });
});

/** A scenario as written (defaults applied by zod). */
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** The JSON Schema of scenario files (`scenarios/schema.json`). */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' });
}

/** Keys allowed at a JSON path, for "did you mean" hints. */
export function scenarioKnownKeys(path: readonly PropertyKey[]): readonly string[] {
  const top = ['$schema', 'name', 'seed', 'hardware', 'model', 'batch', 'workload', 'methods', 'tp', 'dtype', 'kvDtype', 'draftDevice', 'batching'];
  if (path.length === 0) return top;
  if (path[0] === 'workload') return ['kind', 'requests', 'rate', 'maxBatch', 'promptTokens', 'outputTokens', 'file', 'dist', 'min', 'max', 'mean', 'sigma'];
  if (path[0] === 'methods') return ['kind', 'label', 'draft', 'gamma', 'heads', 'tree', 'acceptance', 'cpuMs', 'name', 'depth', 'topK', 'nodes', 'alpha', 'alphas', 'perHead', 'perDepth', 'perRequest', 'dist', 'mean', 'concentration', 'a', 'b'];
  return [];
}
