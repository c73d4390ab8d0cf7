/**
 * `optimize`: the best speculation setting at each batch size.
 *
 * 1. Analytic search: every candidate (candidates.ts) is costed with the
 *    simulator's own method code and cost model at the batch's mean context,
 *    and credited its expected tokens per step (acceptance.ts). The effective
 *    time per output token adds the stalls of other requests' prefills, as a
 *    closed workload sees them. The objective picks the best; among settings
 *    within 1% of it the smallest wins (so noise-level gains never buy a
 *    bigger setting, and a setting < 1% better than autoregressive is not
 *    worth speculating).
 * 2. Confirmation: the chosen setting and autoregressive are simulated with
 *    `runScenario` (closed workload, same seed). If the simulation finds the
 *    chosen setting slower than autoregressive, autoregressive is the answer.
 */
import { resolveHardware } from '../catalog/hardware.js';
import { resolveModel } from '../catalog/models.js';
import { memoryFootprint } from '../cost/memory.js';
import type { CostOptions } from '../cost/operators.js';
import { UserError } from '../errors.js';
import type { MethodEnv } from '../methods/index.js';
import type { Report, Result } from '../report/types.js';
import { runScenario, specsimVersion } from '../scenario/run.js';
import type { Scenario } from '../scenario/schema.js';
import { methodDefinition } from '../methods/index.js';
import { checkEngineRuns, DEFAULT_ENGINE, engineRuns, resolveEngine } from '../catalog/engines.js';
import { engineCost } from '../serving/engine-cost.js';
import type { CostFn } from '../sim/cost-cache.js';
import { iterationMs, phaseMs } from '../methods/work.js';
import { acceptanceFor, type Family } from './acceptance.js';
import { buildCandidates, compareSize, type Candidate, type Setting } from './candidates.js';

export type Objective = 'user' | 'throughput' | 'slo';
export const OBJECTIVES: readonly Objective[] = ['user', 'throughput', 'slo'];

/** Settings within this fraction of the best count as ties; the smallest wins. */
export const TIE_TOLERANCE = 0.01;

export interface OptimizeInput {
  hardware: string;
  model: string;
  family: Family;
  /** Draft model (family draft). */
  draft?: string;
  alpha?: number;
  accuracy?: string;
  batch: number[];
  objective: Objective;
  /** Per-token latency limit (objective slo). */
  sloMs?: number;
  /** Prompt tokens (the context a request starts decoding with). */
  context: number;
  outputTokens: number;
  /** Requests simulated per batch (default max(32, 4 × batch)). */
  requests?: number;
  seed: number;
  /** Serving engine profile (default none: the kernels alone). */
  engine?: string;
  onProgress?: (p: { done: number; total: number; batch: number }) => void;
}

export interface AnalyticNumbers {
  tpotMs: number;
  userTokensPerS: number;
  tokensPerS: number;
  speedup: number;
  /** Expected tokens per target step per sequence (bonus included). */
  acceptedPerStep: number;
  /** One iteration: drafting + verification (ms). */
  stepMs: number;
  /** Settings costed at this batch (memory permitting). */
  searched: number;
  meetsSlo?: boolean;
}

export interface SimulatedNumbers {
  tpotMs: number;
  userTokensPerS: number;
  tokensPerS: number;
  speedup: number;
  acceptedPerStep: number;
  acceptanceRate: number | null;
  requests: number;
  meetsSlo?: boolean;
  /** The analytic choice the simulation rejected (slower than autoregressive), if any. */
  rejected?: Setting;
}

export interface OptimizePoint {
  batch: number;
  best: Setting;
  userTokensPerS: number;
  tokensPerS: number;
  speedup: number;
  analytic: AnalyticNumbers;
  simulated: SimulatedNumbers;
}

/** The JSON document (`--json`, optimize.json). */
export interface OptimizeDoc {
  points: OptimizePoint[];
  crossoverBatch: number | null;
}

export interface OptimizeMeta {
  hardware: string;
  model: string;
  family: Family;
  draft?: string;
  objective: Objective;
  sloMs?: number;
  acceptance: string;
  context: number;
  outputTokens: number;
  seed: number;
}

export interface OptimizeOutcome {
  doc: OptimizeDoc;
  meta: OptimizeMeta;
  /** The confirmation simulations as one report (methods `autoregressive` and `best`). */
  report: Report;
}

interface Evaluated {
  c: Candidate;
  a: Omit<AnalyticNumbers, 'speedup' | 'searched'>;
}

/** Analytic numbers of one candidate at `batch`. */
export function evaluate(c: Candidate, env: MethodEnv, cost: CostFn, batch: number, prompt: number, output: number): Omit<AnalyticNumbers, 'speedup' | 'searched'> {
  const ctx = prompt + output / 2;
  const iter = (lastEmitted: number): number => iterationMs(c.method.iteration(ctx, lastEmitted), batch, ctx, cost, env.target);
  const e = c.expected;
  // The draft catches up on the most tokens any sequence took last step: all drafts + 1 when some
  // sequence of the batch accepted everything, else about the expected count.
  const pAll = 1 - (1 - c.allAccepted) ** batch;
  const typical = Math.max(1, Math.min(c.method.maxAccepted, Math.round(e)));
  const stepMs = pAll > 0 ? pAll * iter(c.method.maxAccepted + 1) + (1 - pAll) * iter(typical) : iter(typical);
  // Other requests finish at (batch − 1)·E/(output − 1) per step and are replaced: their prefills (grouped) stall this one.
  const finishes = (batch - 1) * e / Math.max(1, output - 1);
  const group = Math.max(1, Math.round(finishes));
  const prefill = (n: number): number => {
    const pd = c.method.prefillDraft(prompt);
    return cost(env.target, n, prompt, 0, 'prefill').ms + (pd ? phaseMs(pd, n, cost) : 0);
  };
  const stallMs = finishes > 0 ? (finishes / group) * prefill(group) : 0;
  const tpotMs = (stepMs + stallMs) / e;
  return { tpotMs, userTokensPerS: 1000 / tpotMs, tokensPerS: (batch * 1000) / tpotMs, acceptedPerStep: e, stepMs };
}

function objectiveValue(o: Objective, a: { userTokensPerS: number; tokensPerS: number }): number {
  return o === 'user' ? a.userTokensPerS : a.tokensPerS;
}

/** The analytic choice among evaluated candidates (autoregressive first). */
export function choose(evals: Evaluated[], objective: Objective, sloMs: number | undefined): { pick: Evaluated; meetsSlo: boolean | undefined } {
  let pool = evals;
  let meetsSlo: boolean | undefined;
  if (objective === 'slo') {
    const ok = evals.filter((e) => e.a.tpotMs <= sloMs!);
    meetsSlo = ok.length > 0;
    // Nothing meets the limit: the fastest per token is the closest.
    pool = ok.length > 0 ? ok : evals;
  }
  const value = (e: Evaluated): number => (objective === 'slo' && !meetsSlo ? e.a.userTokensPerS : objectiveValue(objective, e.a));
  const top = Math.max(...pool.map(value));
  const near = pool.filter((e) => value(e) >= top * (1 - TIE_TOLERANCE));
  near.sort((x, y) => compareSize(x.c.size, y.c.size));
  return { pick: near[0]!, meetsSlo };
}

/**
 * The confirmation workload: closed, `context` prompt tokens, output lengths
 * uniform in [output/2, 3·output/2] (mean `output`). Varied lengths keep the
 * requests out of lockstep, as in serving, so every method sees the prefill
 * stalls of replaced requests (fixed lengths would spare autoregressive only).
 */
export function simWorkload(input: Pick<OptimizeInput, 'requests' | 'context' | 'outputTokens'>, batch: number): Scenario['workload'] {
  const o = input.outputTokens;
  const min = Math.max(2, Math.round(o / 2));
  return {
    kind: 'closed', requests: input.requests ?? Math.max(32, 4 * batch), promptTokens: input.context,
    outputTokens: { dist: 'uniform', min, max: Math.max(min, 2 * o - min) },
  };
}

export function optimize(input: OptimizeInput): OptimizeOutcome {
  const hw = resolveHardware(input.hardware, '--hardware');
  const target = resolveModel(input.model, '--model');
  if (input.family === 'draft' && !input.draft) throw new UserError('the draft method needs a draft model', '--draft');
  if (input.family === 'draft') resolveModel(input.draft!, '--draft');
  if (input.objective === 'slo' && !(input.sloMs !== undefined && input.sloMs > 0)) throw new UserError('objective slo needs a positive --slo-ms', '--slo-ms');
  const acc = acceptanceFor(input.family, input.alpha, input.accuracy);
  const opts: CostOptions = { tp: 1, weightDtype: 'bf16', kvDtype: 'bf16', cudaGraphs: true };
  const engine = resolveEngine(input.engine ?? DEFAULT_ENGINE, '--engine');
  checkEngineRuns(engine, input.family, input.family, false, '--method');
  // The analytic search prices steps as the engine runs them (fusion, graph padding, sampler); the simulation adds its host and bookkeeping.
  const env: MethodEnv = { hw, target, opts, draftDevice: 'shared' };
  const cost = engineCost(hw, opts, engine, target.id, true).cost;
  const candidates = buildCandidates({ family: input.family, acceptance: acc.spec, ...(input.draft ? { draft: input.draft } : {}) }, env)
    .filter((c) => engineRuns(engine, c.method.kind)?.trees !== false || !c.method.branches);
  const batches = [...new Set(input.batch)].sort((a, b) => a - b);
  const points: OptimizePoint[] = [];
  const results: Result[] = [];
  const name = `optimize-${target.id}-${hw.id}-${input.family}`.replace(/[^A-Za-z0-9._-]/g, '-');
  const wl = simWorkload(input, 1);
  const perSeq = input.context + (wl.kind === 'closed' && typeof wl.outputTokens === 'object' && wl.outputTokens.dist === 'uniform' ? wl.outputTokens.max : input.outputTokens);

  batches.forEach((batch, bi) => {
    const fits = candidates.filter((c) => memoryFootprint(hw, target, { batch, contextTokens: perSeq + c.method.extraKvTokens }, opts, c.method.residentModels).fits);
    const ar = candidates[0]!;
    if (!fits.includes(ar)) {
      const fp = memoryFootprint(hw, target, { batch, contextTokens: perSeq }, opts);
      throw new UserError(`batch ${batch} of ${target.id} at ${perSeq} tokens per sequence does not fit in ${hw.id} memory; the largest batch that fits is ${fp.maxBatch ?? 0}${(fp.maxBatch ?? 0) > 0 ? '' : fp.weightBytes > fp.capacityBytes ? `: the weights alone (${(fp.weightBytes / 1e9).toFixed(1)} GB) exceed the ${(fp.capacityBytes / 1e9).toFixed(1)} GB of one device` : `: the weights fit but not the KV cache of one sequence of ${perSeq} tokens`}`, fp.weightBytes > fp.capacityBytes ? '--model' : '--batch');
    }
    const evals: Evaluated[] = fits.map((c) => ({ c, a: evaluate(c, env, cost, batch, input.context, input.outputTokens) }));
    const arEval = evals[0]!;
    const { pick, meetsSlo } = choose(evals, input.objective, input.sloMs);

    const simulate = (c: Candidate): Result[] => {
      const scenario: Scenario = {
        name, seed: input.seed, hardware: [input.hardware], model: input.model, batch: [batch],
        workload: simWorkload(input, batch),
        methods: c === ar ? [{ kind: 'autoregressive' }] : [{ kind: 'autoregressive' }, { ...c.spec, label: 'best' } as Scenario['methods'][number]],
        tp: 1, dtype: 'bf16', kvDtype: 'bf16', draftDevice: 'shared', batching: 'continuous', engine: engine.id === DEFAULT_ENGINE ? DEFAULT_ENGINE : (input.engine ?? DEFAULT_ENGINE),
      };
      return runScenario(scenario, { where: 'optimize' }).results;
    };
    let chosen = pick;
    let sim = simulate(pick.c);
    let rejected: Setting | undefined;
    const bestOf = (rs: Result[]): Result => rs.find((r) => r.method === 'best') ?? rs[0]!;
    if (chosen.c !== ar && (bestOf(sim).metrics.speedup ?? 0) < 1) {
      rejected = chosen.c.setting;
      chosen = arEval;
      sim = sim.filter((r) => r.method === 'autoregressive');
    }
    const arRes = sim.find((r) => r.method === 'autoregressive')!;
    // The best setting differs per batch: say which one this result simulates, so charts do not pool γ=9 with γ=3.
    const bestSim = bestOf(sim);
    const bestRes = chosen.c === ar ? { ...arRes, method: 'best' } : { ...bestSim, ...(bestSim.detail ? { detail: { ...bestSim.detail, setting: methodDefinition(chosen.c.setting.method)?.search?.describe(chosen.c.setting) ?? chosen.c.setting.method } } : {}) };
    results.push(arRes, bestRes);
    const m = bestRes.metrics;
    const speedup = chosen.c === ar ? 1 : (m.speedup ?? 1);
    const simMeets = input.objective === 'slo' ? { meetsSlo: m.tpotMs.mean <= input.sloMs! } : {};
    points.push({
      batch,
      best: chosen.c.setting,
      userTokensPerS: m.userTokensPerS,
      tokensPerS: m.tokensPerS,
      speedup,
      analytic: {
        ...chosen.a,
        speedup: arEval.a.tpotMs / chosen.a.tpotMs,
        searched: evals.length,
        ...(meetsSlo !== undefined ? { meetsSlo: chosen.a.tpotMs <= input.sloMs! } : {}),
      },
      simulated: {
        tpotMs: m.tpotMs.mean,
        userTokensPerS: m.userTokensPerS,
        tokensPerS: m.tokensPerS,
        speedup,
        acceptedPerStep: m.acceptedPerStep,
        acceptanceRate: m.acceptanceRate,
        requests: m.requests,
        ...simMeets,
        ...(rejected ? { rejected } : {}),
      },
    });
    input.onProgress?.({ done: bi + 1, total: batches.length, batch });
  });

  const cross = points.find((p) => p.best.method === 'autoregressive');
  const meta: OptimizeMeta = {
    hardware: hw.id, model: target.id, family: input.family,
    ...(input.draft && input.family === 'draft' ? { draft: input.draft } : {}),
    objective: input.objective,
    ...(input.objective === 'slo' ? { sloMs: input.sloMs! } : {}),
    acceptance: acc.describe, context: input.context, outputTokens: input.outputTokens, seed: input.seed,
  };
  const report: Report = {
    specsim: specsimVersion(),
    scenario: {
      name, hardware: [hw.id], model: target.id, batch: batches,
      workload: { ...simWorkload(input, 0), requests: input.requests ?? 'max(32, 4 × batch)' },
      methods: [{ kind: 'autoregressive', label: 'autoregressive' }, { kind: input.family, label: 'best', note: 'the best setting at each batch (optimize.json)' }],
      optimize: meta,
    },
    seed: input.seed,
    results,
  };
  return { doc: { points, crossoverBatch: cross ? cross.batch : null }, meta, report };
}
