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
 * Among policies the one whose picks lose least against the free best, summed
 * over batches on a log scale (a geometric mean of ratios), wins.
 */
import type { Objective } from '../report/optimize-types.js';
import { choose, type Analytic, type Evaluated, type SizedCandidate } from './evaluate.js';
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

/** The pick at each batch (`pools[i]` = the candidates that fit at batch i) under `policy`. */
export function pickUnder<C extends SizedCandidate>(pools: Evaluated<C>[][], policy: Policy, objective: Objective, sloMs: number | undefined, keys: PolicyKeys<C>): { pick: Evaluated<C>; meetsSlo: boolean | undefined }[] {
  const free = pools.map((pool) => choose(pool, objective, sloMs));
  if (policy === 'free') return free;
  const best = free.map((f) => merit(objective, f.pick.a));
  const score = (picks: Evaluated<C>[]): number => picks.reduce((s, p, i) => s + Math.log(Math.max(1e-300, merit(objective, p.a)) / best[i]!), 0);
  let winner: { score: number; size: number[]; picks: { pick: Evaluated<C>; meetsSlo: boolean | undefined }[] } | undefined;
  const consider = (picks: { pick: Evaluated<C>; meetsSlo: boolean | undefined }[], size: number[]): void => {
    const s = score(picks.map((p) => p.pick));
    if (!winner || s > winner.score + 1e-12 || (Math.abs(s - winner.score) <= 1e-12 && compareSize(size, winner.size) < 0)) winner = { score: s, size, picks };
  };
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
      consider(picks, picks[0]!.pick.c.size);
    }
  } else {
    const counts = new Map<string, number>();
    for (const pool of pools) for (const e of pool) counts.set(keys.setting(e.c), (counts.get(keys.setting(e.c)) ?? 0) + 1);
    const everywhere = new Set([...counts].filter(([, n]) => n === pools.length).map(([k]) => k));
    for (const k of everywhere) {
      const picks = pools.map((pool) => {
        const e = pool.find((x) => keys.setting(x.c) === k)!;
        return { pick: e, meetsSlo: objective === 'slo' ? e.a.tpotMs <= sloMs! : undefined };
      });
      consider(picks, picks[0]!.pick.c.size);
    }
  }
  return winner!.picks;
}
