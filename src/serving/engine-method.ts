/**
 * A method as an engine runs it: each iteration also pays the engine's host
 * time (scheduling, input preparation, output processing), hidden behind the
 * GPU when the engine overlaps them, and, when speculating, its per-round
 * bookkeeping (proposer, draft passes, tree masks, rejection sampling, KV
 * compaction). Both run on the target's device, around the method's work
 * (the simulator's `overhead` hook).
 */
import type { EngineProfile } from '../catalog/engine-schema.js';
import type { IterationWork, Method } from '../methods/types.js';
import type { IterationOverhead, StepHost } from '../sim/engine.js';
import { stepRole } from './engine-kernels.js';

/** Host time of one engine step with `batch` running sequences (ms). */
export function hostMs(engine: EngineProfile, batch: number): number {
  return (engine.host.stepUs + engine.host.perSeqUs * batch) / 1e3;
}

/**
 * Whether the host work of a step hides behind the GPU's. `kind`: the method
 * speculating, when known; an engine may run some methods with its overlap
 * scheduler off (TensorRT-LLM's NGRAM mode).
 */
export function hostOverlaps(engine: EngineProfile, speculating: boolean, kind?: string): boolean {
  if (!engine.host.overlap) return false;
  if (!speculating) return true;
  const own = kind !== undefined && engine.methods !== 'all' ? engine.methods[kind]?.hostOverlap : undefined;
  return own ?? engine.host.overlapWithSpeculation;
}

/**
 * The fixed bookkeeping of one round of method `kind` (µs): the method's own
 * `methods.<kind>.roundUs` when its loop does other work than the engine-wide
 * constant describes (Hugging Face's prompt lookup builds no tree), else
 * `speculation.roundUs` (also when the method is not known, as in `cost`).
 */
export function roundUs(engine: EngineProfile, kind?: string): number {
  const own = kind !== undefined && engine.methods !== 'all' ? engine.methods[kind]?.roundUs : undefined;
  return own ?? engine.speculation.roundUs;
}

/** Speculation bookkeeping of one round of method `kind`: `passes` draft passes, `batch` sequences verifying `verifyTokens` each (ms). */
export function speculationMs(engine: EngineProfile, passes: number, batch: number, verifyTokens: number, kind?: string): number {
  const s = engine.speculation;
  const nodes = Math.max(0, verifyTokens - 1);
  return (roundUs(engine, kind) + s.perDraftPassUs * passes + s.perNodeUs * nodes + s.perSeqUs * batch + s.perSeqTokenUs * batch * verifyTokens) / 1e3;
}

/** The engine's per-step costs of one iteration whose device time is `gpuMs`: visible host time and speculation bookkeeping (ms). */
export function engineIterationPhases(engine: EngineProfile, gpuMs: number, batch: number, speculating: boolean, passes: number, verifyTokens: number, kind?: string): { host: number; spec: number } {
  // The host prepares the next step while this whole iteration runs.
  const host = hostMs(engine, batch);
  const visible = hostOverlaps(engine, speculating, kind) ? Math.max(0, host - gpuMs) : host;
  return { host: visible, spec: speculating ? speculationMs(engine, passes, batch, verifyTokens, kind) : 0 };
}

/** Draft forward passes in an iteration's work: steps of any model other than the target. */
export function draftPasses(work: IterationWork, targetId: string): number {
  let passes = 0;
  for (const p of [...work.before, ...work.after]) if ('steps' in p) for (const s of p.steps) if (stepRole(p.model, targetId, s.tokens) === 'draft') passes++;
  return passes;
}

/**
 * What `engine` adds around every iteration of `method` (host time before,
 * speculation bookkeeping after), for the simulator; undefined when the
 * engine adds nothing.
 */
export function engineOverhead(engine: EngineProfile, method: Method, targetId: string): IterationOverhead | undefined {
  const zero = engine.host.stepUs === 0 && engine.host.perSeqUs === 0 && Object.values(engine.speculation).every((v) => v === 0) && roundUs(engine, method.kind) === 0;
  if (zero) return undefined;
  const speculating = method.maxAccepted > 0;
  return (batch, work, gpuMs) => {
    const { host, spec } = engineIterationPhases(engine, gpuMs, batch, speculating, draftPasses(work, targetId), method.extraKvTokens, method.kind);
    return { beforeMs: host, afterMs: spec };
  };
}

/**
 * Requests `engine` runs at once for `method`: the scenario's
 * `maxRunningRequests` (the engine's flag, e.g. SGLang's
 * --max-running-requests) for every method, else the engine's default cap
 * when the method speculates (SGLang: 48), else none (undefined).
 */
export function engineRunningCap(engine: EngineProfile, method: Method, scenarioCap?: number): number | undefined {
  if (scenarioCap !== undefined) return scenarioCap;
  return method.maxAccepted > 0 ? engine.speculation.maxRunningRequests : undefined;
}

/**
 * The host time `engine` adds before a step of `method` that runs no decode
 * iteration (a whole-prompt prefill, or prefill chunks alone): vLLM's and
 * SGLang's schedulers pay it on every step (schedule, prepare inputs,
 * process outputs), with the same constants and overlap as an iteration's;
 * undefined when the engine has no host time.
 */
export function engineStepHost(engine: EngineProfile, method: Method): StepHost | undefined {
  if (engine.host.stepUs === 0 && engine.host.perSeqUs === 0) return undefined;
  const overlaps = hostOverlaps(engine, method.maxAccepted > 0, method.kind);
  return (sequences, gpuMs) => {
    const host = hostMs(engine, sequences);
    return overlaps ? Math.max(0, host - gpuMs) : host;
  };
}
