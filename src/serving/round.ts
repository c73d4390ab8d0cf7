/**
 * One decode iteration (a speculation round, or one autoregressive step) as
 * an engine runs it, priced by the method's own `iteration` with the
 * engine's cost model and per-step costs: what validation cases and the
 * engine fits compare with published tokens per second at batch 1.
 */
import type { EngineProfile } from '../catalog/engine-schema.js';
import type { HardwareProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { DEFAULT_COST_OPTIONS, type CostOptions } from '../cost/operators.js';
import { buildMethod, type MethodEnv } from '../methods/index.js';
import type { MethodSpec } from '../scenario/schema.js';
import { engineCost } from './engine-cost.js';
import { withEngine } from './engine-method.js';

export interface RoundInput {
  hw: HardwareProfile;
  target: ModelSpec;
  engine: EngineProfile;
  method: MethodSpec;
  batch?: number;
  context?: number;
  /** Tokens the previous round emitted for the sequence that took most (the draft's catch-up). */
  lastEmitted?: number;
  opts?: Partial<CostOptions>;
}

/** Wall time of one iteration on a shared device (ms), and its parts by phase. */
export function roundMs(r: RoundInput): { ms: number; byPhase: Record<string, number> } {
  const opts: CostOptions = { ...DEFAULT_COST_OPTIONS, ...r.opts };
  const speculating = r.method.kind !== 'autoregressive';
  const ec = engineCost(r.hw, opts, r.engine, r.target.id, speculating);
  const env: MethodEnv = { hw: r.hw, target: r.target, opts, cost: ec.cost, draftDevice: 'shared' };
  const m = withEngine(buildMethod(r.method, env, `engine ${r.engine.id}`), r.engine, ec);
  const plan = m.iteration(r.batch ?? 1, r.context ?? 512, r.lastEmitted ?? 1);
  const byPhase: Record<string, number> = {};
  for (const p of [...plan.before, ...plan.after]) byPhase[p.phase] = (byPhase[p.phase] ?? 0) + p.ms;
  byPhase[speculating ? 'verify' : 'decode'] = plan.target.ms;
  return { ms: Object.values(byPhase).reduce((a, b) => a + b, 0), byPhase };
}
