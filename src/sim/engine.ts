/**
 * Simulating one point (hardware × model × method × batch × workload): a
 * serving engine with continuous or static batching on the event kernel.
 *
 * Each request is prefilled (which emits its first token), then decoded by
 * iterations of the method: drafting phases, one target step, and possibly
 * phases after it. A step occupies its device for the cost model's time; a
 * draft model on a `separate` device drafts there (its prefill overlaps the
 * target's), on a `shared` device everything serializes on the target.
 * Between steps requests leave (done) and join (prefilled as one step).
 */
import type { AcceptanceRows } from '../acceptance/types.js';
import { sampleChain, sampleTree } from '../acceptance/sample.js';
import type { Method } from '../methods/types.js';
import type { Stat, TimelineEntry } from '../report/types.js';
import type { WorkloadPlan } from '../workload/index.js';
import { PRIORITY, type Seq, type SimEvent } from './events.js';
import { Device, Kernel, type FollowUp } from './kernel.js';
import type { CostFn } from './cost-cache.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { Rng } from './rng.js';
import { summarize } from './stats.js';

export interface PointInput {
  target: ModelSpec;
  method: Method;
  cost: CostFn;
  workload: WorkloadPlan;
  batching: 'continuous' | 'static';
  draftDevice: 'shared' | 'separate';
  /** The acceptance stream of this point. */
  acceptanceRng: Rng;
  /** Timeline intervals kept per device. */
  keepTimeline?: number;
}

export interface PointOutcome {
  tpotMs: Stat;
  ttftMs: Stat;
  e2eMs: Stat;
  requests: number;
  outputTokens: number;
  makespanMs: number;
  /** Mean tokens a target step produced per sequence (accepted + bonus, before truncation at the request's end). */
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

export function simulatePoint(input: PointInput): PointOutcome {
  const { method, workload: w, cost, target } = input;
  const keep = input.keepTimeline ?? 40;
  const gpu = new Device('gpu0', keep);
  const draftDev = input.draftDevice === 'separate' ? new Device('draft', keep) : gpu;
  const noRows: AcceptanceRows = [[0]];

  const waiting: Seq[] = [];
  let running: Seq[] = [];
  let busy = false;
  let dispatchQueued = false;
  let issued = 0;
  let allAcceptedBefore = false;

  const ttft: number[] = [];
  const e2e: number[] = [];
  const tpot: number[] = [];
  let outputTokens = 0;
  let makespanMs = 0;
  const hist: number[] = [];
  let seqSteps = 0;
  let emittedSum = 0;
  let acceptedDrafts = 0;
  let iterations = 0;
  let targetMsSum = 0;
  let draftMsSum = 0;
  const boundMs = new Map<string, number>();

  const dispatch = (): Emit => {
    if (dispatchQueued || busy) return [];
    dispatchQueued = true;
    return [{ delayMs: 0, event: { kind: 'dispatch' }, priority: PRIORITY.dispatch }];
  };

  const finish = (s: Seq, now: number): void => {
    const e = now - s.arrivalMs;
    const f = s.firstTokenMs - s.arrivalMs;
    ttft.push(f);
    e2e.push(e);
    if (s.outputTokens > 1) tpot.push((e - f) / (s.outputTokens - 1));
    outputTokens += s.outputTokens;
    makespanMs = Math.max(makespanMs, now);
  };

  /** Closed workloads: each finished request is replaced at once. */
  const replacements = (n: number): Emit => {
    const out: Emit = [];
    if (!w.closed) return out;
    for (let i = 0; i < n && issued < w.requests.length; i++) out.push({ delayMs: 0, event: { kind: 'arrival', index: issued++ }, priority: PRIORITY.arrival });
    return out;
  };

  const handlers: { [K in SimEvent['kind']]: (e: Extract<SimEvent, { kind: K }>, now: number) => Emit } = {
    arrival(e, now) {
      const r = w.requests[e.index]!;
      const rows = method.acceptance ? method.acceptance.forRequest(input.acceptanceRng) : noRows;
      waiting.push({ index: e.index, promptTokens: r.promptTokens, outputTokens: r.outputTokens, arrivalMs: now, firstTokenMs: 0, generated: 0, rows });
      return dispatch();
    },

    dispatch(_e, now) {
      dispatchQueued = false;
      if (busy) return [];
      const room = w.maxBatch - running.length;
      const mayJoin = input.batching === 'continuous' ? room > 0 : running.length === 0;
      if (waiting.length > 0 && mayJoin) {
        const joiners = waiting.splice(0, room);
        const prompt = joiners.reduce((a, s) => a + s.promptTokens, 0) / joiners.length;
        const targetEnd = gpu.occupy(now, cost(target, joiners.length, prompt, 0, 'prefill').ms, 'prefill');
        const draftMs = method.prefillDraftMs(joiners.length, prompt);
        const end = draftMs > 0 ? draftDev.occupy(draftDev === gpu ? targetEnd : now, draftMs, 'prefill') : targetEnd;
        busy = true;
        return [{ delayMs: Math.max(end, targetEnd) - now, event: { kind: 'prefillDone', joiners }, priority: PRIORITY.prefillDone }];
      }
      if (running.length === 0) return [];
      const n = running.length;
      const context = running.reduce((a, s) => a + s.promptTokens + s.generated, 0) / n;
      const plan = method.iteration(n, context, allAcceptedBefore);
      let t = now;
      for (const p of plan.before) { t = (p.draftModel ? draftDev : gpu).occupy(t, p.ms, p.phase); draftMsSum += p.ms; }
      t = gpu.occupy(t, plan.target.ms, method.drafted > 0 ? 'verify' : 'decode');
      for (const p of plan.after) { t = (p.draftModel ? draftDev : gpu).occupy(t, p.ms, p.phase); draftMsSum += p.ms; }
      iterations++;
      targetMsSum += plan.target.ms;
      boundMs.set(plan.target.bound, (boundMs.get(plan.target.bound) ?? 0) + plan.target.ms);

      const emitted: number[] = [];
      allAcceptedBefore = false;
      for (const s of running) {
        let acc = 0;
        if (method.drafted > 0) acc = method.tree ? sampleTree(method.tree, s.rows, input.acceptanceRng) : sampleChain(s.rows, method.drafted, input.acceptanceRng);
        if (method.drafted > 0 && acc >= method.drafted) allAcceptedBefore = true;
        acceptedDrafts += acc;
        emitted.push(acc + 1);
        hist[acc + 1] = (hist[acc + 1] ?? 0) + 1;
        emittedSum += acc + 1;
        seqSteps++;
      }
      busy = true;
      return [{ delayMs: t - now, event: { kind: 'iterationDone', seqs: running, emitted }, priority: PRIORITY.iterationDone }];
    },

    prefillDone(e, now) {
      busy = false;
      let done = 0;
      for (const s of e.joiners) {
        s.generated = 1;
        s.firstTokenMs = now;
        if (s.outputTokens <= 1) { finish(s, now); done++; } else running.push(s);
      }
      return [...replacements(done), ...dispatch()];
    },

    iterationDone(e, now) {
      busy = false;
      const still: Seq[] = [];
      e.seqs.forEach((s, i) => {
        s.generated = Math.min(s.outputTokens, s.generated + e.emitted[i]!);
        if (s.generated >= s.outputTokens) finish(s, now); else still.push(s);
      });
      const done = running.length - still.length;
      running = still;
      return [...replacements(done), ...dispatch()];
    },
  };

  const kernel = new Kernel<SimEvent>((e, now) => (handlers[e.kind] as (ev: SimEvent, t: number) => Emit)(e, now));
  if (w.closed) {
    for (let i = 0; i < Math.min(w.maxBatch, w.requests.length); i++) kernel.schedule(0, { kind: 'arrival', index: issued++ }, PRIORITY.arrival);
  } else {
    w.requests.forEach((r, i) => kernel.schedule(r.arrivalMs, { kind: 'arrival', index: i }, PRIORITY.arrival));
    issued = w.requests.length;
  }
  kernel.run();
  if (ttft.length !== w.requests.length || running.length > 0 || waiting.length > 0) {
    throw new Error(`simulation ended with ${w.requests.length - ttft.length} unfinished requests`);
  }

  let targetBound = 'memory';
  let best = -1;
  for (const [b, ms] of boundMs) if (ms > best) { best = ms; targetBound = b; }
  const timeline = [...gpu.intervals, ...(draftDev === gpu ? [] : draftDev.intervals)]
    .sort((a, b) => a.startMs - b.startMs || a.device.localeCompare(b.device)).slice(0, keep);
  for (let i = 0; i < hist.length; i++) hist[i] ??= 0;
  return {
    tpotMs: summarize(tpot),
    ttftMs: summarize(ttft),
    e2eMs: summarize(e2e),
    requests: ttft.length,
    outputTokens,
    makespanMs,
    acceptedPerStep: seqSteps > 0 ? emittedSum / seqSteps : 1,
    acceptanceRate: method.drafted > 0 ? (seqSteps > 0 ? acceptedDrafts / (seqSteps * method.drafted) : 0) : null,
    acceptedHistogram: hist,
    iterations,
    targetStepMs: iterations > 0 ? targetMsSum / iterations : 0,
    targetBound,
    draftMsPerStep: iterations > 0 ? draftMsSum / iterations : 0,
    timeline,
  };
}
