/**
 * The running sequences as a struct of arrays (capacity = the workload's
 * largest batch): no object per sequence, nothing allocated per step or per
 * token. Slot order is join order; finished slots are compacted out in place.
 */
import type { AcceptanceRows } from '../acceptance/types.js';

export class RunningSet {
  n = 0;
  /** Sum over running sequences of prompt + generated tokens (exact: integers). */
  contextSum = 0;
  readonly prompt: Int32Array;
  readonly output: Int32Array;
  readonly generated: Int32Array;
  readonly arrivalMs: Float64Array;
  readonly firstTokenMs: Float64Array;
  /** Tokens the in-flight iteration emits per slot (accepted + bonus). */
  readonly emitted: Int32Array;
  /** Each sequence's acceptance rows (per-request variation applied). */
  readonly rows: (AcceptanceRows | undefined)[];
  /** 1 for a measured request, 0 for a steady-state warm-up or filler. */
  readonly measured: Uint8Array;
  /** Tokens emitted by iterations so far, every sequence (measured or not). */
  emittedTokens = 0;

  constructor(capacity: number) {
    this.prompt = new Int32Array(capacity);
    this.output = new Int32Array(capacity);
    this.generated = new Int32Array(capacity);
    this.arrivalMs = new Float64Array(capacity);
    this.firstTokenMs = new Float64Array(capacity);
    this.emitted = new Int32Array(capacity);
    this.rows = new Array<AcceptanceRows | undefined>(capacity).fill(undefined);
    this.measured = new Uint8Array(capacity);
  }

  /** A sequence joins with `generated` tokens already out (1: just prefilled). */
  add(prompt: number, output: number, arrivalMs: number, firstTokenMs: number, rows: AcceptanceRows, measured = true, generated = 1): void {
    const i = this.n++;
    this.prompt[i] = prompt;
    this.output[i] = output;
    this.generated[i] = generated;
    this.arrivalMs[i] = arrivalMs;
    this.firstTokenMs[i] = firstTokenMs;
    this.rows[i] = rows;
    this.measured[i] = measured ? 1 : 0;
    this.contextSum += prompt + generated;
  }

  /** Move slot `from` to slot `to` (to < from). */
  move(from: number, to: number): void {
    this.prompt[to] = this.prompt[from]!;
    this.output[to] = this.output[from]!;
    this.generated[to] = this.generated[from]!;
    this.arrivalMs[to] = this.arrivalMs[from]!;
    this.firstTokenMs[to] = this.firstTokenMs[from]!;
    this.rows[to] = this.rows[from];
    this.measured[to] = this.measured[from]!;
  }

  /**
   * Apply the finished iteration's `emitted` tokens at `nowMs`: sequences that
   * reach their output length leave (`onFinish` for measured ones), the rest
   * are compacted in join order. Returns how many left.
   */
  advance(nowMs: number, onFinish: (arrivalMs: number, firstTokenMs: number, outputTokens: number, nowMs: number) => void): number {
    const { prompt, output, generated, emitted, arrivalMs, firstTokenMs, rows, measured } = this;
    const n = this.n;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const out = output[i]!;
      const g0 = generated[i]!;
      const g = g0 + emitted[i]!;
      this.emittedTokens += emitted[i]!;
      if (g >= out) {
        if (measured[i]) onFinish(arrivalMs[i]!, firstTokenMs[i]!, out, nowMs);
        this.contextSum -= prompt[i]! + g0;
        continue;
      }
      this.contextSum += g - g0;
      if (kept !== i) this.move(i, kept);
      generated[kept] = g;
      kept++;
    }
    for (let i = kept; i < n; i++) rows[i] = undefined;
    this.n = kept;
    return n - kept;
  }
}
