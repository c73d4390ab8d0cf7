/**
 * The report a run produces (`report.json`), as the contract defines it.
 * Chart builders and writers consume only these types.
 */

export interface Stat {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
}

export interface Metrics {
  /** Time per output token per request (ms): (e2e − ttft) / (output tokens − 1). */
  tpotMs: Stat;
  /** Time to first token (ms). */
  ttftMs: Stat;
  /** End-to-end request latency (ms). */
  e2eMs: Stat;
  /**
   * Aggregate output tokens / makespan (tokens/s). For a closed workload with
   * continuous batching (measured in its steady state), every token the server
   * emitted until the last measured request finished, warm-up and filler
   * sequences included, over that time.
   */
  tokensPerS: number;
  /** 1000 / mean tpotMs. */
  userTokensPerS: number;
  /** Mean tokens emitted per target forward per sequence (bonus token included; 1 for autoregressive). */
  acceptedPerStep: number;
  /** Accepted drafted tokens / drafted tokens (null for autoregressive). */
  acceptanceRate: number | null;
  /** Autoregressive mean tpotMs / this mean tpotMs, same hardware, model, batch and workload. */
  speedup: number | null;
  /**
   * tokensPerS / the autoregressive baseline's tokensPerS at the same hardware,
   * model, engine, batch (or rate) and workload: what speculation does to a
   * server's capacity (`speedup` is what it does to one user's latency).
   */
  throughputSpeedup: number | null;
  requests: number;
  outputTokens: number;
  makespanMs: number;
  /** Dollars per million output tokens: devices' price amortised + energy (report/economics.ts); null when unknown. */
  usdPerMTokens?: number | null;
  /** Joules per output token at the devices' TDP (an upper bound); null when unknown. */
  joulesPerToken?: number | null;
}

export interface Result {
  hardware: string;
  model: string;
  /** The method's label. */
  method: string;
  batch: number;
  /** Offered requests/s of a rate sweep's point (scenario `workload.rate` a list); absent otherwise. */
  rate?: number;
  metrics: Metrics;
  /** Extra detail beyond the contract (optional for consumers). */
  detail?: ResultDetail;
}

export interface ResultDetail {
  /** The speculation setting simulated when a method's settings vary by point (optimize's best, e.g. "γ=9"). */
  setting?: string;
  /** Method kind (autoregressive, draft, medusa, eagle, ngram). */
  kind: string;
  /** Devices used (GPUs, or Groq chips). */
  devices?: number;
  /** Mean ms of one target (verification) step, and what bounds it. */
  targetStepMs?: number;
  targetBound?: string;
  /** Mean ms of drafting per step (draft model, EAGLE draft, Medusa heads). */
  draftMsPerStep?: number;
  /** Histogram of tokens emitted per sequence per target step: index = tokens. */
  acceptedHistogram?: number[];
  /** When acceptance decays with context: acceptance per context bin (quarter octaves), for the acceptance-vs-context chart. */
  acceptanceByContext?: { contextTokens: number; acceptanceRate: number; acceptedPerStep: number; steps: number }[];
  /** The first events of the run, for the step timeline chart. */
  timeline?: TimelineEntry[];
  /** Open workloads (Poisson, trace): the load offered and served; the batch is then a cap. */
  load?: LoadDetail;
  /** A draft model deployed otherwise than the target (its own tp or dtype, or GPUs of its own); absent when it follows the target. */
  draftDeployment?: DraftDeploymentDetail;
}

export interface DraftDeploymentDetail {
  model: string;
  tp: number;
  dtype: string;
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

export interface TimelineEntry {
  /** Device name, e.g. "gpu0" or "draft". */
  device: string;
  /** prefill | draft | verify | decode | heads */
  phase: string;
  startMs: number;
  endMs: number;
}

export interface Report {
  specsim: string;
  scenario: Record<string, unknown> & { name: string };
  seed: number;
  results: Result[];
  /** What the cost and energy metrics assume (lifetime, electricity price, per-device price and power). */
  economics?: EconomicsAssumptions;
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
