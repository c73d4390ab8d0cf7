/**
 * What a serving engine can switch between batch sizes, as a constraint on
 * the picks (`optimize --emit`):
 * - `free`: any setting at any batch (the report's question: what is best
 *   where);
 * - `one-kind`: one method kind, draft model and deployment for every batch,
 *   its setting (K) varying by batch, autoregressive (K = 0) allowed: vLLM's
 *   `num_speculative_tokens_per_batch_size`;
 * - `one-setting`: one setting for every batch (SGLang's flags and
 *   TensorRT-LLM's `max_draft_len` are fixed at launch).
 * Among the policies an engine could run, the winner is chosen by:
 * 1. with objective `slo`, the fewest batches where it misses the per-token
 *    limit although some setting meets it there (a static setting that
 *    breaks an attainable SLO never wins on throughput elsewhere);
 * 2. the worst case: the smallest ratio, over batches, of its objective to
 *    the free best at that batch; policies within TIE_TOLERANCE of the best
 *    worst case stay in;
 * 3. among those, the largest geometric mean of the same ratios;
 * 4. then the smallest setting.
 * A geometric mean alone would let a setting that is 40% off at one batch win
 * on small gains at the others; the worst case is what an operator who
 * launches one setting for every load lives with.
 */
import type { Objective } from '../report/optimize-types.js';
import { choose, TIE_TOLERANCE, type Analytic, type Evaluated, type SizedCandidate } from './evaluate.js';
import { compareSize } from './candidates.js';

export type Policy = 'free' | 'one-kind' | 'one-setting';

/** A positive figure of merit, larger is better, so ratios compare across objectives. */
export function merit(o: Objective, a: Analytic): number {
  switch (o) {
    case 'user': return a.userTokensPerS;
    case 'throughput':
    case 'slo': return a.tokensPerS;
    case 'cost': return a.usdPerMTokens ? 1 / a.usdPerMTokens : 0;
    case 'energy': return a.joulesPerToken ? 1 / a.joulesPerToken : 0;
  }
}

export interface PolicyKeys<C> {
  /** The deployment a candidate runs on. */
  deployment(c: C): string;
  /** Kind and draft model (null: autoregressive, in every group of its deployment). */
  kind(c: C): string | null;
  /** The whole setting on its deployment. */
  setting(c: C): string;
}

/** How a policy's picks fare against the free best per batch (see the header for the order). */
export interface PolicyScore {
  /** Batches where the policy misses the `slo` limit although some setting meets it (0 unless objective slo). */
  sloMisses: number;
  /** The smallest ratio, over batches, of the policy's objective to the free best's. */
  worstRatio: number;
  /** The geometric mean of those ratios. */
  geoMeanRatio: number;
}

type Picks<C> = { pick: Evaluated<C>; meetsSlo: boolean | undefined }[];

/** The pick at each batch (`pools[i]` = the candidates that fit at batch i) under `policy`, and the winner's score. */
export function pickUnder<C extends SizedCandidate>(pools: Evaluated<C>[][], policy: Policy, objective: Objective, sloMs: number | undefined, keys: PolicyKeys<C>): Picks<C> {
  return scoredPicks(pools, policy, objective, sloMs, keys).picks;
}

/**
 * The picks, the winner's score, and at each batch what the winning policy
 * allows there (the finalists are drawn from it): every candidate when free,
 * the winning kind and autoregressive on its deployment, or the one setting.
 */
export function scoredPicks<C extends SizedCandidate>(pools: Evaluated<C>[][], policy: Policy, objective: Objective, sloMs: number | undefined, keys: PolicyKeys<C>): { picks: Picks<C>; score: PolicyScore; allowed: Evaluated<C>[][] } {
  const free = pools.map((pool) => choose(pool, objective, sloMs));
  const best = free.map((f) => merit(objective, f.pick.a));
  const scoreOf = (picks: Picks<C>): PolicyScore => {
    const ratios = picks.map((p, i) => Math.max(1e-300, merit(objective, p.pick.a)) / best[i]!);
    const sloMisses = objective === 'slo' ? picks.filter((p, i) => free[i]!.meetsSlo === true && !(p.pick.a.tpotMs <= sloMs!)).length : 0;
    return { sloMisses, worstRatio: Math.min(...ratios), geoMeanRatio: Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length) };
  };
  if (policy === 'free') return { picks: free, score: scoreOf(free), allowed: pools };
  const options: { picks: Picks<C>; size: number[]; score: PolicyScore; allowed: Evaluated<C>[][] }[] = [];
  const consider = (picks: Picks<C>, size: number[], allowed: Evaluated<C>[][]): void => { options.push({ picks, size, score: scoreOf(picks), allowed }); };
  if (policy === 'one-kind') {
    const groups = new Set<string>();
    for (const pool of pools) for (const e of pool) { const k = keys.kind(e.c); if (k !== null) groups.add(`${keys.deployment(e.c)}\u0000${k}`); }
    // Autoregressive alone on each deployment is a policy too (speculation never pays).
    for (const pool of pools) for (const e of pool) if (keys.kind(e.c) === null) groups.add(`${keys.deployment(e.c)}\u0000`);
    for (const g of [...groups].sort()) {
      const [dep, kind] = g.split('\u0000') as [string, string];
      const sub = pools.map((pool) => pool.filter((e) => keys.deployment(e.c) === dep && (keys.kind(e.c) === null || keys.kind(e.c) === kind)));
      if (sub.some((s) => s.length === 0)) continue;
      const picks = sub.map((s) => choose(s, objective, sloMs));
      consider(picks, picks[0]!.pick.c.size, sub);
    }
  } else {
    const counts = new Map<string, number>();
    for (const pool of pools) for (const e of pool) counts.set(keys.setting(e.c), (counts.get(keys.setting(e.c)) ?? 0) + 1);
    const everywhere = [...counts].filter(([, n]) => n === pools.length).map(([k]) => k).sort();
    for (const k of everywhere) {
      const picks = pools.map((pool) => {
        const e = pool.find((x) => keys.setting(x.c) === k)!;
        return { pick: e, meetsSlo: objective === 'slo' ? e.a.tpotMs <= sloMs! : undefined };
      });
      consider(picks, picks[0]!.pick.c.size, picks.map((p) => [p.pick]));
    }
  }
  return winner(options);
}

/** The winner among policies' options: fewest SLO misses, then worst case within tolerance, geometric mean, size. */
export function winner<T extends { size: number[]; score: PolicyScore }>(options: T[]): T {
  const fewest = Math.min(...options.map((o) => o.score.sloMisses));
  const meeting = options.filter((o) => o.score.sloMisses === fewest);
  const worst = Math.max(...meeting.map((o) => o.score.worstRatio));
  const near = meeting.filter((o) => o.score.worstRatio >= worst * (1 - TIE_TOLERANCE));
  return near.reduce((w, o) => {
    const d = o.score.geoMeanRatio - w.score.geoMeanRatio;
    return d > 1e-12 || (Math.abs(d) <= 1e-12 && compareSize(o.size, w.size) < 0) ? o : w;
  });
}

/** A policy's score in words: the rule that chose it and how far below the per-batch best it falls (analytic). */
export function policyScoreText(s: PolicyScore): string {
  const pct = (r: number): string => `${((1 - r) * 100).toFixed(1)}%`;
  return `chosen to lose least in the worst case against the best setting at each batch${s.sloMisses > 0 ? `, after missing the --slo-ms limit where it can be met at the fewest batches (${s.sloMisses})` : ''}: at worst ${pct(s.worstRatio)} below it, ${pct(s.geoMeanRatio)} on a geometric mean (analytic)`;
}
