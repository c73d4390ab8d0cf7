/**
 * One decode iteration (a speculation round, or one autoregressive step) as
 * an engine runs it: the method's own `iteration` work priced with the
 * engine's cost model and per-step costs: what validation cases and the
 * engine fits compare with published tokens per second at batch 1.
 */
import type { EngineProfile } from '../catalog/engine-schema.js';
import type { HardwareProfile } from '../cost/backends/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { DEFAULT_COST_OPTIONS, type CostOptions } from '../cost/operators.js';
import { buildMethod, type MethodEnv } from '../methods/index.js';
import type { MethodSpec } from '../methods/index.js';
import { phaseMs } from '../methods/work.js';
import { engineCost } from './engine-cost.js';
import { engineOverhead } from './engine-method.js';

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
  const cost = engineCost(r.hw, opts, r.engine, r.target.id, speculating).cost;
  const env: MethodEnv = { hw: r.hw, target: r.target, opts, draftDevice: 'shared' };
  const m = buildMethod(r.method, env, `engine ${r.engine.id}`);
  const batch = r.batch ?? 1;
  const context = r.context ?? 512;
  const work = m.iteration(context, r.lastEmitted ?? 1);
  const before = work.before.map((p) => phaseMs(p, batch, cost));
  const after = work.after.map((p) => phaseMs(p, batch, cost));
  const verifyMs = cost(work.verifyModel ?? r.target, batch, work.verifyTokens, context, 'decode', work.verifyTree).ms;
  const o = engineOverhead(r.engine, m, r.target.id)?.(batch, work, [...before, ...after].reduce((a, x) => a + x, verifyMs)) ?? { beforeMs: 0, afterMs: 0 };
  const phases: [string, number][] = [
    ...(o.beforeMs > 0 ? [['scheduler', o.beforeMs] as [string, number]] : []),
    ...work.before.map((p, i): [string, number] => [p.label, before[i]!]),
    ...work.after.map((p, i): [string, number] => [p.label, after[i]!]),
    ...(o.afterMs > 0 ? [['spec', o.afterMs] as [string, number]] : []),
  ];
  const byPhase: Record<string, number> = {};
  for (const [label, ms] of phases) byPhase[label] = (byPhase[label] ?? 0) + ms;
  byPhase[speculating ? 'verify' : 'decode'] = verifyMs;
  return { ms: Object.values(byPhase).reduce((a, b) => a + b, 0), byPhase };
}
