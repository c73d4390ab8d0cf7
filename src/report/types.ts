/**
 * The report a run produces (`report.json`), as the contract defines it.
 * Chart builders and writers consume only these types. Its closed vocabularies
 * come from where they are defined, not from a copy: method kinds from the
 * method registry, bounds from the cost model, timeline phases from the
 * engine's placement, the scenario from its schema. So this file sits beside
 * `scenario/` in the layers (src/README.md), above what it names; the numbers
 * of a point (`ResultCore`, metrics-types.ts) sit at the bottom, for the
 * engine and the playground page.
 */
import type { Bound } from '../cost/bound.js';
import type { WeightDtype } from '../cost/operators.js';
import type { MethodKind, MethodSpec } from '../methods/index.js';
import type { Scenario } from '../scenario/schema.js';
import type { TimelineEntry } from '../sim/placement.js';
import type { Workload } from '../workload/schema.js';
import type { ResultCore } from './metrics-types.js';
import type { OptimizeDoc, OptimizeMeta } from './optimize-types.js';

export type { Bound } from '../cost/bound.js';
export type { MethodKind } from '../methods/index.js';
export type { DeviceName, TimelineEntry, TimelinePhase } from '../sim/placement.js';
export type { Metrics, ResultCore, Stat } from './metrics-types.js';

export interface Result extends ResultCore {
  /** Extra detail beyond the contract (optional for consumers). */
  detail?: ResultDetail;
}

export interface ResultDetail {
  /** The speculation setting simulated when a method's settings vary by point (optimize's best, e.g. "γ=9"). */
  setting?: string;
  /** Method kind (one of the registry's, src/methods/index.ts). */
  kind: MethodKind;
  /** Devices used (GPUs, or Groq chips). */
  devices?: number;
  /** Mean ms of one target (verification) step, and what bounds it. */
  targetStepMs?: number;
  targetBound?: Bound;
  /** Mean ms of drafting per step (draft model, EAGLE draft, Medusa heads). */
  draftMsPerStep?: number;
  /** Output tokens of the measured requests alone (`metrics.outputTokens` also counts a closed workload's warm-up and filler sequences). */
  requestTokens?: number;
  /** Histogram of tokens emitted per sequence per target step: index = tokens. */
  acceptedHistogram?: number[];
  /** When acceptance decays with context: acceptance per context bin (quarter octaves), for the acceptance-vs-context chart. */
  acceptanceByContext?: { contextTokens: number; acceptanceRate: number; acceptedPerStep: number; steps: number }[];
  /** The first events of the run, for the step timeline chart. */
  timeline?: TimelineEntry[];
  /** Open workloads (Poisson, trace): the load offered and served; the batch is then a cap. */
  load?: LoadDetail;
  /** The engine ran at most this many requests at once, below the batch (scenario `maxRunningRequests`, or the engine's default when speculating: SGLang's 48); the rest waited for a slot. */
  runningCap?: number;
  /** A draft model deployed otherwise than the target (its own tp or dtype, or GPUs of its own); absent when it follows the target. */
  draftDeployment?: DraftDeploymentDetail;
}

export interface DraftDeploymentDetail {
  model: string;
  tp: number;
  dtype: WeightDtype;
  placement: 'shared' | 'separate';
}

export interface LoadDetail {
  /** Requests per second offered: requests / the last arrival's time. */
  offeredPerS: number;
  /** Requests per second served: requests / makespan. */
  servedPerS: number;
  /** Requests waiting for a slot when the last one arrived. */
  queueAtLastArrival: number;
  /** The queue grows without bound: more than a full batch waiting at the last arrival and less served than offered. */
  overloaded: boolean;
}

/**
 * The scenario as `run` resolved it (scenario/run.ts `resolvedScenario`):
 * defaults applied, `$schema` dropped, every method labelled, the batch
 * policy named (and its token budget when chunked).
 */
export type ResolvedScenario = Omit<Scenario, '$schema' | 'methods' | 'batching'> & {
  methods: (MethodSpec & { label: string })[];
  batching: NonNullable<Scenario['batching']>;
  tokenBudget?: number;
};

/**
 * The scenario of an optimize report: what its confirmation simulations share
 * (optimize/search.ts). Its second method names the kinds searched
 * (`draft,eagle`) and labels the best setting per batch.
 */
export type OptimizeScenario = {
  name: string;
  hardware: string[];
  model: string;
  batch: number[];
  /** The one deployment searched, when only one was. */
  tp?: number;
  dtype?: WeightDtype;
  kvDtype?: Scenario['kvDtype'];
  /** A closed workload whose `requests` may be the rule optimize used (`max(32, 4 × batch)`). */
  workload: Omit<Extract<Workload, { kind: 'closed' }>, 'requests'> & { requests: number | string };
  methods: { kind: string; label: string; note?: string }[];
  optimize: OptimizeMeta;
};

interface ReportOf<S> {
  specsim: string;
  scenario: S;
  seed: number;
  results: Result[];
  /** What the cost and energy metrics assume (lifetime, electricity price, per-device price and power). */
  economics?: EconomicsAssumptions;
}

/** report.json of `specsim run` and `compare`. */
export type RunReport = ReportOf<ResolvedScenario>;

/** report.json of `specsim optimize`: the confirmation simulations plus the search's document and assumptions. */
export interface OptimizeReport extends ReportOf<OptimizeScenario> {
  optimize: { meta: OptimizeMeta; doc: OptimizeDoc };
}

export type Report = RunReport | OptimizeReport;

/** Whether a report is an optimize report (charts read its section). */
export function isOptimizeReport(r: Report): r is OptimizeReport {
  return typeof (r as Partial<OptimizeReport>).optimize === 'object';
}

/** The cost and energy assumptions of a report (src/report/economics.ts computes them). */
export interface HardwareEconomics {
  /** The results' hardware label. */
  label: string;
  /** Profile id. */
  id: string;
  /** Per device (GPU or chip), and where the number came from. */
  priceUsd: number | null;
  powerW: number | null;
  priceFrom: 'profile' | '--price' | 'none';
  powerFrom: 'profile' | '--power' | 'none';
}

export interface EconomicsAssumptions {
  lifetimeYears: number;
  usdPerKwh: number;
  hardware: HardwareEconomics[];
}
