/**
 * The simulator's events, one discriminated union. Handlers (engine.ts)
 * return the events that follow.
 *
 * Same-time order (kernel priority, lower first): arrivals (0) before step
 * completions (1) before the scheduler's dispatch (2), so a request that
 * arrives or is replaced at the instant a step ends can join the next step.
 */
export interface Seq {
  readonly index: number;
  readonly promptTokens: number;
  readonly outputTokens: number;
  arrivalMs: number;
  firstTokenMs: number;
  /** Output tokens so far (the prefill emits the first). */
  generated: number;
  /** This request's acceptance rows (per-request variation applied). */
  rows: readonly (readonly number[])[];
}

export type SimEvent =
  | { kind: 'arrival'; index: number }
  | { kind: 'prefillDone'; joiners: Seq[] }
  | { kind: 'iterationDone'; seqs: Seq[]; emitted: number[] }
  | { kind: 'dispatch' };

export const PRIORITY = { arrival: 0, prefillDone: 1, iterationDone: 1, dispatch: 2 } as const satisfies Record<SimEvent['kind'], number>;
