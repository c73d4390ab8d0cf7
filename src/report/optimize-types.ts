/**
 * The `specsim optimize` report: what optimize.json holds (`OptimizeDoc`) and
 * what the search assumed (`OptimizeMeta`); report.json carries both
 * (`OptimizeReport` in types.ts) so chart builders stay pure report → spec
 * functions. The optimizer fills them, presentation reads them.
 */
import type { Setting } from '../methods/definition.js';

export type { Setting } from '../methods/definition.js';

/** What "best" means. `user`: per-user tokens/s (lowest time per output token); `throughput`: aggregate tokens/s; `slo`: aggregate tokens/s with mean ms/token ≤ the limit; `cost`: least $ per million output tokens; `energy`: least J per output token. */
export type Objective = 'user' | 'throughput' | 'slo' | 'cost' | 'energy';

export interface AnalyticNumbers {
  tpotMs: number;
  userTokensPerS: number;
  tokensPerS: number;
  speedup: number;
  /** Expected tokens per target step per sequence (bonus included). */
  acceptedPerStep: number;
  /** One iteration: drafting + verification (ms). */
  stepMs: number;
  /** Dollars per million output tokens and joules per output token at this throughput (null: the profile has no price or power). */
  usdPerMTokens: number | null;
  joulesPerToken: number | null;
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
  /** The analytic choice, when re-ranking the finalists by simulation chose another setting. */
  analyticPick?: Setting;
  /** The settings simulated to choose (the analytic pick first, then the next by the analytic objective), each with both speedups; autoregressive is simulated beside them. */
  finalists: { setting: Setting; analyticSpeedup: number; simulatedSpeedup: number }[];
}

export interface OptimizePoint {
  batch: number;
  /** Prompt tokens the requests of this point start from. */
  context: number;
  best: Setting;
  userTokensPerS: number;
  tokensPerS: number;
  speedup: number;
  analytic: AnalyticNumbers;
  simulated: SimulatedNumbers;
  /** Simulated speedup / analytic speedup − 1: how far the analytic search is from the simulation at this pick. */
  agreement: number;
  /** `--alpha lo:hi`: the pick's regret (1 − its objective / the best setting's at that α) at each α of the range. */
  robust?: { alphas: number[]; regret: number[]; worstRegret: number };
  /** The scenario whose `specsim run` gives this point's simulated numbers (autoregressive, and the pick labelled by its setting as it was simulated). */
  scenario: Record<string, unknown>;
}

/** `--slo` limits in milliseconds, by key (`ttft-p99`, `tpot-p99`, `e2e-p99`, and their p50). */
export type SloLimits = Partial<Record<'ttft-p99' | 'ttft-p50' | 'tpot-p99' | 'tpot-p50' | 'e2e-p99' | 'e2e-p50', number>>;

/** One finalist simulated at one request rate. */
export interface RateTrial {
  setting: Setting;
  label: string;
  meets: boolean;
  ttftP99Ms: number;
  tpotP99Ms: number;
  e2eP99Ms: number;
  tokensPerS: number;
  servedPerS: number | null;
  overloaded: boolean;
  usdPerMTokens: number | null;
}

export interface RatePoint {
  /** Requests per second offered (Poisson arrivals). */
  rate: number;
  /** The setting that meets the SLO at the least cost (null: none meets it). */
  best: Setting | null;
  bestLabel: string | null;
  meets: boolean;
  trials: RateTrial[];
}

/** `--rate … --slo …`: per rate, the least-cost setting that meets the SLO; the highest such rate. */
export interface RateSweep {
  slo: SloLimits;
  /** The server's batch cap (the largest --batch). */
  maxBatch: number;
  requests: number;
  points: RatePoint[];
  /** The highest rate at which some setting meets the SLO (goodput), null if none. */
  goodputRate: number | null;
}

/** The JSON document (`--json`, optimize.json). */
export interface OptimizeDoc {
  points: OptimizePoint[];
  /** The first batch where autoregressive wins (at the first context searched). */
  crossoverBatch: number | null;
  /** With several contexts: the crossover batch at each. */
  crossovers?: { context: number; batch: number | null }[];
  /** `--rate … --slo …`: the open-load sweep. */
  rates?: RateSweep;
  /** `--emit`: the engine configuration of the picks, as data (the text `--emit` prints adds comment lines). */
  engineConfig?: { target: string; config: Record<string, unknown> };
}

export interface OptimizeMeta {
  hardware: string;
  model: string;
  /** The method kinds searched. */
  methods: string[];
  /** Draft-model candidates (kinds that run a separate draft). */
  drafts?: string[];
  tp: number;
  dtype: string;
  engine: string;
  objective: Objective;
  sloMs?: number;
  /** What the engine could switch between batches, when constrained (`--emit`): one kind with K per batch, or one setting. */
  policy?: 'one-kind' | 'one-setting';
  /** With a policy: how its picks fare against the free best per batch, analytic (src/optimize/policy.ts orders policies by these). */
  policyScore?: { sloMisses: number; worstRatio: number; geoMeanRatio: number };
  /** Finalists simulated per cell (1: the analytic pick confirmed alone) and at how many cells the simulation changed the pick. */
  reranked: { finalists: number; cells: number; changed: number };
  /** `--alpha lo:hi`: the picks are best in the worst case over this range (the table and simulation at its midpoint). */
  alphaRange?: [number, number];
  /** One line per searched kind: the acceptance it was searched under. */
  acceptance: string[];
  context: number;
  /** With `--context a,b,c`: every context searched (context is the first). */
  contexts?: number[];
  outputTokens: number;
  seed: number;
}
