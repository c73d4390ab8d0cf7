/**
 * What a point measures: per-request latencies (exact percentiles over all
 * requests) and per-step counters (tokens per step, acceptance, step times and
 * what bounds them). Nothing is stored per token.
 */
import type { Bound } from '../cost/bound.js';
import type { Stat } from '../report/metrics-types.js';
import { summarizeInPlace } from './stats.js';

/** Per-request latencies, one Float64Array slot per request (24 bytes per request). */
export class Latencies {
  readonly ttftMs: Float64Array;
  readonly e2eMs: Float64Array;
  readonly tpotMs: Float64Array;
  finished = 0;
  withTpot = 0;
  outputTokens = 0;
  makespanMs = 0;

  constructor(requests: number) {
    this.ttftMs = new Float64Array(requests);
    this.e2eMs = new Float64Array(requests);
    this.tpotMs = new Float64Array(requests);
  }

  finish(arrivalMs: number, firstTokenMs: number, outputTokens: number, nowMs: number): void {
    const e = nowMs - arrivalMs;
    const f = firstTokenMs - arrivalMs;
    this.ttftMs[this.finished] = f;
    this.e2eMs[this.finished] = e;
    this.finished++;
    if (outputTokens > 1) this.tpotMs[this.withTpot++] = (e - f) / (outputTokens - 1);
    this.outputTokens += outputTokens;
    if (nowMs > this.makespanMs) this.makespanMs = nowMs;
  }

  summary(): { tpotMs: Stat; ttftMs: Stat; e2eMs: Stat } {
    return { tpotMs: summarizeInPlace(this.tpotMs.subarray(0, this.withTpot)), ttftMs: summarizeInPlace(this.ttftMs), e2eMs: summarizeInPlace(this.e2eMs) };
  }
}

/** Counters over decode iterations. */
export class StepCounters {
  /** hist[k]: sequence-steps that emitted k tokens (k ≤ maxAccepted + 1). */
  readonly hist: Float64Array;
  seqSteps = 0;
  emittedSum = 0;
  acceptedDrafts = 0;
  iterations = 0;
  targetMsSum = 0;
  draftMsSum = 0;
  /** Target-step time per bound, in order of first appearance; `#sum` is the last bound's (the map is read only when the bound changes). */
  readonly #boundMs = new Map<Bound, { ms: number }>();
  #bound: Bound | undefined;
  #sum: { ms: number } = { ms: 0 };

  constructor(readonly maxAccepted: number) {
    this.hist = new Float64Array(maxAccepted + 2);
  }

  targetStep(ms: number, bound: Bound): void {
    this.iterations++;
    this.targetMsSum += ms;
    if (bound !== this.#bound) {
      let s = this.#boundMs.get(bound);
      if (!s) this.#boundMs.set(bound, (s = { ms: 0 }));
      this.#bound = bound;
      this.#sum = s;
    }
    this.#sum.ms += ms;
  }

  /** Tokens per step as the report shows them. */
  summary(): { acceptedPerStep: number; acceptanceRate: number | null; acceptedHistogram: number[]; iterations: number; targetStepMs: number; targetBound: Bound; draftMsPerStep: number } {
    let targetBound: Bound = 'memory';
    let best = -1;
    for (const [b, s] of this.#boundMs) if (s.ms > best) { best = s.ms; targetBound = b; }
    const hist = this.hist;
    let histLen = hist.length;
    while (histLen > 0 && hist[histLen - 1] === 0) histLen--;
    const { seqSteps, iterations, maxAccepted } = this;
    return {
      acceptedPerStep: seqSteps > 0 ? this.emittedSum / seqSteps : 1,
      acceptanceRate: maxAccepted > 0 ? (seqSteps > 0 ? this.acceptedDrafts / (seqSteps * maxAccepted) : 0) : null,
      acceptedHistogram: Array.from(hist.subarray(0, histLen)),
      iterations,
      targetStepMs: iterations > 0 ? this.targetMsSum / iterations : 0,
      targetBound,
      draftMsPerStep: iterations > 0 ? this.draftMsSum / iterations : 0,
    };
  }
}

/** One bin of acceptance by context (report detail `acceptanceByContext`). */
export interface ContextBin {
  /** Mean context (prompt + generated tokens) of the sequence-steps in the bin. */
  contextTokens: number;
  /** Accepted drafts / drafted tokens in the bin (as the Result's acceptanceRate). */
  acceptanceRate: number;
  /** Tokens emitted per sequence-step in the bin (bonus included). */
  acceptedPerStep: number;
  /** Sequence-steps in the bin. */
  steps: number;
}

/**
 * Acceptance by context, kept only when acceptance decays with context:
 * sequence-steps binned by context in quarter octaves (bin ⌊4·log2 c⌋), so a
 * run from 512 to 64k tokens gets about 28 bins whatever the scale.
 */
export class ContextBins {
  static readonly BINS = 4 * 21; // up to 2^21 tokens, beyond any context LIMITS allows
  readonly #steps = new Float64Array(ContextBins.BINS);
  readonly #accepted = new Float64Array(ContextBins.BINS);
  readonly #context = new Float64Array(ContextBins.BINS);

  constructor(readonly maxAccepted: number) {}

  add(contextTokens: number, accepted: number): void {
    const b = contextTokens < 1 ? 0 : Math.min(ContextBins.BINS - 1, Math.floor(4 * Math.log2(contextTokens)));
    this.#steps[b]!++;
    this.#accepted[b]! += accepted;
    this.#context[b]! += contextTokens;
  }

  summary(): ContextBin[] {
    const out: ContextBin[] = [];
    for (let b = 0; b < ContextBins.BINS; b++) {
      const n = this.#steps[b]!;
      if (n === 0) continue;
      const acc = this.#accepted[b]!;
      out.push({ contextTokens: this.#context[b]! / n, acceptanceRate: this.maxAccepted > 0 ? acc / (n * this.maxAccepted) : 0, acceptedPerStep: 1 + acc / n, steps: n });
    }
    return out;
  }
}
