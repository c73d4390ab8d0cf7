/**
 * A method as an engine runs it: each iteration also pays the engine's host
 * time (scheduling, input preparation, output processing), hidden behind the
 * GPU when the engine overlaps them, and, when speculating, its per-round
 * bookkeeping (proposer, draft passes, tree masks, rejection sampling, KV
 * compaction). Both run on the target's device, as extra phases of the plan.
 */
import type { EngineProfile } from '../catalog/engine-schema.js';
import type { DraftPhase, IterationPlan, Method } from '../methods/types.js';
import type { EngineCostFn } from './engine-cost.js';

/** Host time of one engine step with `batch` running sequences (ms). */
export function hostMs(engine: EngineProfile, batch: number): number {
  return (engine.host.stepUs + engine.host.perSeqUs * batch) / 1e3;
}

/** Whether the host work of a step hides behind the GPU's. */
export function hostOverlaps(engine: EngineProfile, speculating: boolean): boolean {
  return engine.host.overlap && (!speculating || engine.host.overlapWithSpeculation);
}

/** Speculation bookkeeping of one round: `passes` draft passes, `batch` sequences verifying `verifyTokens` each (ms). */
export function speculationMs(engine: EngineProfile, passes: number, batch: number, verifyTokens: number): number {
  const s = engine.speculation;
  const nodes = Math.max(0, verifyTokens - 1);
  return (s.roundUs + s.perDraftPassUs * passes + s.perNodeUs * nodes + s.perSeqUs * batch + s.perSeqTokenUs * batch * verifyTokens) / 1e3;
}

/** The engine's per-step costs of one iteration, as the phases it adds (zero-length phases left out). */
export function engineIterationPhases(engine: EngineProfile, plan: IterationPlan, batch: number, speculating: boolean, passes: number, verifyTokens: number): { host: number; spec: number } {
  // The host prepares the next step while this whole iteration runs.
  const gpuMs = [...plan.before, ...plan.after].reduce((a, p) => a + p.ms, plan.target.ms);
  const host = hostMs(engine, batch);
  const visible = hostOverlaps(engine, speculating) ? Math.max(0, host - gpuMs) : host;
  return { host: visible, spec: speculating ? speculationMs(engine, passes, batch, verifyTokens) : 0 };
}

/** `method` with the engine's host and speculation phases added to every iteration. */
export function withEngine(method: Method, engine: EngineProfile, ec: EngineCostFn): Method {
  const speculating = method.drafted > 0;
  const zero = engine.host.stepUs === 0 && engine.host.perSeqUs === 0 && Object.values(engine.speculation).every((v) => v === 0);
  if (zero) return method;
  return {
    ...method,
    prefillDraft: (b, p) => method.prefillDraft(b, p),
    iteration(batch, context, lastEmitted) {
      ec.resetPasses();
      const plan = method.iteration(batch, context, lastEmitted);
      const { host, spec } = engineIterationPhases(engine, plan, batch, speculating, ec.passes(), method.extraKvTokens);
      const before: DraftPhase[] = host > 0 ? [{ phase: 'scheduler', ms: host, draftModel: false }, ...plan.before] : plan.before;
      const after: DraftPhase[] = spec > 0 ? [...plan.after, { phase: 'spec', ms: spec, draftModel: false }] : plan.after;
      return { before, target: plan.target, after };
    },
  };
}
