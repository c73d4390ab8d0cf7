/**
 * The numbers of one simulated point, as the contract names them: what the
 * engine measures (`Stat`) and what a point reports (`Metrics`). Foundation
 * types with no imports, so the engine and the playground page (which type-
 * checks without Node) can name them; types.ts builds the Report on them.
 */

/** Mean and percentiles of per-request samples (ms). */
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

/** A Result's fields that the contract names: the point and its numbers (types.ts adds the detail). */
export interface ResultCore {
  hardware: string;
  model: string;
  /** The method's label. */
  method: string;
  batch: number;
  /** Offered requests/s of a rate sweep's point (scenario `workload.rate` a list); absent otherwise. */
  rate?: number;
  metrics: Metrics;
}
