/**
 * The scenario file (contract: "Scenario file"), as zod schemas; types come
 * from z.infer. Objects are strict: an unknown key is an error.
 * `scenarios/schema.json` is generated from `ScenarioSchema` (see
 * `scenarioJsonSchema`).
 */
import { z } from '../zod.js';
import { BATCHING, FIELDS, id, LIMITS, posInt } from '../fields.js';
import { MethodSchema } from '../methods/index.js';
import { temperatureField } from '../acceptance/index.js';
import { WorkloadSchema } from '../workload/schema.js';
import { KV_DTYPES, WEIGHT_DTYPES } from '../cost/operators.js';

export { FIELDS, LIMITS } from '../fields.js';

export { LengthSchema, WorkloadSchema, type Length, type Workload } from '../workload/schema.js';

export { AcceptanceSchema, PerRequestSchema, type Acceptance, type PerRequest } from '../acceptance/index.js';


export { MethodSchema, type MethodKind, type MethodSpec } from '../methods/index.js';

const weightDtype = z.enum(WEIGHT_DTYPES as unknown as [string, ...string[]]);
const kvDtype = z.enum(KV_DTYPES as unknown as [string, ...string[]]);

/**
 * A hardware entry: a profile id or file, or an object that also sets this
 * entry's tensor parallelism and dtypes (so one scenario can compare tp 2/4/8
 * or bf16/fp8 side by side). Results name it by `label`.
 */
export const HardwareEntrySchema = z.union([
  id,
  z.strictObject({
    id: id.describe('hardware profile id or path to a profile file'),
    label: z.string().min(1).max(LIMITS.nameChars).optional().describe('name in results and charts (default: id plus the settings that differ, e.g. h100-sxm-tp2-fp8)'),
    tp: FIELDS.tp.optional().describe('tensor-parallel GPUs for this entry (default: the scenario\'s tp)'),
    dtype: weightDtype.optional().describe('weight dtype for this entry'),
    kvDtype: kvDtype.optional().describe('KV-cache dtype for this entry'),
    ep: FIELDS.tp.optional().describe('expert-parallel GPUs (MoE models): routed experts split whole over them; equals tp unless dpAttention (default 1)'),
    dpAttention: z.boolean().optional().describe('data-parallel attention: ep / tp attention replicas share the batch, MoE layers send tokens to their experts and back (all-to-all)'),
  }),
]);
export type HardwareEntry = z.infer<typeof HardwareEntrySchema>;

export const ScenarioSchema = z.strictObject({
  $schema: z.string().max(LIMITS.stringChars).optional().describe('"./schema.json": lets editors check and complete this file'),
  name: z.string().max(LIMITS.nameChars).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'name must be letters, digits, . _ - (it names the report directory)')
    .describe('names the report directory reports/<name>/'),
  seed: FIELDS.seed.default(0).describe('seed of every random draw; same scenario + seed gives a byte-identical report.json'),
  hardware: z.array(HardwareEntrySchema).min(1).max(LIMITS.listEntries).describe('hardware profile ids (specsim list hardware), paths to profile files, or { id, tp, ep, dpAttention, dtype, kvDtype, label } entries'),
  model: id.describe('target model id (specsim list models) or a path to a Hugging Face config.json'),
  batch: z.array(FIELDS.batch).min(1).max(LIMITS.listEntries).describe('batch sizes to simulate: concurrency for closed workloads, a cap otherwise'),
  workload: WorkloadSchema.describe('requests: closed (batch = concurrency), poisson (rate per second) or trace (a CSV)'),
  methods: z.array(MethodSchema).min(1).max(LIMITS.listEntries).describe('speculation methods, each simulated at every hardware and batch; labels must be unique'),
  tp: FIELDS.tp.default(1).describe('tensor-parallel GPUs'),
  dtype: weightDtype.default('bf16').describe('weight dtype'),
  kvDtype: kvDtype.default('bf16').describe('KV-cache dtype'),
  draftDevice: z.enum(['shared', 'separate']).default('shared').describe('draft model on the target GPUs (shared) or on its own device (separate)'),
  engine: id.default('none').describe("serving engine profile (specsim list engines): none (the calibrated CUDA-graph kernels alone), hf, vllm, sglang, trtllm, or a profile file"),
  temperature: temperatureField.optional().describe('sampling temperature (default 0, greedy): acceptance figures are greedy ones unless given per temperature (byTemperature), and move to this temperature by the default relation c(T) = c(0)^(1 + 0.43·T) (README, Temperature)'),
  batching: z.enum(BATCHING).optional().describe("continuous: waiting prompts are prefilled whole, each prefill its own step; static: the batch drains first; chunked: each step carries at most tokenBudget tokens, decode rows first, then prompt chunks (in the same step unless the engine runs them apart). Default: the engine's (chunked for vllm, sglang, trtllm; continuous for none and hf)"),
  maxRunningRequests: FIELDS.batch.optional().describe("requests the engine runs at once (SGLang's --max-running-requests, vLLM's max_num_seqs); a batch above it runs at it, the requests beyond it waiting for a slot. Default: the engine's when speculating (sglang: 48), else the batch"),
  tokenBudget: posInt.max(LIMITS.tokens).optional().describe("chunked batching: tokens per step, decode/verify rows plus prompt chunks (vLLM's max_num_batched_tokens); default the engine's (8192)"),
  notes: z.array(z.string().max(LIMITS.stringChars)).max(LIMITS.listEntries).optional().describe('assumptions behind the numbers, shown in summary.md and index.html (compare writes the defaults it chose here)'),
}).superRefine((s, ctx) => {
  const hwLabels = new Set<string>();
  resolveHardwareEntries(s).forEach((h, i) => {
    if (hwLabels.has(h.label)) ctx.addIssue({ code: 'custom', message: `duplicate hardware label '${h.label}'; give each entry a unique 'label'`, path: ['hardware', i] });
    hwLabels.add(h.label);
  });
  const seen = new Set<string>();
  s.methods.forEach((m, i) => {
    const l = m.label ?? m.kind;
    if (seen.has(l)) ctx.addIssue({ code: 'custom', message: `duplicate method label '${l}'; give each method a unique 'label'`, path: ['methods', i, 'label'] });
    seen.add(l);
  });
  if (s.tokenBudget !== undefined && s.batching !== undefined && s.batching !== 'chunked') {
    ctx.addIssue({ code: 'custom', path: ['tokenBudget'], message: `tokenBudget applies to batching "chunked", not "${s.batching}"` });
  }
  const w = s.workload;
  const rates = w.kind === 'poisson' ? (typeof w.rate === 'number' ? [w.rate] : w.rate) : [];
  rates.forEach((r, i) => {
    const path = typeof (w as { rate?: unknown }).rate === 'number' ? ['workload', 'rate'] : ['workload', 'rate', i];
    if (w.kind === 'poisson' && (w.requests / r) * 1000 > LIMITS.arrivalMs) {
      ctx.addIssue({ code: 'custom', path,
        message: `${w.requests} requests at ${r} per second arrive over ${((w.requests / r) / 86400).toPrecision(3)} days, beyond the ${LIMITS.arrivalMs / 86_400_000 | 0} days the simulated clock resolves; use a rate of at least ${Number(((w.requests * 1000) / LIMITS.arrivalMs).toPrecision(3))} per second` });
    }
    const j = rates.indexOf(r);
    if (j < i) ctx.addIssue({ code: 'custom', path, message: `rate ${r} is listed twice (also at $.workload.rate[${j}]); each rate is one point` });
  });
  if (w.kind === 'poisson' && Array.isArray(w.rate) && s.batch.length > 1) {
    ctx.addIssue({ code: 'custom', path: ['batch'], message: `a rate sweep (workload.rate a list) takes one batch, the cap on running sequences; got ${s.batch.length}` });
  }
  if (w.kind !== 'trace') {
    const out = typeof w.outputTokens === 'number' ? w.outputTokens : w.outputTokens.dist === 'uniform' ? w.outputTokens.max : w.outputTokens.mean;
    if (w.requests * out > LIMITS.tokensPerPoint) {
      ctx.addIssue({ code: 'custom', path: ['workload', 'requests'],
        message: `requests × output tokens is ${w.requests * out}, above the limit of ${LIMITS.tokensPerPoint} simulated tokens per point (about a minute each); use at most ${Math.floor(LIMITS.tokensPerPoint / out)} requests` });
    }
  }
});

/** A hardware entry with the scenario's defaults filled in. */
export interface ResolvedHardwareEntry { id: string; label: string; tp: number; dtype: string; kvDtype: string; ep: number; dpAttention: boolean }

/** Every hardware entry of a scenario with its effective settings and label. */
export function resolveHardwareEntries(s: Pick<Scenario, 'hardware' | 'tp' | 'dtype' | 'kvDtype'>): ResolvedHardwareEntry[] {
  return s.hardware.map((e) => {
    if (typeof e === 'string') return { id: e, label: e, tp: s.tp, dtype: s.dtype, kvDtype: s.kvDtype, ep: 1, dpAttention: false };
    const r = { id: e.id, tp: e.tp ?? s.tp, dtype: e.dtype ?? s.dtype, kvDtype: e.kvDtype ?? s.kvDtype, ep: e.ep ?? 1, dpAttention: e.dpAttention === true };
    const parts = [e.id, e.tp !== undefined ? `tp${r.tp}` : '', e.ep !== undefined ? `ep${r.ep}` : '', r.dpAttention ? 'dp-attention' : '', e.dtype !== undefined ? r.dtype : '', e.kvDtype !== undefined ? `kv-${r.kvDtype}` : ''];
    return { ...r, label: e.label ?? parts.filter((x) => x).join('-') };
  });
}

/** A scenario as written (defaults applied by zod). */
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** The JSON Schema of scenario files (`scenarios/schema.json`). */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' });
}
