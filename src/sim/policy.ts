/**
 * The batch-policy seam: given the serving state when the device is free,
 * the next step to run. One file per policy in `policies/`, one registry line
 * in `policies/index.ts`. A policy only decides; the engine runs the step.
 */

/** What a policy sees: counts only (the engine keeps the sequences). */
export interface ServingState {
  /** Sequences decoding (prefilled, not finished). */
  readonly running: number;
  /** Requests arrived and not yet admitted. */
  readonly waiting: number;
  /** The most sequences that may run at once (the point's batch, or the workload's cap). */
  readonly maxBatch: number;
}

/**
 * The next step: prefill the next `count` waiting requests (in arrival order),
 * run one decode iteration of every running sequence, or wait for an arrival.
 */
export type NextStep =
  | { kind: 'prefill'; count: number }
  | { kind: 'iteration' }
  | { kind: 'idle' };

export interface BatchPolicy {
  /**
   * True if the policy refills the batch as sequences leave, so a closed
   * workload has a steady state to measure (the engine then starts from a
   * full, staggered batch and keeps it full to the end; see engine.ts).
   */
  readonly keepsBatchFull: boolean;
  next(state: ServingState): NextStep;
}
