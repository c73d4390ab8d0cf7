/**
 * The batch-policy seam: given the serving state when the device is free,
 * the next step to run. One file per policy in `policies/`, one registry line
 * in `policies/index.ts`. A policy only decides; the engine runs the step.
 */

/** What a policy sees: counts, and prompt lengths through two lookups (the engine keeps the sequences). */
export interface ServingState {
  /** Sequences decoding (prefilled, not finished). */
  readonly running: number;
  /** Requests arrived and not yet admitted. */
  readonly waiting: number;
  /** Requests admitted whose prompt is partly prefilled (chunked prefill), in admission order. */
  readonly prefilling: number;
  /** The most sequences that may run at once, prefilling ones included (the point's batch, or the workload's cap). */
  readonly maxBatch: number;
  /** Tokens per running sequence in a decode iteration (1, or the method's verify width). */
  readonly decodeTokens: number;
  /** Prompt tokens still to prefill of the `i`-th prefilling request (i < prefilling). */
  pendingPrompt(i: number): number;
  /** Prompt tokens of the `i`-th waiting request (i < waiting). */
  waitingPrompt(i: number): number;
}

/**
 * The next step: prefill the next `count` waiting requests (in arrival order)
 * whole, run one decode iteration of every running sequence, run a step of
 * prefill chunks (with every running sequence's iteration in the same step
 * when `decode`), or wait for an arrival.
 *
 * `mixed`: `admit` waiting requests join the prefilling ones first; `chunks[i]`
 * is the prompt tokens the step prefills of the `i`-th of (prefilling, then
 * admitted) requests, 1 ≤ chunks[i] ≤ what it has left. A request whose prompt
 * is done by its chunk takes its first token from this step.
 */
export type NextStep =
  | { kind: 'prefill'; count: number }
  | { kind: 'iteration' }
  | { kind: 'mixed'; decode: boolean; admit: number; chunks: readonly number[] }
  | { kind: 'idle' };

export interface BatchPolicy {
  /**
   * True if the policy refills the batch as sequences leave, so a closed
   * workload has a steady state to measure (the engine then starts from a
   * full, staggered batch and keeps it full to the end; see engine.ts).
   */
  readonly keepsBatchFull: boolean;
  /** Tokens one step may carry (decode rows plus prefill chunks), for policies that budget them. */
  readonly tokenBudget?: number;
  next(state: ServingState): NextStep;
}
