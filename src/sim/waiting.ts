/**
 * Admission: the waiting queue. Every entry enters it once, so head and tail
 * only grow; positions are stable, which lets a prefill event name its
 * joiners by a range of positions. An entry is a measured request's index
 * (≥ 0), or −1 − k for the k-th steady-state warm-up or filler sequence.
 */
import type { AcceptanceRows } from '../acceptance/types.js';

export class WaitingQueue {
  head = 0;
  /** The request code at each position. */
  readonly index: number[] = [];
  readonly arrivalMs: number[] = [];
  /** Each entry's acceptance rows, drawn at arrival (in arrival order, one stream for every method). */
  readonly rows: (AcceptanceRows | undefined)[] = [];

  get tail(): number {
    return this.index.length;
  }

  get waiting(): number {
    return this.index.length - this.head;
  }

  push(code: number, arrivalMs: number, rows: AcceptanceRows): void {
    this.index.push(code);
    this.arrivalMs.push(arrivalMs);
    this.rows.push(rows);
  }

  /** Admit the next `count` entries; returns the position of the first. */
  take(count: number): number {
    const first = this.head;
    this.head += count;
    return first;
  }
}
