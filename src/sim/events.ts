/**
 * The simulator's events, one discriminated union. Handlers (engine.ts)
 * return the events that follow. Events carry no per-sequence data: the
 * engine keeps its sequences in typed arrays (see `RunningSet`), and at most
 * one step is in flight, so a step's event only says which kind it was.
 *
 * Same-time order (kernel priority, lower first): arrivals (0) before step
 * completions (1) before the scheduler's dispatch (2), so a request that
 * arrives or is replaced at the instant a step ends can join the next step.
 */
export type SimEvent =
  | { kind: 'arrival'; index: number }
  /** The prefill of `count` joiners, waiting-queue positions `first` … `first + count − 1`. */
  | { kind: 'prefillDone'; first: number; count: number; firstTokenMs: number }
  /** The decode iteration of every running sequence. */
  | { kind: 'iterationDone' }
  /**
   * A step of prefill chunks (chunked prefill), with every running sequence's
   * iteration in it when `decoded`; the requests whose prompt it completed
   * (the engine keeps which) join, their first token at `firstTokenMs`.
   */
  | { kind: 'mixedDone'; decoded: boolean; firstTokenMs: number }
  | { kind: 'dispatch' };

export const PRIORITY = { arrival: 0, prefillDone: 1, iterationDone: 1, mixedDone: 1, dispatch: 2 } as const satisfies Record<SimEvent['kind'], number>;
