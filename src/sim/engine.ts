/**
 * Simulating one point (hardware × model × method × batch × workload): a
 * serving engine with continuous or static batching on the event kernel.
 *
 * Each request is prefilled (which emits its first token), then decoded by
 * iterations of the method: drafting phases, one target step, and possibly
 * phases after it. A step occupies its device for the cost model's time; a
 * draft model on a `separate` device drafts there (a separate draft model's
 * prefill overlaps the target's), on a `shared` device everything serializes
 * on the target. Between steps requests leave (done) and join (prefilled as
 * one step; the first token comes from the target's prefill).
 *
 * Tokens per step (`acceptedPerStep`, the histogram) count what the method
 * produced, accepted drafts plus the bonus token, before the cut at the
 * request's output length (Leviathan et al.'s E); a request never takes more
 * than its output length.
 *
 * A closed workload with continuous batching is measured in its steady state
 * (`steadyState`): it starts with `maxBatch` warm-up sequences already part
 * way through their outputs (staggered evenly, their KV caches in place), and
 * once every measured request is issued, filler requests keep the batch full
 * until the last measured one finishes. Warm-up and filler requests take
 * their lengths from the measured ones and are never measured. Without this,
 * fixed lengths keep the autoregressive baseline in lockstep (all requests
 * finish together, so every prefill lands in time-to-first-token) while a
 * speculative run finishes raggedly, and the answer would depend on whether
 * lengths are fixed or spread with the same means.
 */
import type { AcceptanceRows } from '../acceptance/types.js';
import { chainLengthPmf, lengthSampler, treeLengthPmf } from '../acceptance/length.js';
import type { Method } from '../methods/types.js';
import type { Stat, TimelineEntry } from '../report/types.js';
import type { WorkloadPlan } from '../workload/index.js';
import { PRIORITY, type SimEvent } from './events.js';
import { Device, Kernel, type FollowUp } from './kernel.js';
import type { CostFn } from './cost-cache.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { Rng } from './rng.js';
import { summarizeInPlace } from './stats.js';

export interface PointInput {
  target: ModelSpec;
  method: Method;
  cost: CostFn;
  workload: WorkloadPlan;
  batching: 'continuous' | 'static';
  draftDevice: 'shared' | 'separate';
  /** The acceptance stream of this point. */
  acceptanceRng: Rng;
  /**
   * Per-request acceptance variation, drawn in request order from a stream
   * shared by every method, hardware and batch, so request i is as easy for each.
   */
  perRequestRng: Rng;
  /** Timeline intervals kept per device. */
  keepTimeline?: number;
  /** Called with the fraction of requests finished, every 1% or so (for a progress bar). */
  onProgress?: (fraction: number) => void;
}

export interface PointOutcome {
  tpotMs: Stat;
  /** Tokens every sequence emitted from 0 to `makespanMs` (in the steady state, warm-up and filler sequences too). */
  windowTokens: number;
  /** Open workloads (Poisson, trace): when the last request arrived, and how many were then waiting for a slot. */
  lastArrivalMs: number;
  queueAtLastArrival: number;
  ttftMs: Stat;
  e2eMs: Stat;
  requests: number;
  outputTokens: number;
  makespanMs: number;
  /** Mean tokens a target step produced per sequence (accepted + bonus, before the cut at the request's output length). */
  acceptedPerStep: number;
  acceptanceRate: number | null;
  acceptedHistogram: number[];
  iterations: number;
  targetStepMs: number;
  targetBound: string;
  draftMsPerStep: number;
  timeline: TimelineEntry[];
}

type Emit = FollowUp<SimEvent>[];

/** Phases a serving engine adds (src/serving/engine-method.ts): not drafting, so not in `draftMsPerStep`. */
const ENGINE_PHASES = new Set(['scheduler', 'spec']);

/**
 * The running sequences as a struct of arrays (capacity = the workload's
 * largest batch): no object per sequence, nothing allocated per step or per
 * token. Slot order is join order; finished slots are compacted out in place.
 */
class RunningSet {
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
}

/**
 * Per-request latencies, one Float64Array slot per request: the metrics are
 * exact percentiles over all requests, so these are kept until the end
 * (24 bytes per request; nothing is stored per token).
 */
class Latencies {
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
}

export function simulatePoint(input: PointInput): PointOutcome {
  const { method, workload: w, cost, target } = input;
  const keep = input.keepTimeline ?? 40;
  const gpu = new Device('gpu0', keep);
  const draftDev = input.draftDevice === 'separate' ? new Device('draft', keep) : gpu;
  const noRows: AcceptanceRows = [[0]];
  const rng = input.acceptanceRng;
  const drafted = method.drafted;
  const tree = method.tree;
  /** Accepted drafts of one sequence-step: one uniform against the exact distribution of the sequence's rows (acceptance/length.ts). */
  const accept = tree ? lengthSampler((r) => treeLengthPmf(tree, r)) : lengthSampler((r) => chainLengthPmf(r, drafted));
  const nReq = w.requests.length;

  // The steady state of a closed workload (see the top of this file).
  const steady = w.closed && input.batching === 'continuous';
  // The waiting queue: every request enters it once, so head and tail only grow. An entry is a measured
  // request's index (≥ 0), or −1 − k for the k-th warm-up or filler, whose lengths are request k mod n's.
  const qIndex: number[] = [];
  const qArrivalMs: number[] = [];
  const qRows: (AcceptanceRows | undefined)[] = [];
  let qHead = 0;
  let qTail = 0;
  let extras = 0;
  const lengthsOf = (code: number) => w.requests[code >= 0 ? code : (-1 - code) % nReq]!;
  /** Tokens emitted by every sequence up to the last measured completion. */
  let windowTokens = 0;
  let lastArrivalMs = 0;
  let queueAtLastArrival = 0;

  const run = new RunningSet(w.maxBatch);
  const lat = new Latencies(nReq);
  const reportEvery = Math.max(1, Math.floor(nReq / 100));
  let nextReport = reportEvery;
  let busy = false;
  let dispatchQueued = false;
  let issued = 0;
  /** The most tokens a sequence took from the last target step, before the cut at its end (draft catch-up). */
  let lastEmitted = 1;

  /** hist[k]: sequence-steps that emitted k tokens (k ≤ drafted + 1). */
  const hist = new Float64Array(drafted + 2);
  let seqSteps = 0;
  let emittedSum = 0;
  let acceptedDrafts = 0;
  let iterations = 0;
  let targetMsSum = 0;
  let draftMsSum = 0;
  const boundMs = new Map<string, number>();

  const dispatch = (out: Emit): Emit => {
    if (dispatchQueued || busy) return out;
    dispatchQueued = true;
    out.push({ delayMs: 0, event: { kind: 'dispatch' }, priority: PRIORITY.dispatch });
    return out;
  };

  /** Closed workloads: each finished request is replaced at once (in the steady state by a filler once all measured ones are issued). */
  const replacements = (n: number): Emit => {
    const out: Emit = [];
    if (!w.closed) return out;
    for (let i = 0; i < n; i++) {
      if (issued < nReq) out.push({ delayMs: 0, event: { kind: 'arrival', index: issued++ }, priority: PRIORITY.arrival });
      else if (steady && lat.finished < nReq) out.push({ delayMs: 0, event: { kind: 'arrival', index: -1 - extras++ }, priority: PRIORITY.arrival });
    }
    return out;
  };

  const handlers: { [K in SimEvent['kind']]: (e: Extract<SimEvent, { kind: K }>, now: number) => Emit } = {
    arrival(e, now) {
      qIndex[qTail] = e.index;
      qArrivalMs[qTail] = now;
      qRows[qTail] = method.acceptance ? method.acceptance.forRequest(input.perRequestRng) : noRows;
      qTail++;
      if (!w.closed && e.index === nReq - 1) { lastArrivalMs = now; queueAtLastArrival = qTail - qHead; }
      return dispatch([]);
    },

    dispatch(_e, now) {
      dispatchQueued = false;
      // The steady state ends with the last measured request.
      if (busy || (steady && lat.finished === nReq)) return [];
      const room = w.maxBatch - run.n;
      const mayJoin = input.batching === 'continuous' ? room > 0 : run.n === 0;
      if (qTail > qHead && mayJoin) {
        const count = Math.min(room, qTail - qHead);
        let promptSum = 0;
        for (let p = qHead; p < qHead + count; p++) promptSum += lengthsOf(qIndex[p]!).promptTokens;
        const prompt = promptSum / count;
        const targetEnd = gpu.occupy(now, cost(target, count, prompt, 0, 'prefill').ms, 'prefill');
        const pd = method.prefillDraft(count, prompt);
        // Device.occupy starts no earlier than the device is free, so on a shared device this follows the target.
        const end = pd ? (pd.draftModel ? draftDev : gpu).occupy(pd.independent ? now : targetEnd, pd.ms, 'prefill') : targetEnd;
        busy = true;
        const first = qHead;
        qHead += count;
        return [{ delayMs: Math.max(end, targetEnd) - now, event: { kind: 'prefillDone', first, count, firstTokenMs: targetEnd }, priority: PRIORITY.prefillDone }];
      }
      const n = run.n;
      if (n === 0) return [];
      const plan = method.iteration(n, run.contextSum / n, lastEmitted);
      let t = now;
      for (const p of plan.before) { t = (p.draftModel ? draftDev : gpu).occupy(t, p.ms, p.phase); if (!ENGINE_PHASES.has(p.phase)) draftMsSum += p.ms; }
      t = gpu.occupy(t, plan.target.ms, drafted > 0 ? 'verify' : 'decode');
      for (const p of plan.after) { t = (p.draftModel ? draftDev : gpu).occupy(t, p.ms, p.phase); if (!ENGINE_PHASES.has(p.phase)) draftMsSum += p.ms; }
      iterations++;
      targetMsSum += plan.target.ms;
      boundMs.set(plan.target.bound, (boundMs.get(plan.target.bound) ?? 0) + plan.target.ms);

      if (drafted > 0) {
        const { emitted, rows, output, generated } = run;
        let accSum = 0;
        let most = 1;
        for (let i = 0; i < n; i++) {
          const r = rows[i]!;
          const acc = accept(r, rng);
          if (acc + 1 > most) most = acc + 1;
          accSum += acc;
          emitted[i] = Math.min(acc + 1, output[i]! - generated[i]!);
          hist[acc + 1]!++;
        }
        lastEmitted = most;
        acceptedDrafts += accSum;
        emittedSum += accSum + n;
      } else {
        run.emitted.fill(1, 0, n);
        hist[1]! += n;
        emittedSum += n;
      }
      seqSteps += n;
      busy = true;
      return [{ delayMs: t - now, event: { kind: 'iterationDone' }, priority: PRIORITY.iterationDone }];
    },

    prefillDone(e, now) {
      busy = false;
      let done = 0;
      for (let p = e.first; p < e.first + e.count; p++) {
        const code = qIndex[p]!;
        const r = lengthsOf(code);
        windowTokens++;
        if (r.outputTokens <= 1) { if (code >= 0) lat.finish(qArrivalMs[p]!, e.firstTokenMs, r.outputTokens, e.firstTokenMs); done++; } else run.add(r.promptTokens, r.outputTokens, qArrivalMs[p]!, e.firstTokenMs, qRows[p]!, code >= 0);
        qRows[p] = undefined;
      }
      return dispatch(replacements(done));
    },

    iterationDone(_e, now) {
      busy = false;
      if (input.onProgress && lat.finished >= nextReport) {
        input.onProgress(lat.finished / nReq);
        nextReport = lat.finished + reportEvery;
      }
      const { prompt, output, generated, emitted, arrivalMs, firstTokenMs, rows, measured } = run;
      const n = run.n;
      let kept = 0;
      for (let i = 0; i < n; i++) {
        const out = output[i]!;
        const g0 = generated[i]!;
        const g = g0 + emitted[i]!;
        windowTokens += emitted[i]!;
        if (g >= out) {
          if (measured[i]) lat.finish(arrivalMs[i]!, firstTokenMs[i]!, out, now);
          run.contextSum -= prompt[i]! + g0;
          continue;
        }
        run.contextSum += g - g0;
        if (kept !== i) run.move(i, kept);
        generated[kept] = g;
        kept++;
      }
      for (let i = kept; i < n; i++) rows[i] = undefined;
      run.n = kept;
      return dispatch(replacements(n - kept));
    },
  };

  const kernel = new Kernel<SimEvent>((e, now) => (handlers[e.kind] as (ev: SimEvent, t: number) => Emit)(e, now));
  if (steady) {
    // Warm-up: a full batch already part way through (evenly staggered), KV caches in place.
    for (let i = 0; i < w.maxBatch; i++) {
      const r = w.requests[i % nReq]!;
      const done = Math.floor((r.outputTokens * (i + 0.5)) / w.maxBatch);
      if (r.outputTokens <= 1) continue;
      extras++;
      run.add(r.promptTokens, r.outputTokens, 0, 0, method.acceptance ? method.acceptance.forRequest(input.perRequestRng) : noRows, false, Math.min(r.outputTokens - 1, Math.max(1, done)));
    }
    const free = w.maxBatch - run.n;
    for (let i = 0; i < Math.min(free, nReq); i++) kernel.schedule(0, { kind: 'arrival', index: issued++ }, PRIORITY.arrival);
    if (run.n > 0) kernel.schedule(0, { kind: 'dispatch' }, PRIORITY.dispatch);
  } else if (w.closed) {
    for (let i = 0; i < Math.min(w.maxBatch, nReq); i++) kernel.schedule(0, { kind: 'arrival', index: issued++ }, PRIORITY.arrival);
  } else {
    w.requests.forEach((r, i) => kernel.schedule(r.arrivalMs, { kind: 'arrival', index: i }, PRIORITY.arrival));
    issued = nReq;
  }
  kernel.run();
  if (lat.finished !== nReq || (!steady && (run.n > 0 || qTail > qHead))) {
    throw new Error(`simulation ended with ${nReq - lat.finished} unfinished requests`);
  }

  let targetBound = 'memory';
  let best = -1;
  for (const [b, ms] of boundMs) if (ms > best) { best = ms; targetBound = b; }
  const timeline = [...gpu.intervals, ...(draftDev === gpu ? [] : draftDev.intervals)]
    .sort((a, b) => a.startMs - b.startMs || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0)).slice(0, keep);
  let histLen = hist.length;
  while (histLen > 0 && hist[histLen - 1] === 0) histLen--;
  return {
    tpotMs: summarizeInPlace(lat.tpotMs.subarray(0, lat.withTpot)),
    ttftMs: summarizeInPlace(lat.ttftMs),
    e2eMs: summarizeInPlace(lat.e2eMs),
    requests: lat.finished,
    outputTokens: lat.outputTokens,
    makespanMs: lat.makespanMs,
    windowTokens: steady ? windowTokens : lat.outputTokens,
    lastArrivalMs,
    queueAtLastArrival,
    acceptedPerStep: seqSteps > 0 ? emittedSum / seqSteps : 1,
    acceptanceRate: drafted > 0 ? (seqSteps > 0 ? acceptedDrafts / (seqSteps * drafted) : 0) : null,
    acceptedHistogram: Array.from(hist.subarray(0, histLen)),
    iterations,
    targetStepMs: iterations > 0 ? targetMsSum / iterations : 0,
    targetBound,
    draftMsPerStep: iterations > 0 ? draftMsSum / iterations : 0,
    timeline,
  };
}
