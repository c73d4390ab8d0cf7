/**
 * `runScenario`: every point of a scenario (hardware × batch × method),
 * simulated and summarized as the contract's Results. Pure apart from reading
 * the shipped data and a trace CSV: no output files (see report/write.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resolveHardware } from '../hardware/resolve.js';
import { dataDir } from '../catalog/data-dir.js';
import { resolveModel } from '../catalog/models.js';
import type { CostOptions, KvDtype, WeightDtype } from '../cost/operators.js';
import { buildMethod, type BuiltMethod, type MethodEnv } from '../methods/index.js';
import { UserError } from '../errors.js';
import { draftCostOptions } from '../methods/deployment.js';
import { deploymentFit, misfitError } from '../methods/fits.js';
import type { HardwareProfile } from '../cost/backends/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { LoadDetail, ResolvedScenario, Result, RunReport } from '../report/types.js';
import { checkEngineDraftTp, checkEngineRuns, resolveEngine } from '../catalog/engines.js';
import { engineCost } from '../serving/engine-cost.js';
import { engineOverhead, engineRunningCap, engineStepHost } from '../serving/engine-method.js';
import type { CostFn } from '../sim/cost-cache.js';
import { simulatePoint, type IterationOverhead, type PointOutcome, type StepHost } from '../sim/engine.js';
import { stream } from '../sim/rng.js';
import { planWorkload, rateSweep, type WorkloadPlan } from '../workload/index.js';
import { resolveHardwareEntries, ScenarioSchema, type MethodSpec, type Scenario } from './schema.js';
import type { EngineProfile } from '../catalog/engine-schema.js';
import type { BatchPolicy } from '../sim/policy.js';
import { BATCH_POLICIES, type Batching } from '../sim/policies/index.js';
import { checkExpertParallelism, checkParallelism } from '../cost/parallelism.js';
import { backendOf } from '../cost/backends/index.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Where relative paths (trace files) resolve; default the working directory. */
  baseDir?: string;
  /** Names the scenario in errors (its file). */
  where?: string;
  onProgress?: (p: { done: number; total: number; hardware: string; method: string; batch: number }) => void;
}

let version: string | undefined;
export function specsimVersion(): string {
  version ??= (JSON.parse(readFileSync(join(dirname(dataDir()), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** The scenario as resolved: defaults applied (batching from the engine), labels filled in, `$schema` dropped, the effective seed. */
export function resolvedScenario(s: Scenario, seed: number, engine?: EngineProfile): ResolvedScenario {
  const { $schema: _schema, ...rest } = s;
  const b: { batching: Batching; tokenBudget?: number } = engine ? batchingOf(s, engine) : { batching: s.batching ?? 'continuous' };
  const filled: ResolvedScenario = { ...rest, seed, methods: s.methods.map((m) => ({ ...m, label: m.label ?? m.kind })), batching: b.batching, ...(b.tokenBudget !== undefined ? { tokenBudget: b.tokenBudget } : {}) };
  // Keys in the schema's order, so a default filled in sits where a written key would.
  const keys = [...Object.keys(ScenarioSchema.shape), ...Object.keys(filled)] as (keyof ResolvedScenario)[];
  return Object.fromEntries([...new Set(keys)].filter((k) => k in filled).map((k) => [k, filled[k]])) as ResolvedScenario;
}

/** The batch policy a scenario runs under: its own `batching`, else its engine's default (chunked prefill with the engine's budget, or whole prompts). */
export function batchingOf(s: Pick<Scenario, 'batching' | 'tokenBudget'>, engine: EngineProfile): { batching: Batching; tokenBudget?: number; mixed: boolean } {
  const batching = s.batching ?? (engine.chunkedPrefill.default ? 'chunked' : 'continuous');
  const mixed = engine.chunkedPrefill.mixed;
  return batching === 'chunked' ? { batching, tokenBudget: s.tokenBudget ?? engine.chunkedPrefill.tokenBudget, mixed } : { batching, mixed };
}

/**
 * The load axis of a scenario: its batch sizes, or for a Poisson rate sweep
 * (`workload.rate` a list) its rates, each at the scenario's one batch (the
 * cap on running sequences).
 */
export interface LoadPoint { batch: number; rate?: number }

export function loadPoints(scenario: Pick<Scenario, 'batch' | 'workload'>): LoadPoint[] {
  const rates = rateSweep(scenario.workload);
  return rates ? rates.map((rate) => ({ batch: scenario.batch[0]!, rate })) : scenario.batch.map((batch) => ({ batch }));
}

/**
 * One point of a scenario: indices into `hardware`, the load points (`batch`: an index into
 * `loadPoints`, the batch sizes unless the scenario sweeps the rate) and `methods`;
 * `method` −1 is the autoregressive baseline simulated for speedups when the
 * scenario has no autoregressive method of its own.
 */
export interface PointId {
  hardware: number;
  batch: number;
  method: number;
}

/** A method as the scenario's serving engine runs it. */
export interface ServedMethod {
  cost: CostFn;
  overhead: IterationOverhead | undefined;
  /** The engine's host time before a prefill or chunk-only step. */
  stepHost: StepHost | undefined;
  /** Requests the engine runs at once (undefined: the batch). */
  maxRunning: number | undefined;
}

/** What a hardware entry of a scenario resolves to: the methods, the workload plan per batch and the devices per point. */
export interface HardwareSetup {
  hw: HardwareProfile;
  /** The entry's name in results (its id, or the label of an entry with its own settings). */
  label: string;
  target: ModelSpec;
  env: MethodEnv;
  /** How each method (and the baseline) is served: its cost model as the engine runs it, and the engine's per-iteration overhead. */
  serving: Map<BuiltMethod, ServedMethod>;
  methods: BuiltMethod[];
  baseline: BuiltMethod;
  plans: WorkloadPlan[];
  /** The batch policy every point of this entry runs under. */
  policy: BatchPolicy;
  /** devices[batch index][method index] (the last column is the baseline). */
  devices: number[][];
}

/** A scenario ready to simulate: the effective seed, every hardware entry set up (memory checked), and the points in report order. */
export interface PreparedScenario {
  scenario: Scenario;
  seed: number;
  setups: HardwareSetup[];
  points: PointId[];
}

/** Resolve hardware entry `hi`; with `checkMemory`, fail (UserError) if any point does not fit. */
export function setupHardware(scenario: Scenario, hi: number, seed: number, opts: RunOptions = {}, checkMemory = true): HardwareSetup {
  const where = opts.where ?? 'scenario';
  const entry = resolveHardwareEntries(scenario)[hi]!;
  const hw = resolveHardware(entry.id, `${where} at $.hardware[${hi}]`);
  const target = resolveModel(scenario.model, `${where} at $.model`);
  // A system that sizes itself (Groq) takes no tp: a scenario-wide tp leaves it at 1.
  const raw = scenario.hardware[hi]!;
  const tp = backendOf(hw).sizesItself ? (typeof raw === 'string' ? 1 : raw.tp ?? 1) : entry.tp;
  checkParallelism(hw, target, tp, `${where} at $.hardware[${hi}]`);
  const costOpts: CostOptions = {
    tp, weightDtype: entry.dtype as WeightDtype, kvDtype: entry.kvDtype as KvDtype, cudaGraphs: true,
    ...(entry.ep > 1 ? { ep: entry.ep } : {}), ...(entry.dpAttention ? { dpAttention: true } : {}),
  };
  checkExpertParallelism(hw, target, costOpts, `${where} at $.hardware[${hi}].ep`);
  const engine = resolveEngine(scenario.engine, `${where} at $.engine`);
  // Each method prices its steps through the engine (padding, fusion, sampler) and pays the engine's per-step costs.
  const env: MethodEnv = { hw, target, opts: costOpts, draftDevice: scenario.draftDevice, ...(scenario.temperature !== undefined ? { temperature: scenario.temperature } : {}) };
  const serving = new Map<BuiltMethod, ServedMethod>();
  const build = (m: MethodSpec, w: string): BuiltMethod => {
    const method = buildMethod(m, env, w);
    checkEngineRuns(engine, m.kind, method.label, method.branches, w);
    const d = method.draftDeployment;
    if (d) checkEngineDraftTp(engine, m.kind, d, costOpts.tp, { draftTp: `${w}.draftTp`, draftPlacement: `${w}.draftPlacement` });
    const draftOpts = draftCostOptions(costOpts, d);
    serving.set(method, { cost: engineCost(hw, costOpts, engine, target.id, m.kind !== 'autoregressive', d && draftOpts ? { modelIds: d.pricedIds, opts: draftOpts } : undefined).cost, overhead: engineOverhead(engine, method, target.id), stepHost: engineStepHost(engine, method), maxRunning: engineRunningCap(engine, method, scenario.maxRunningRequests) });
    return method;
  };
  const methods = scenario.methods.map((m, i) => build(m, `${where} at $.methods[${i}]`));
  const baseline = methods.find((m) => m.kind === 'autoregressive') ?? build({ kind: 'autoregressive', label: 'autoregressive' }, where);
  const plans = loadPoints(scenario).map((l) => planWorkload(scenario.workload, l.batch, seed, opts.baseDir, l.rate));
  const b = batchingOf(scenario, engine);
  const policy = BATCH_POLICIES[b.batching]({ tokenBudget: b.tokenBudget ?? engine.chunkedPrefill.tokenBudget, mixed: b.mixed });
  if (policy.tokenBudget !== undefined) {
    // A step must hold every running sequence's decode rows: a smaller budget cannot run the batch.
    plans.forEach((plan, bi) => [...methods, baseline].forEach((m) => {
      const rows = plan.maxBatch * m.iteration(0, 1).verifyTokens;
      if (rows > policy.tokenBudget!) {
        throw new UserError(`tokenBudget ${policy.tokenBudget} is below the ${rows} tokens one step of batch ${plan.maxBatch} with '${m.label}' decodes; raise tokenBudget or lower the batch`, `${where} at ${scenario.tokenBudget !== undefined ? '$.tokenBudget' : `$.batch[${Math.min(bi, scenario.batch.length - 1)}]`}`);
      }
    }));
  }
  // Check memory for every point first, so a batch that cannot fit fails fast.
  const devices = plans.map((plan, bi) => [...methods, baseline].map((m) => {
    const running = Math.min(plan.maxBatch, serving.get(m)!.maxRunning ?? plan.maxBatch);
    const fit = deploymentFit(env, m, { batch: running, contextTokens: plan.maxContextTokens });
    if (checkMemory && !fit.fits) {
      throw misfitError(env, m, fit, { hardware: entry.label, method: m.label, batch: running, contextTokens: plan.maxContextTokens, where: `${where} at $.batch[${Math.min(bi, scenario.batch.length - 1)}]` });
    }
    return fit.devices;
  }));
  return { hw, label: entry.label, target, env, serving, methods, baseline, plans, policy, devices };
}

/** The points of a scenario in report order: hardware, then batch, then (baseline if needed) the methods. */
export function scenarioPoints(scenario: Scenario): PointId[] {
  const hasBaseline = scenario.methods.some((m) => m.kind === 'autoregressive');
  const points: PointId[] = [];
  scenario.hardware.forEach((_h, hardware) => loadPoints(scenario).forEach((_l, batch) => {
    if (!hasBaseline) points.push({ hardware, batch, method: -1 });
    scenario.methods.forEach((_m, method) => points.push({ hardware, batch, method }));
  }));
  return points;
}

export function prepareScenario(scenario: Scenario, opts: RunOptions = {}): PreparedScenario {
  const seed = opts.seed ?? scenario.seed;
  const setups = scenario.hardware.map((_h, hi) => setupHardware(scenario, hi, seed, opts));
  return { scenario, seed, setups, points: scenarioPoints(scenario) };
}

/**
 * Simulate one point. Its only random stream is seeded from the scenario
 * seed and the point's identity (hardware, method label, batch), and the
 * workload from the seed alone, so a point's outcome does not depend on
 * which other points ran before it, in which process or thread.
 */
export function simulateScenarioPoint(scenario: Scenario, setup: HardwareSetup, seed: number, p: PointId, onProgress?: (fraction: number) => void): PointOutcome {
  const m = p.method < 0 ? setup.baseline : setup.methods[p.method]!;
  const served = setup.serving.get(m)!;
  const { batch, rate } = loadPoints(scenario)[p.batch]!;
  const cap = capOf(served, setup.plans[p.batch]!.maxBatch);
  return simulatePoint({
    target: setup.target, method: m, cost: served.cost, ...(served.overhead ? { overhead: served.overhead } : {}), ...(served.stepHost ? { stepHost: served.stepHost } : {}), ...(cap !== undefined ? { maxRunning: cap } : {}), workload: setup.plans[p.batch]!, batching: setup.policy, draftDevice: m.draftDeployment?.placement ?? scenario.draftDevice,
    acceptanceRng: rate === undefined ? stream(seed, 'acceptance', setup.hw.id, m.label, batch) : stream(seed, 'acceptance', setup.hw.id, m.label, batch, rate),
    perRequestRng: stream(seed, 'perRequest'),
    ...(onProgress ? { onProgress } : {}),
  });
}

/** The engine's cap on running requests when it is below `maxBatch` (else undefined: the batch runs whole). */
function capOf(served: ServedMethod, maxBatch: number): number | undefined {
  return served.maxRunning !== undefined && served.maxRunning < maxBatch ? served.maxRunning : undefined;
}

export const pointKey = (p: PointId): string => `${p.hardware}|${p.batch}|${p.method}`;

/** The report from every point's outcome; speedups are computed here, after all points are in. */
export function assembleReport(prep: PreparedScenario, outcome: (p: PointId) => PointOutcome): RunReport {
  const { scenario, seed, setups } = prep;
  const results: Result[] = [];
  const loads = loadPoints(scenario);
  setups.forEach((setup, hardware) => loads.forEach(({ batch, rate }, bi) => {
    const outs = setup.methods.map((_m, method) => outcome({ hardware, batch: bi, method }));
    const bIndex = setup.methods.indexOf(setup.baseline);
    const base = bIndex >= 0 ? outs[bIndex]! : outcome({ hardware, batch: bi, method: -1 });
    const baseTpot = base.tpotMs.mean;
    const baseTps = tokensPerS(base);
    const plan = setup.plans[bi]!;
    setup.methods.forEach((m, i) => results.push(toResult(setup.label, modelLabel(setup.target), m, batch, outs[i]!, setup.devices[bi]![i]!, baseTpot, baseTps, setup.env.opts, plan.closed ? undefined : plan.maxBatch, rate, capOf(setup.serving.get(m)!, plan.maxBatch))));
  }));
  return { specsim: specsimVersion(), scenario: resolvedScenario(scenario, seed, resolveEngine(scenario.engine)), seed, results };
}

/** A result's model: the catalog id, or for a config.json its `_name_or_path` (the path says nothing to a reader). */
function modelLabel(m: ModelSpec): string {
  return m.source.startsWith('file:') ? m.name : m.id;
}

/** Progress as the CLI shows it: only the scenario's own methods count (not the implicit baseline). */
export function progressOf(prep: PreparedScenario, p: PointId, done: number): Parameters<NonNullable<RunOptions['onProgress']>>[0] {
  const { scenario } = prep;
  return {
    done,
    total: scenario.hardware.length * loadPoints(scenario).length * scenario.methods.length,
    hardware: prep.setups[p.hardware]!.label,
    method: prep.setups[p.hardware]!.methods[p.method]?.label ?? 'autoregressive',
    batch: loadPoints(scenario)[p.batch]!.batch,
  };
}

/** Every point simulated in this thread, in report order (see `runScenarioParallel` for worker threads). */
export function runScenario(scenario: Scenario, opts: RunOptions = {}): RunReport {
  return runPrepared(prepareScenario(scenario, opts), opts);
}

/** `runScenario` for a scenario already prepared (memory checked). */
export function runPrepared(prep: PreparedScenario, opts: RunOptions = {}): RunReport {
  const { scenario } = prep;
  const outcomes = new Map<string, PointOutcome>();
  let done = 0;
  for (const p of prep.points) {
    // Within a point, progress moves with the requests finished (a long point is not a frozen bar).
    const within = opts.onProgress && p.method >= 0 ? (x: number) => opts.onProgress!(progressOf(prep, p, done + x)) : undefined;
    outcomes.set(pointKey(p), simulateScenarioPoint(scenario, prep.setups[p.hardware]!, prep.seed, p, within));
    if (p.method >= 0) opts.onProgress?.(progressOf(prep, p, ++done));
  }
  return assembleReport(prep, (p) => outcomes.get(pointKey(p))!);
}

/** Aggregate output tokens per second of a point. */
function tokensPerS(o: PointOutcome): number {
  // In a closed workload's steady state, every sequence's tokens while the measured requests ran.
  return o.makespanMs > 0 ? (o.windowTokens / o.makespanMs) * 1000 : 0;
}

/**
 * Offered and served load of an open workload's point, and whether its queue
 * grows without bound: less served than offered, and a backlog at the last
 * arrival of more than a batch or more than a tenth of the requests. (A
 * queue that keeps up is near empty when the last request arrives, since
 * requests wait only while the cap is full; with a large cap and few
 * requests, more than a batch can never wait, so the tenth catches those.)
 */
export function loadOf(o: PointOutcome, batch: number): LoadDetail {
  const offeredPerS = o.lastArrivalMs > 0 ? (o.requests / o.lastArrivalMs) * 1000 : Infinity;
  const servedPerS = o.makespanMs > 0 ? (o.requests / o.makespanMs) * 1000 : 0;
  const backlog = o.queueAtLastArrival > batch || o.queueAtLastArrival > 0.1 * o.requests;
  const overloaded = backlog && servedPerS < 0.95 * offeredPerS;
  return { offeredPerS: Number.isFinite(offeredPerS) ? offeredPerS : 0, servedPerS, queueAtLastArrival: o.queueAtLastArrival, overloaded };
}

/**
 * `cap`: an open workload's running-batch cap (undefined for a closed workload); `rate`: the offered rate of a rate sweep's point;
 * `runningCap`: the engine's cap on running requests when below the batch.
 */
function toResult(hardware: string, model: string, m: BuiltMethod, batch: number, o: PointOutcome, devices: number, baseTpot: number | undefined, baseTps: number, targetOpts: CostOptions, cap?: number, rate?: number, runningCap?: number): Result {
  const mean = o.tpotMs.mean;
  const d = m.draftDeployment;
  const ownDeployment = d && (d.placement === 'separate' || draftCostOptions(targetOpts, d) !== undefined)
    ? { model: d.model.source.startsWith('file:') ? d.model.name : d.model.id, tp: d.tp, dtype: d.weightDtype, placement: d.placement } : undefined;
  const tps = tokensPerS(o);
  const load = cap !== undefined ? loadOf(o, Math.min(cap, runningCap ?? cap)) : undefined;
  return {
    hardware, model, method: m.label, batch, ...(rate !== undefined ? { rate } : {}),
    metrics: {
      tpotMs: o.tpotMs,
      ttftMs: o.ttftMs,
      e2eMs: o.e2eMs,
      tokensPerS: tps,
      userTokensPerS: mean > 0 ? 1000 / mean : 0,
      acceptedPerStep: o.acceptedPerStep,
      acceptanceRate: o.acceptanceRate,
      speedup: baseTpot !== undefined && mean > 0 && baseTpot > 0 ? baseTpot / mean : null,
      throughputSpeedup: baseTps > 0 && tps > 0 ? tps / baseTps : null,
      requests: o.requests,
      // Every token the throughput counts (in a closed workload's steady state, warm-up and filler sequences' too), so tokensPerS = outputTokens / makespan.
      outputTokens: o.windowTokens,
      makespanMs: o.makespanMs,
    },
    detail: {
      kind: m.kind,
      devices,
      targetStepMs: o.targetStepMs,
      targetBound: o.targetBound,
      draftMsPerStep: o.draftMsPerStep,
      requestTokens: o.outputTokens,
      acceptedHistogram: o.acceptedHistogram,
      ...(o.acceptanceByContext ? { acceptanceByContext: o.acceptanceByContext } : {}),
      timeline: o.timeline,
      ...(load ? { load } : {}),
      ...(runningCap !== undefined ? { runningCap } : {}),
      ...(ownDeployment ? { draftDeployment: ownDeployment } : {}),
    },
  };
}
