/**
 * A small generic discrete-event kernel (after SimPy's core): a clock and a
 * binary heap of scheduled events ordered by (time, priority, seq). It knows
 * nothing of LLMs. A handler receives one event and *returns* the events that
 * follow (delay relative to now); it never touches the queue itself.
 *
 * Same-time order: lower `priority` first, then scheduling order (`seq`).
 */

export type FollowUp<E> = {
  event: E;
  /** Lower runs first among events at the same time. Default 0. */
  priority?: number;
} & (
  /** Delay from now (ms); must be ≥ 0 and finite. */
  | { delayMs: number; atMs?: undefined }
  /** Or an absolute time (ms), ≥ now: for a handler that ran ahead of the clock (see engine.ts's fast path). */
  | { atMs: number; delayMs?: undefined }
);

interface Entry<E> {
  timeMs: number;
  priority: number;
  seq: number;
  event: E;
}

export type Handler<E> = (event: E, nowMs: number) => readonly FollowUp<E>[] | void;

export class Kernel<E> {
  #now = 0;
  #seq = 0;
  readonly #heap: Entry<E>[] = [];
  readonly #handle: Handler<E>;

  constructor(handle: Handler<E>) {
    this.#handle = handle;
  }

  /** Current simulated time (ms). */
  get nowMs(): number {
    return this.#now;
  }

  /** Events still queued. */
  get pending(): number {
    return this.#heap.length;
  }

  /** Time of the earliest queued event (ms), Infinity when none is. */
  get nextTimeMs(): number {
    return this.#heap[0]?.timeMs ?? Infinity;
  }

  /** Schedule `event` at now + delayMs. Throws on a negative or non-finite delay. */
  schedule(delayMs: number, event: E, priority = 0): void {
    if (!(delayMs >= 0) || !Number.isFinite(delayMs)) throw new Error(`negative or invalid delay ${delayMs} at t=${this.#now}`);
    this.#push({ timeMs: this.#now + delayMs, priority, seq: this.#seq++, event });
  }

  /** Schedule `event` at the absolute time `timeMs`. Throws if it is before now or not finite. */
  scheduleAt(timeMs: number, event: E, priority = 0): void {
    if (!(timeMs >= this.#now) || !Number.isFinite(timeMs)) throw new Error(`event at ${timeMs} before now ${this.#now} or invalid`);
    this.#push({ timeMs, priority, seq: this.#seq++, event });
  }

  /** Process events until the queue is empty or the next event is later than `untilMs`. */
  run(untilMs = Infinity): void {
    for (;;) {
      const top = this.#heap[0];
      if (!top || top.timeMs > untilMs) break;
      this.#pop();
      this.#now = top.timeMs;
      const next = this.#handle(top.event, this.#now);
      if (next) for (const f of next) {
        if (f.atMs === undefined) this.schedule(f.delayMs, f.event, f.priority ?? 0);
        else this.scheduleAt(f.atMs, f.event, f.priority ?? 0);
      }
    }
    if (untilMs !== Infinity && untilMs > this.#now) this.#now = untilMs;
  }

  #less(a: Entry<E>, b: Entry<E>): boolean {
    if (a.timeMs !== b.timeMs) return a.timeMs < b.timeMs;
    if (a.priority !== b.priority) return a.priority < b.priority;
    return a.seq < b.seq;
  }

  /** Sift up from the end, moving parents down into the hole (no swaps, no temporaries). */
  #push(e: Entry<E>): void {
    const h = this.#heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (!this.#less(e, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = e;
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop()!;
    const n = h.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.#less(h[r]!, h[l]!) ? r : l;
      const child = h[c]!;
      if (!this.#less(child, last)) break;
      h[i] = child;
      i = c;
    }
    h[i] = last;
  }
}

/** One busy interval of a device; `Name` and `Phase` are the caller's vocabularies (the kernel knows none). */
export interface BusyInterval<Name extends string = string, Phase extends string = string> {
  device: Name;
  phase: Phase;
  startMs: number;
  endMs: number;
}

/**
 * A device (GPU, group of chips): a resource that runs one step at a time.
 * `occupy` books the earliest slot at or after `atMs` and returns its end.
 * The first `keep` intervals are recorded for the timeline.
 */
export class Device<Name extends string = string, Phase extends string = string> {
  readonly name: Name;
  #freeAtMs = 0;
  #busyMs = 0;
  readonly intervals: BusyInterval<Name, Phase>[] = [];
  readonly #keep: number;

  constructor(name: Name, keep = 40) {
    this.name = name;
    this.#keep = keep;
  }

  /** Total busy time (ms). */
  get busyMs(): number {
    return this.#busyMs;
  }

  /** Occupy the device for `durationMs` starting no earlier than `atMs`; returns the end time. */
  occupy(atMs: number, durationMs: number, phase: Phase): number {
    if (!(durationMs >= 0) || !Number.isFinite(durationMs)) throw new Error(`invalid step duration ${durationMs} on ${this.name}`);
    const start = Math.max(atMs, this.#freeAtMs);
    const end = start + durationMs;
    this.#freeAtMs = end;
    this.#busyMs += durationMs;
    if (this.intervals.length < this.#keep && durationMs > 0) this.intervals.push({ device: this.name, phase, startMs: start, endMs: end });
    return end;
  }
}
