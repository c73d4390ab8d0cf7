/**
 * Finalist re-ranking: the analytic step (evaluate.ts) prices ~10⁴
 * candidates in milliseconds but does not see queueing, the engine's batch
 * policy or lengths out of step; the simulator does, at ~0.1 s a run. So at
 * each cell the top `n` settings the policy allows, by the analytic
 * objective (the analytic pick first), are simulated beside autoregressive on
 * their deployment, and the pick is the best by the same objective on the
 * simulated numbers (ties within TIE_TOLERANCE: the smallest setting, as in
 * the analytic choice).
 */
import type { Objective } from '../report/optimize-types.js';
import type { Result } from '../report/types.js';
import { tokenEconomics } from '../report/economics.js';
import { choose, objectiveValue, type Analytic, type EconomicsInput, type Evaluated, type SizedCandidate } from './evaluate.js';
import { compareSize } from './candidates.js';

/** Finalists simulated per cell by default (besides autoregressive). */
export const DEFAULT_FINALISTS = 3;

/**
 * The analytic pick, then the best of every other group (method kind, draft
 * model and deployment: where the analytic step's errors are systematic)
 * by the objective (meeting the slo limit first), then the next best
 * settings; `n` in all. Neighbouring settings of one kind differ by less
 * than the analytic step's error across kinds, so kinds come first.
 */
export function topFinalists<C extends SizedCandidate>(allowed: readonly Evaluated<C>[], pick: Evaluated<C>, objective: Objective, sloMs: number | undefined, n: number, group: (c: C) => string): Evaluated<C>[] {
  const meets = (e: Evaluated<C>): number => (objective === 'slo' && e.a.tpotMs <= sloMs! ? 1 : 0);
  const anyMeets = allowed.some((e) => meets(e) === 1);
  const value = (e: Evaluated<C>): number => (objective === 'slo' && !anyMeets ? e.a.userTokensPerS : objectiveValue(objective, e.a));
  const ranked = allowed.filter((e) => e !== pick).sort((x, y) => meets(y) - meets(x) || value(y) - value(x) || compareSize(x.c.size, y.c.size));
  const out = [pick];
  const seen = new Set([group(pick.c)]);
  for (const e of ranked) if (out.length < n && !seen.has(group(e.c))) { seen.add(group(e.c)); out.push(e); }
  for (const e of ranked) if (out.length < n && !out.includes(e)) out.push(e);
  return out;
}

/** A simulated result in the analytic step's terms, so one choice rule serves both. */
export function simulatedAnalytic(r: Result, econ: EconomicsInput): Analytic {
  const m = r.metrics;
  const money = tokenEconomics(econ.devices, m.tokensPerS, econ.hw, econ.assumptions);
  return { tpotMs: m.tpotMs.mean, userTokensPerS: m.userTokensPerS, tokensPerS: m.tokensPerS, acceptedPerStep: m.acceptedPerStep, stepMs: NaN, ...money };
}

/**
 * The pick among simulated contenders (the finalists and autoregressive on
 * their deployments): the analytic step's rule on the simulated numbers
 * (within TIE_TOLERANCE of the best the smallest wins, so a speculative
 * setting less than 1% faster than autoregressive in simulation gives way to it).
 */
export function pickSimulated<C extends SizedCandidate>(contenders: Evaluated<C>[], objective: Objective, sloMs: number | undefined): C {
  return choose(contenders, objective, sloMs).pick.c;
}
