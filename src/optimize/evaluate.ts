/**
 * The analytic half of `specsim optimize`: one candidate's time per output
 * token at a batch (the simulator's own method code and cost model, at the
 * batch's mean context, credited its expected tokens per step), and the
 * choice among candidates by the objective.
 */
import type { Objective } from '../report/optimize-types.js';
import { tokenEconomics } from '../report/economics.js';
import type { HardwareEconomics, EconomicsAssumptions } from '../report/types.js';
import { iterationMs, phaseMs } from '../methods/work.js';
import type { MethodEnv } from '../methods/index.js';
import type { CostFn } from '../sim/cost-cache.js';
import type { IterationOverhead } from '../sim/engine.js';
import { compareSize, type Candidate } from './candidates.js';

/** Settings within this fraction of the best count as ties; the smallest wins. */
export const TIE_TOLERANCE = 0.01;

export interface Analytic {
  tpotMs: number;
  userTokensPerS: number;
  tokensPerS: number;
  acceptedPerStep: number;
  stepMs: number;
  usdPerMTokens: number | null;
  joulesPerToken: number | null;
}

export interface Evaluated<C = Candidate> {
  c: C;
  a: Analytic;
}

/** What a point's cost and energy are computed from. */
export interface EconomicsInput {
  devices: number;
  hw: Pick<HardwareEconomics, 'priceUsd' | 'powerW'>;
  assumptions: Pick<EconomicsAssumptions, 'lifetimeYears' | 'usdPerKwh'>;
}

/**
 * Analytic numbers of one candidate at `batch`. The effective time per output
 * token adds the stalls of other requests' prefills, as a closed workload
 * sees them, and the serving engine's host time and speculation bookkeeping
 * per iteration (`overhead`, the simulator's own hook) when it has any.
 */
export function evaluate(c: Candidate, env: MethodEnv, cost: CostFn, batch: number, prompt: number, output: number, econ?: EconomicsInput, overhead?: IterationOverhead): Analytic {
  const ctx = prompt + output / 2;
  const iter = (lastEmitted: number): number => {
    const work = c.method.iteration(ctx, lastEmitted);
    const gpuMs = iterationMs(work, batch, ctx, cost, env.target);
    if (!overhead) return gpuMs;
    const o = overhead(batch, work, gpuMs);
    return gpuMs + o.beforeMs + o.afterMs;
  };
  const e = c.expected;
  // The draft catches up on the most tokens any sequence took last step: all drafts + 1 when some
  // sequence of the batch accepted everything, else about the expected count.
  const pAll = 1 - (1 - c.allAccepted) ** batch;
  const typical = Math.max(1, Math.min(c.method.maxAccepted, Math.round(e)));
  const stepMs = pAll > 0 ? pAll * iter(c.method.maxAccepted + 1) + (1 - pAll) * iter(typical) : iter(typical);
  // Other requests finish at (batch − 1)·E/(output − 1) per step and are replaced: their prefills (grouped) stall this one.
  const finishes = (batch - 1) * e / Math.max(1, output - 1);
  const group = Math.max(1, Math.round(finishes));
  const prefill = (n: number): number => {
    const pd = c.method.prefillDraft(prompt);
    return cost(env.target, n, prompt, 0, 'prefill').ms + (pd ? phaseMs(pd, n, cost) : 0);
  };
  const stallMs = finishes > 0 ? (finishes / group) * prefill(group) : 0;
  const tpotMs = (stepMs + stallMs) / e;
  const tokensPerS = (batch * 1000) / tpotMs;
  const money = econ ? tokenEconomics(econ.devices, tokensPerS, econ.hw, econ.assumptions) : { usdPerMTokens: null, joulesPerToken: null };
  return { tpotMs, userTokensPerS: 1000 / tpotMs, tokensPerS, acceptedPerStep: e, stepMs, ...money };
}

/** The objective's value: larger is better. */
export function objectiveValue(o: Objective, a: Analytic): number {
  switch (o) {
    case 'user': return a.userTokensPerS;
    case 'throughput':
    case 'slo': return a.tokensPerS;
    case 'cost': return a.usdPerMTokens === null ? -Infinity : -a.usdPerMTokens;
    case 'energy': return a.joulesPerToken === null ? -Infinity : -a.joulesPerToken;
  }
}

export interface SizedCandidate { size: number[] }

/** The analytic choice among evaluated candidates (autoregressive first). */
export function choose<C extends SizedCandidate>(evals: Evaluated<C>[], objective: Objective, sloMs: number | undefined): { pick: Evaluated<C>; meetsSlo: boolean | undefined } {
  let pool = evals;
  let meetsSlo: boolean | undefined;
  if (objective === 'slo') {
    const ok = evals.filter((e) => e.a.tpotMs <= sloMs!);
    meetsSlo = ok.length > 0;
    // Nothing meets the limit: the fastest per token is the closest.
    pool = ok.length > 0 ? ok : evals;
  }
  const value = (e: Evaluated<C>): number => (objective === 'slo' && !meetsSlo ? e.a.userTokensPerS : objectiveValue(objective, e.a));
  const top = Math.max(...pool.map(value));
  // Ties within TIE_TOLERANCE of the best, relative to |best| (cost and energy are negated, so negative).
  const tied = pool.filter((e) => value(e) >= top - Math.abs(top) * TIE_TOLERANCE);
  tied.sort((x, y) => compareSize(x.c.size, y.c.size));
  return { pick: tied[0]!, meetsSlo };
}
