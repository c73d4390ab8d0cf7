/**
 * The accepted length of one sequence-step drawn with ONE uniform from its
 * exact distribution, instead of one draw per draft depth.
 *
 * For a request's rows the distribution of accepted drafts A (0 … depth) is
 * computed once: a chain accepts k drafts with probability
 * α_1 ⋯ α_k (1 − α_{k+1}) (all γ with α_1 ⋯ α_γ); a tree stops at a node
 * reached with the product of its path's rank probabilities when the true
 * token at the next depth matches none of its children. This is the law of
 * `sampleChain` / `sampleTree` (sample.ts), which walk the same rules draw by
 * draw; test/acceptance-length.test.ts checks both, exactly and by sampling.
 * The cumulative distribution is then searched with one uniform.
 */
import type { Rng } from '../sim/rng.js';
import { rankProbability, row } from './expected.js';
import type { TreeNode } from './sample.js';
import type { AcceptanceRows } from './types.js';

/** P(A = k), k = 0 … gamma, for a chain of `gamma` drafts. */
export function chainLengthPmf(rows: AcceptanceRows, gamma: number): Float64Array {
  const pmf = new Float64Array(gamma + 1);
  let reach = 1; // P(the first k drafts accepted)
  for (let k = 0; k < gamma; k++) {
    const a = row(rows, k + 1)[0]!;
    pmf[k] = reach * (1 - a);
    reach *= a;
  }
  pmf[gamma] = reach;
  return pmf;
}

/** Depth of the deepest node below `root`. */
export function treeDepth(root: TreeNode): number {
  let d = 0;
  for (const c of root.children) if (c) d = Math.max(d, 1 + treeDepth(c));
  return d;
}

/**
 * P(A = k), k = 0 … depth, for a tree: each node contributes its reach
 * probability times the chance that the walk stops there (no child matches
 * the true token at the next depth, or it has no children).
 */
export function treeLengthPmf(root: TreeNode, rows: AcceptanceRows): Float64Array {
  const pmf = new Float64Array(treeDepth(root) + 1);
  const walk = (n: TreeNode, depth: number, reach: number): void => {
    let onward = 0;
    n.children.forEach((c, rank) => {
      if (!c) return;
      const p = rankProbability(rows, depth + 1, rank);
      onward += p;
      walk(c, depth + 1, reach * p);
    });
    pmf[depth]! += reach * (n.children.length === 0 ? 1 : 1 - onward);
  };
  walk(root, 0, 1);
  return pmf;
}

/**
 * P(A ≥ k), k = 0 … depth, for a tree, the other way: the sum over the nodes
 * at depth k of their reach probabilities. (A second derivation of the same
 * law, for the tests: P(A = k) = P(A ≥ k) − P(A ≥ k + 1).)
 */
export function treeSurvival(root: TreeNode, rows: AcceptanceRows): Float64Array {
  const s = new Float64Array(treeDepth(root) + 1);
  const walk = (n: TreeNode, depth: number, reach: number): void => {
    s[depth]! += reach;
    n.children.forEach((c, rank) => { if (c) walk(c, depth + 1, reach * rankProbability(rows, depth + 1, rank)); });
  };
  walk(root, 0, 1);
  return s;
}

/** The cumulative distribution of `pmf`, its last entry exactly 1 (so any u in [0, 1) lands). */
export function cumulative(pmf: Float64Array): Float64Array {
  const cdf = new Float64Array(pmf.length);
  let s = 0;
  for (let k = 0; k < pmf.length; k++) { s += pmf[k]!; cdf[k] = s; }
  cdf[pmf.length - 1] = 1;
  return cdf;
}

/** The smallest k with u < cdf[k]. */
export function lengthAt(cdf: Float64Array, u: number): number {
  let k = 0;
  while (u >= cdf[k]!) k++;
  return k;
}

/**
 * A sampler of accepted lengths: `(rows, rng) → A` with one draw of `rng`,
 * the distribution computed once per rows object (a request's rows, or the
 * shared rows when there is no per-request variation).
 */
export function lengthSampler(pmfOf: (rows: AcceptanceRows) => Float64Array): (rows: AcceptanceRows, rng: Rng) => number {
  const cache = new WeakMap<AcceptanceRows, Float64Array>();
  let lastRows: AcceptanceRows | undefined;
  let lastCdf: Float64Array = new Float64Array(1);
  return (rows, rng) => {
    if (rows !== lastRows) {
      let cdf = cache.get(rows);
      if (!cdf) cache.set(rows, (cdf = cumulative(pmfOf(rows))));
      lastRows = rows;
      lastCdf = cdf;
    }
    return lengthAt(lastCdf, rng());
  };
}

/** P(A ≥ k), k = 0 … gamma, for a chain of `gamma` drafts (the product of the first k α). */
export function chainSurvival(rows: AcceptanceRows, gamma: number): Float64Array {
  const s = new Float64Array(gamma + 1);
  s[0] = 1;
  for (let k = 1; k <= gamma; k++) s[k] = s[k - 1]! * row(rows, k)[0]!;
  return s;
}

/**
 * A sampler of accepted lengths when every probability of the rows is scaled
 * by a factor f ≤ 1 (acceptance decaying with context, context.ts): a path of
 * depth k then has f^k its reach, so P(A ≥ k) = f^k · S_k with S the
 * survival of the unscaled rows, computed once per rows object. With one
 * uniform u, A is the largest k with f^k · S_k ≥ 1 − u: the inverse of the
 * same law `lengthSampler` draws (at f = 1 they agree up to rounding), and for
 * the same u it never grows as f falls.
 */
export function survivalSampler(survivalOf: (rows: AcceptanceRows) => Float64Array): (rows: AcceptanceRows, factor: number, rng: Rng) => number {
  const cache = new WeakMap<AcceptanceRows, Float64Array>();
  return (rows, factor, rng) => {
    let s = cache.get(rows);
    if (!s) cache.set(rows, (s = survivalOf(rows)));
    const v = 1 - rng();
    let k = 0;
    let fk = factor;
    while (k + 1 < s.length && s[k + 1]! * fk >= v) { k++; fk *= factor; }
    return k;
  };
}
