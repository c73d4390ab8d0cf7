/**
 * Closed forms the validation cases share: Leviathan et al.'s expected tokens
 * per target step, and the expected accepted length of a token tree under
 * independent per-depth top-k acceptance (the estimate Medusa's paper uses).
 */

import { expectedTokens, expectedTree } from '../acceptance/expected.js';
import { treeFromPaths } from '../acceptance/sample.js';

export { expectedTokens };

/** Leviathan's walltime improvement with draft/target cost ratio c: E / (γc + 1). */
export function leviathanSpeedup(alpha: number, gamma: number, c: number): number {
  return expectedTokens(alpha, gamma) / (gamma * c + 1);
}

/**
 * Probability that the true token has rank r (0-based) in a head's
 * candidates, from its cumulative top-1…top-K accuracies. Ranks beyond the
 * data get the last rank's probability shrunk geometrically by the ratio of
 * the last two rank probabilities (an extrapolation, stated where used).
 */
export function rankProbabilities(cumulativeTopK: readonly number[], ranks: number): number[] {
  const p: number[] = [];
  let prev = 0;
  for (const c of cumulativeTopK) { p.push(Math.max(0, c - prev)); prev = c; }
  const n = p.length;
  const last = p[n - 1] ?? 0;
  const ratio = n >= 2 && (p[n - 2] ?? 0) > 0 ? Math.min(1, last / p[n - 2]!) : 0;
  let mass = 1 - prev;
  for (let r = n, q = last * ratio; r < ranks; r++, q *= ratio) {
    const take = Math.min(q, mass);
    p.push(take);
    mass -= take;
  }
  return p.slice(0, Math.max(ranks, n));
}

/**
 * Expected accepted length (tokens per target step, the verified root token
 * included) of a tree of top-k paths: a path [i0, i1, …] is accepted when
 * the depth-d candidate of rank i_d is the true token at every depth,
 * independently across depths, so E = 1 + Σ_paths Π_d P_d(i_d).
 * `perDepth[d]` are cumulative top-k accuracies of depth d+1.
 */
export function treeExpectedLength(paths: readonly (readonly number[])[], perDepth: readonly (readonly number[])[]): number {
  const maxRank = 1 + Math.max(0, ...paths.flat());
  // The extrapolated rank probabilities as cumulative rows, then the shared closed form.
  const rows = perDepth.map((acc) => {
    let c = 0;
    return rankProbabilities(acc, maxRank).map((p) => (c += p));
  });
  return expectedTree(treeFromPaths(paths).root, rows);
}

/** A dense tree: every combination of the top `width` candidates at each of `depth` depths. */
export function denseTree(width: number, depth: number): number[][] {
  const out: number[][] = [];
  let level: number[][] = [[]];
  for (let d = 0; d < depth; d++) {
    const next: number[][] = [];
    for (const p of level) for (let r = 0; r < width; r++) next.push([...p, r]);
    out.push(...next);
    level = next;
  }
  return out;
}
