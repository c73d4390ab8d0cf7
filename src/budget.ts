/**
 * One budget of work per run, the same for scenario files, traces, CLI flags
 * and optimize: simulated output tokens (a bound on simulated steps: every
 * step emits at least one token) and simulated points. It exists so that a
 * typo (an extra zero) fails at once with a line that names the limit and how
 * to raise it, instead of running for hours. `cost` counts points only.
 *
 * Raise it with the environment: SPECSIM_MAX_TOKENS, SPECSIM_MAX_POINTS.
 */
import { UserError } from './errors.js';

/** About 10⁸ tokens simulate in a minute on one core: the default allows a few minutes. */
export const DEFAULT_BUDGET = { tokens: 500_000_000, points: 20_000 } as const;

export interface Work {
  /** Simulated points (or cost-model points for `cost`). */
  points: number;
  /** Simulated output tokens over the whole run (0 for `cost`). */
  tokens: number;
}

function fromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = Number(raw);
  if (!/^\s*\d+(\.\d+)?(e\d+)?\s*$/i.test(raw) || !Number.isFinite(v) || v < 1) {
    throw new UserError(`must be a positive number, got '${raw.slice(0, 40)}'`, name);
  }
  return Math.floor(v);
}

/** The budget in force (defaults, or the environment's). */
export function budget(): { tokens: number; points: number } {
  return { tokens: fromEnv('SPECSIM_MAX_TOKENS', DEFAULT_BUDGET.tokens), points: fromEnv('SPECSIM_MAX_POINTS', DEFAULT_BUDGET.points) };
}

const big = (n: number): string => (n >= 1e6 ? n.toExponential(2).replace('e+', 'e') : String(Math.round(n)));

/** Throw a UserError if `work` is beyond the budget; `what` says what was asked ("the scenario", "--batch × --tokens"). */
export function checkBudget(work: Work, where: string, what = 'the run'): void {
  const b = budget();
  if (!Number.isFinite(work.points) || work.points > b.points) {
    throw new UserError(`${what} asks for ${big(work.points)} points, above the budget of ${b.points} per run; ask for fewer, or raise it with SPECSIM_MAX_POINTS=${big(Math.max(work.points, b.points))}`, where);
  }
  if (!Number.isFinite(work.tokens) || work.tokens > b.tokens) {
    throw new UserError(`${what} would simulate ${big(work.tokens)} output tokens, above the budget of ${big(b.tokens)} per run (about a minute per 10⁸); simulate fewer requests, tokens or points, or raise it with SPECSIM_MAX_TOKENS=${big(Math.max(work.tokens, b.tokens))}`, where);
  }
}
