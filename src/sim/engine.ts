/**
 * Simulating one point (hardware × model × method × batch × workload): a
 * serving engine on the event kernel. Its parts each have a home: admission
 * (`waiting.ts`), the batch policy that picks each step (`policy.ts`,
 * `policies/`), placement of work on devices (`placement.ts`), the running
 * sequences (`running.ts`), acceptance (the method's `accept`) and metrics
 * (`metrics.ts`); this file wires them to events.
 *
 * Each request is prefilled (which emits its first token), then decoded by
 * iterations of the method: drafting phases, one target step, and possibly
 * phases after it. The method returns the iteration's *work*; the engine
 * prices it with the cost model. A step occupies its device for its time; a
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
 * A closed workload under a policy that keeps the batch full (`continuous`)
 * is measured in its steady state (`steady`): it starts with `maxBatch`
 * warm-up sequences already part way through their outputs (staggered evenly,
 * their KV caches in place), and once every measured request is issued,
 * filler requests keep the batch full until the last measured one finishes.
 * Warm-up and filler requests take their lengths from the measured ones and
 * are never measured. Without this, fixed lengths keep the autoregressive
 * baseline in lockstep (all requests finish together, so every prefill lands
 * in time-to-first-token) while a speculative run finishes raggedly, and the
 * answer would depend on whether lengths are fixed or spread with the same means.
 */
import { scaleRows } from '../acceptance/per-request.js';
import type { AcceptanceRows } from '../acceptance/types.js';
import type { IterationWork, Method, Phase } from '../methods/types.js';
import type { StepShape } from '../cost/op-types.js';
import { phaseMs } from '../methods/work.js';
import type { Bound } from '../cost/bound.js';
import type { Stat } from '../report/metrics-types.js';
import type { WorkloadPlan } from '../workload/index.js';
import { PRIORITY, type SimEvent } from './events.js';
import { Kernel, type Device, type FollowUp } from './kernel.js';
import type { CostFn } from './cost-cache.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { Rng } from './rng.js';
import { ContextBins, Latencies, StepCounters, type ContextBin } from './metrics.js';
import { Placement, type DeviceName, type TimelineEntry, type TimelinePhase } from './placement.js';
import type { BatchPolicy, ServingState } from './policy.js';
import { BATCH_POLICIES, type Batching } from './policies/index.js';
import { RunningSet } from './running.js';
import { WaitingQueue } from './waiting.js';

export interface PointInput {
  target: ModelSpec;
  method: Method;
  cost: CostFn;
  workload: WorkloadPlan;
  /** A registered policy that takes no options, or a policy (built by `BATCH_POLICIES`, tests, experiments). */
  batching: Exclude<Batching, 'chunked'> | BatchPolicy;
  draftDevice: 'shared' | 'separate';
  /** The acceptance stream of this point. */
  acceptanceRng: Rng;
  /**
   * Per-request acceptance variation, drawn in request order from a stream
   * shared by every method, hardware and batch, so request i is as easy for each.
   */
  perRequestRng: Rng;
  /** What a serving engine adds on the target device around each iteration (src/serving/engine-method.ts); none by default. */
  overhead?: IterationOverhead;
  /** The engine's host time before a step that runs no iteration (a whole-prompt prefill, a step of prefill chunks alone); none by default. */
  stepHost?: StepHost;
  /**
   * The engine's cap on sequences running at once, when below the workload's
   * `maxBatch` (SGLang's max_running_requests): a closed workload keeps
   * `maxBatch` requests in the system, and those past the cap wait for a slot.
   */
  maxRunning?: number;
  /** Timeline intervals kept per device. */
  keepTimeline?: number;
  /**
   * false: every step goes through the kernel's events and is priced afresh,
   * the plain path the fast path (see `runAhead`) must match exactly; for
   * tests. Default true.
   */
  fastPath?: boolean;
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
  /** When acceptance decays with context: acceptance by context bin (absent otherwise, so reports without decay keep their bytes). */
  acceptanceByContext?: ContextBin[];
  iterations: number;
  targetStepMs: number;
  targetBound: Bound;
  draftMsPerStep: number;
  timeline: TimelineEntry[];
}

/**
 * Per-iteration costs of the serving engine, given the batch, the method's
 * work and the iteration's priced device time (verify + every phase, ms):
 * host time run before the iteration (`scheduler`) and bookkeeping after it
 * (`spec`), both on the target device and not counted as drafting.
 */
export type IterationOverhead = (batch: number, work: IterationWork, gpuMs: number) => { beforeMs: number; afterMs: number };

/**
 * Visible host time (ms) of an engine step that runs no decode iteration
 * (a whole-prompt prefill, or prefill chunks alone), given the requests in
 * the step and its priced device time: every scheduler step pays it, as
 * iterations do.
 */
export type StepHost = (sequences: number, gpuMs: number) => number;

type Emit = FollowUp<SimEvent>[];

/** A phase of an iteration as priced: its device, timeline label and time. */
interface PricedPhase { device: Device<DeviceName, TimelinePhase>; label: TimelinePhase; ms: number }
/**
 * An iteration as priced: the serving engine's host time before it
 * (`scheduler`), phases before the target's step, the step (time, what bounds
 * it), phases after, the engine's speculation bookkeeping after (`spec`).
 */
interface PricedStep { hostMs: number; before: PricedPhase[]; verifyMs: number; bound: Bound; after: PricedPhase[]; specMs: number }

const ITERATION_DONE: SimEvent = { kind: 'iterationDone' };

/** Two steps run back to back: their times add; the longer one says what bounds them. */
function sumCosts(a: { ms: number; bound: Bound }, b: { ms: number; bound: Bound }): { ms: number; bound: Bound } {
  return { ms: a.ms + b.ms, bound: a.ms >= b.ms ? a.bound : b.bound };
}

export function simulatePoint(input: PointInput): PointOutcome {
  const { method, workload: w, cost, target, overhead, stepHost } = input;
  const policy = typeof input.batching === 'string' ? BATCH_POLICIES[input.batching]() : input.batching;
  const keep = input.keepTimeline ?? 40;
  const place = new Placement(input.draftDevice, keep);
  const noRows: AcceptanceRows = [[0]];
  const rng = input.acceptanceRng;
  const nReq = w.requests.length;
  /** Sequences that may run at once: the workload's batch, or the engine's cap below it. */
  const cap = Math.min(w.maxBatch, input.maxRunning ?? w.maxBatch);

  // The steady state of a closed workload (see the top of this file).
  const steady = w.closed && policy.keepsBatchFull;
  const queue = new WaitingQueue();
  /** Warm-up and filler sequences so far. */
  let extras = 0;
  /** A queue code's lengths: a measured request's own, or request k mod n's for the k-th extra. */
  const lengthsOf = (code: number) => w.requests[code >= 0 ? code : (-1 - code) % nReq]!;
  /** First tokens of every prefilled sequence (measured or not). */
  let prefilledTokens = 0;
  let lastArrivalMs = 0;
  let queueAtLastArrival = 0;
  const run = new RunningSet(cap);
  const lat = new Latencies(nReq);
  const steps = new StepCounters(method.maxAccepted);
  /** Acceptance decaying with context (the factor of a sequence's context), and its bins; absent without decay. */
  const decay = method.acceptance?.contextFactor;
  const byContext = decay ? new ContextBins(method.maxAccepted) : undefined;
  const reportEvery = Math.max(1, Math.floor(nReq / 100));
  let nextReport = reportEvery;
  let busy = false;
  let dispatchQueued = false;
  let issued = 0;
  /** The most tokens a sequence took from the last target step, before the cut at its end (draft catch-up). */
  let lastEmitted = 1;
  const verifyLabel = method.maxAccepted > 0 ? 'verify' : 'decode';
  const finish = (a: number, f: number, out: number, t: number): void => lat.finish(a, f, out, t);
  /**
   * Chunked prefill: queue positions pfHead … queue.head − 1 are admitted
   * requests part way through their prompts (`pfDone[i]` tokens of the i-th
   * prefilled); `joining` of them, from pfHead, finished their prompt in the
   * step in flight and join the running set when it ends.
   */
  let pfHead = 0;
  const pfDone: number[] = [];
  let joining = 0;
  const decodeTokens = method.iteration(0, 1).verifyTokens;
  /** What the policy sees (one object, updated before each question). */
  const state = {
    running: 0, waiting: 0, prefilling: 0, maxBatch: cap, decodeTokens,
    pendingPrompt: (i: number) => lengthsOf(queue.index[pfHead + i]!).promptTokens - pfDone[i]!,
    waitingPrompt: (i: number) => lengthsOf(queue.index[queue.head + i]!).promptTokens,
  };
  const serving = (): ServingState => { state.running = run.n; state.waiting = queue.waiting; state.prefilling = queue.head - pfHead; return state; };
  /** The steady state ends with the last measured request. */
  const ended = (): boolean => steady && lat.finished === nReq;

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

  /** Prefill the next `count` waiting requests as one step (plus the method's drafting work at prefill). */
  const prefill = (count: number, now: number): Emit => {
    let promptSum = 0;
    for (let p = queue.head; p < queue.head + count; p++) promptSum += lengthsOf(queue.index[p]!).promptTokens;
    const prompt = promptSum / count;
    const targetMs = cost(target, count, prompt, 0, 'prefill').ms;
    const pd = method.prefillDraft(prompt);
    // The engine's host time for this step comes first, on the target's device (hidden behind the GPU when it overlaps).
    const host = stepHost ? stepHost(count, targetMs + (pd ? phaseMs(pd, count, cost) : 0)) : 0;
    const start = host > 0 ? place.target.occupy(now, host, 'scheduler') : now;
    const targetEnd = place.target.occupy(start, targetMs, 'prefill');
    // Device.occupy starts no earlier than the device is free, so on a shared device this follows the target.
    const end = pd ? place.run(pd, count, pd.independent ? start : targetEnd, cost, 'prefill').endMs : targetEnd;
    busy = true;
    const first = queue.take(count);
    pfHead = queue.head;
    return [{ delayMs: Math.max(end, targetEnd) - now, event: { kind: 'prefillDone', first, count, firstTokenMs: targetEnd }, priority: PRIORITY.prefillDone }];
  };

  /**
   * The priced work of an iteration of `n` sequences at `context` after
   * `lastEmitted` (a pure function of those: the method's work and the cost
   * model). `step` keeps it per (n, summed context, lastEmitted), so a step
   * whose shape recurs allocates nothing.
   */
  const price = (n: number, context: number, chunks?: readonly StepShape[]): PricedStep => {
    const work = method.iteration(context, lastEmitted);
    const ph = (p: Phase): PricedPhase => ({ device: place.deviceOf(p), label: p.label, ms: phaseMs(p, n, cost) });
    // With prefill chunks, the target's step is one mixed step: the iteration's rows beside the chunks. A
    // verify step that is not the whole target (LayerSkip's upper layers) cannot share it: the two run back to back.
    const verifyModel = work.verifyModel ?? target;
    const rows = { batch: n, tokens: work.verifyTokens, context, phase: 'decode' as const, ...(work.verifyTree === true ? { tree: true } : {}) };
    const verify: { ms: number; bound: Bound } = !chunks
      ? cost(verifyModel, n, work.verifyTokens, context, 'decode', work.verifyTree)
      : verifyModel === target
        ? cost.mixed(target, [rows, ...chunks])
        : sumCosts(cost(verifyModel, n, work.verifyTokens, context, 'decode', work.verifyTree), cost.mixed(target, chunks));
    const before = work.before.map(ph);
    const after = work.after.map(ph);
    let hostMs = 0;
    let specMs = 0;
    if (overhead) {
      // The engine's host time depends on the whole iteration's device time.
      let gpuMs = verify.ms;
      for (const p of before) gpuMs += p.ms;
      for (const p of after) gpuMs += p.ms;
      const o = overhead(n, work, gpuMs);
      hostMs = o.beforeMs;
      specMs = o.afterMs;
    }
    return { hostMs, before, verifyMs: verify.ms, bound: verify.bound, after, specMs };
  };
  const fast = input.fastPath !== false;
  /**
   * Priced steps by (n, summed context, lastEmitted), one number: shapes
   * recur (batch 1 walks the same contexts request after request; a full
   * batch of fixed lengths cycles). Cleared when full, so memory stays bounded.
   */
  const memo = new Map<number, PricedStep>();
  const MEMO_ENTRIES = 1 << 15;
  const emits = method.maxAccepted + 2;
  const batches = cap + 1;

  /** When the target's step of the last iteration ended (a completed prefill chunk's first token). */
  let targetEndMs = 0;

  /*
   * A decode iteration is three functions, not one: V8's optimizing compiler
   * recompiles a function whenever a new kind of input reaches it (each
   * method's phases, each batch's first memo hit), and the run pays each
   * recompile in CPU. Small functions recompile alone and cheaply: the
   * quickstart took ~5% less CPU (node --trace-opt: the one `step` was
   * recompiled 8 times at 15-30 ms each).
   */

  /** The priced work of the iteration of the `n` running sequences: from the memo when its shape recurred. */
  const pricedStep = (n: number, chunks?: readonly StepShape[]): PricedStep => {
    if (chunks) return price(n, run.contextSum / n, chunks);
    const key = (run.contextSum * batches + n) * emits + lastEmitted;
    if (!fast || n >= batches || key > Number.MAX_SAFE_INTEGER) return price(n, run.contextSum / n);
    let priced = memo.get(key);
    if (!priced) {
      if (memo.size >= MEMO_ENTRIES) memo.clear();
      memo.set(key, (priced = price(n, run.contextSum / n)));
    }
    return priced;
  };

  /** Occupy the devices with an iteration's priced work from `now`; returns its end. */
  const book = (priced: PricedStep, now: number, chunks?: readonly StepShape[]): number => {
    let t = now;
    if (priced.hostMs > 0) t = place.target.occupy(t, priced.hostMs, 'scheduler');
    // Indexed loops: until this is optimized, for-of allocates an iterator and a result per phase.
    const { before, after } = priced;
    for (let i = 0; i < before.length; i++) { const p = before[i]!; t = p.device.occupy(t, p.ms, p.label); steps.draftMsSum += p.ms; }
    t = targetEndMs = place.target.occupy(t, priced.verifyMs, chunks ? 'mixed' : verifyLabel);
    for (let i = 0; i < after.length; i++) { const p = after[i]!; t = p.device.occupy(t, p.ms, p.label); steps.draftMsSum += p.ms; }
    if (priced.specMs > 0) t = place.target.occupy(t, priced.specMs, 'spec');
    steps.targetStep(priced.verifyMs, priced.bound);
    return t;
  };

  /** Draw each of the `n` running sequences' accepted drafts (one draw per sequence-step) and count them. */
  const draw = (n: number): void => {
    const { emitted, rows, output, generated, prompt } = run;
    const hist = steps.hist;
    let accSum = 0;
    let most = 1;
    for (let i = 0; i < n; i++) {
      let acc: number;
      if (decay) {
        // One draw per sequence-step still: the sequence's rows scaled by its context's factor (acceptance/length.ts).
        const context = prompt[i]! + generated[i]!;
        const f = decay(context);
        acc = method.acceptScaled ? method.acceptScaled(rows[i]!, f, rng) : method.accept(f === 1 ? rows[i]! : scaleRows(rows[i]!, f), rng);
        byContext!.add(context, acc);
      } else acc = method.accept(rows[i]!, rng);
      if (acc + 1 > most) most = acc + 1;
      accSum += acc;
      emitted[i] = Math.min(acc + 1, output[i]! - generated[i]!);
      hist[acc + 1]!++;
    }
    lastEmitted = most;
    steps.acceptedDrafts += accSum;
    steps.emittedSum += accSum + n;
    steps.seqSteps += n;
  };

  /**
   * One decode iteration of every running sequence from `now` (with
   * `chunks`, prefill chunks ride in its target step): price the method's
   * work, draw each sequence's accepted drafts; returns its end.
   */
  const step = (now: number, chunks?: readonly StepShape[]): number => {
    const n = run.n;
    const t = book(pricedStep(n, chunks), now, chunks);
    draw(n);
    busy = true;
    return t;
  };

  const iteration = (now: number): Emit => [{ delayMs: step(now) - now, event: ITERATION_DONE, priority: PRIORITY.iterationDone }];

  /**
   * A step of prefill chunks (chunked prefill): admit `admit` waiting
   * requests, prefill `chunks[i]` tokens of the i-th prefilling one (each a
   * group of the step, attending to what it prefilled before), in the same
   * step as every running sequence's iteration when `decode`. The method's
   * drafting work at prefill runs on each chunk after the target's step (an
   * independent draft on its own device from the start).
   */
  const mixed = (decode: boolean, admit: number, chunks: readonly number[], now: number): Emit => {
    queue.take(admit);
    for (let i = 0; i < admit; i++) pfDone.push(0);
    const groups: StepShape[] = [];
    joining = 0;
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i]!;
      const prompt = lengthsOf(queue.index[pfHead + i]!).promptTokens;
      groups.push({ batch: 1, tokens: c, context: pfDone[i]!, phase: 'prefill' });
      pfDone[i]! += c;
      if (pfDone[i] === prompt) joining = i + 1;
    }
    let end: number;
    let start = now;
    if (decode) end = step(now, groups);
    else {
      // Chunks alone: the step still pays the engine's host time, before it on the target's device.
      const ms = cost.mixed(target, groups).ms;
      const host = stepHost ? stepHost(groups.length, ms) : 0;
      if (host > 0) start = place.target.occupy(now, host, 'scheduler');
      end = targetEndMs = place.target.occupy(start, ms, 'prefill');
    }
    const firstTokenMs = targetEndMs;
    for (const g of groups) {
      const pd = method.prefillDraft(g.tokens);
      if (!pd) continue;
      const p: Phase = 'steps' in pd ? { ...pd, steps: pd.steps.map((s) => ({ ...s, context: s.context + g.context })) } : pd;
      end = Math.max(end, place.run(p, 1, pd.independent ? start : firstTokenMs, cost, 'prefill').endMs);
    }
    busy = true;
    return [{ delayMs: end - now, event: { kind: 'mixedDone', decoded: decode, firstTokenMs }, priority: PRIORITY.mixedDone }];
  };

  /** A step has ended at `now`: sequences that are done leave. Returns how many left. */
  const stepDone = (now: number): number => {
    busy = false;
    if (input.onProgress && lat.finished >= nextReport) {
      input.onProgress(lat.finished / nReq);
      nextReport = lat.finished + reportEvery;
    }
    return run.advance(now, finish);
  };

  /** Follow-ups built for time `t` by a handler running at `now` ≤ t (delays 0 → absolute t). */
  const at = (t: number, now: number, out: Emit): Emit => (t === now ? out : out.map((f) => ({ atMs: t, event: f.event, priority: f.priority ?? 0 })));

  /**
   * The batch-1 / small-batch fast path. After a step in which nobody
   * finished, the normal path queues a dispatch at `now`, which (the policy
   * asking for another iteration) runs the next step, whose completion event
   * comes back at its end. While no other event is due by then, this does the
   * same here: the same calls in the same order, so the same times, draws and
   * counters (the same report), without two kernel events per step. Anything
   * due (an arrival, the policy wanting a prefill) or a sequence finishing
   * hands back to the events.
   */
  const runAhead = (now: number): Emit => {
    let t = now;
    for (;;) {
      if (kernel.nextTimeMs <= t || ended() || policy.next(serving()).kind !== 'iteration') return at(t, now, dispatch([]));
      const end = t + (step(t) - t); // the time the kernel would give the completion event
      if (kernel.nextTimeMs <= end) return [{ atMs: end, event: ITERATION_DONE, priority: PRIORITY.iterationDone }];
      t = end;
      const left = stepDone(t);
      if (left > 0) return at(t, now, dispatch(replacements(left)));
    }
  };

  const handlers: { [K in SimEvent['kind']]: (e: Extract<SimEvent, { kind: K }>, now: number) => Emit } = {
    arrival(e, now) {
      queue.push(e.index, now, method.acceptance ? method.acceptance.forRequest(input.perRequestRng) : noRows);
      if (!w.closed && e.index === nReq - 1) { lastArrivalMs = now; queueAtLastArrival = queue.waiting; }
      return dispatch([]);
    },

    dispatch(_e, now) {
      dispatchQueued = false;
      if (busy || ended()) return [];
      const next = policy.next(serving());
      switch (next.kind) {
        case 'prefill': return prefill(next.count, now);
        case 'iteration': return iteration(now);
        case 'mixed': return mixed(next.decode && run.n > 0, next.admit, next.chunks, now);
        case 'idle': return [];
      }
    },

    prefillDone(e) {
      busy = false;
      let done = 0;
      for (let p = e.first; p < e.first + e.count; p++) {
        const code = queue.index[p]!;
        const r = lengthsOf(code);
        prefilledTokens++;
        if (r.outputTokens <= 1) { if (code >= 0) lat.finish(queue.arrivalMs[p]!, e.firstTokenMs, r.outputTokens, e.firstTokenMs); done++; } else run.add(r.promptTokens, r.outputTokens, queue.arrivalMs[p]!, e.firstTokenMs, queue.rows[p]!, code >= 0);
        queue.rows[p] = undefined;
      }
      return dispatch(replacements(done));
    },

    mixedDone(e, now) {
      let left = 0;
      if (e.decoded) left = stepDone(now);
      else busy = false;
      // Prompts completed by the step join (their first token came from it), after the iteration's sequences advanced.
      for (let k = 0; k < joining; k++) {
        const p = pfHead++;
        pfDone.shift();
        const code = queue.index[p]!;
        const r = lengthsOf(code);
        prefilledTokens++;
        if (r.outputTokens <= 1) { if (code >= 0) lat.finish(queue.arrivalMs[p]!, e.firstTokenMs, r.outputTokens, e.firstTokenMs); left++; } else run.add(r.promptTokens, r.outputTokens, queue.arrivalMs[p]!, e.firstTokenMs, queue.rows[p]!, code >= 0);
        queue.rows[p] = undefined;
      }
      joining = 0;
      return dispatch(replacements(left));
    },

    iterationDone(_e, now) {
      const left = stepDone(now);
      return left > 0 || !fast ? dispatch(replacements(left)) : runAhead(now);
    },
  };

  const kernel = new Kernel<SimEvent>((e, now) => (handlers[e.kind] as (ev: SimEvent, t: number) => Emit)(e, now));
  if (steady) {
    // Warm-up: a full batch already part way through (evenly staggered), KV caches in place.
    for (let i = 0; i < cap; i++) {
      const r = w.requests[i % nReq]!;
      const done = Math.floor((r.outputTokens * (i + 0.5)) / cap);
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
  if (lat.finished !== nReq || (!steady && (run.n > 0 || queue.waiting > 0))) {
    throw new Error(`simulation ended with ${nReq - lat.finished} unfinished requests`);
  }

  return {
    ...lat.summary(),
    requests: lat.finished,
    outputTokens: lat.outputTokens,
    makespanMs: lat.makespanMs,
    windowTokens: steady ? prefilledTokens + run.emittedTokens : lat.outputTokens,
    lastArrivalMs,
    queueAtLastArrival,
    ...steps.summary(),
    ...(byContext ? { acceptanceByContext: byContext.summary() } : {}),
    timeline: place.timeline(keep),
  };
}
