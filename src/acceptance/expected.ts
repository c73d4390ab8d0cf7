/**
 * Expected tokens per target step, in closed form: Leviathan et al.'s E for a
 * chain, and the expected accepted length of a tree under independent
 * per-depth top-k acceptance (the estimate Medusa's paper uses). Shared by the
 * optimizer's search, the Groq speculation study and the validation cases.
 */
import type { AcceptanceRows } from './types.js';
import type { TreeNode } from './types.js';

/** Expected tokens per target forward, i.i.d. acceptance α, γ drafts: (1 − α^(γ+1)) / (1 − α). */
export function expectedTokens(alpha: number, gamma: number): number {
  if (alpha >= 1) return gamma + 1;
  return (1 - Math.pow(alpha, gamma + 1)) / (1 - alpha);
}

/** The cumulative top-k row of `depth` (1-based; the last row repeats for deeper levels). */
export function row(rows: AcceptanceRows, depth: number): readonly number[] {
  return rows[Math.min(depth - 1, rows.length - 1)]!;
}

/** Probability that the true token at `depth` has rank `rank` (0-based), given the path so far was accepted. */
export function rankProbability(rows: AcceptanceRows, depth: number, rank: number): number {
  const cdf = row(rows, depth);
  if (rank >= cdf.length) return 0;
  return cdf[rank]! - (rank === 0 ? 0 : cdf[rank - 1]!);
}

/** Expected tokens emitted per step with a chain of `gamma` drafts: 1 + Σ_i Π_{j≤i} α_j (= (1 − α^(γ+1))/(1 − α) for i.i.d. α). */
export function expectedChain(rows: AcceptanceRows, gamma: number): number {
  let e = 1;
  let p = 1;
  for (let i = 1; i <= gamma; i++) { p *= row(rows, i)[0]!; e += p; }
  return e;
}

/** Expected tokens emitted per step with a tree: 1 + Σ over nodes of the product of the path's rank probabilities. */
export function expectedTree(root: TreeNode, rows: AcceptanceRows): number {
  let e = 1;
  const walk = (n: TreeNode, depth: number, p: number): void => {
    n.children.forEach((c, rank) => {
      if (!c) return;
      const q = p * rankProbability(rows, depth + 1, rank);
      e += q;
      walk(c, depth + 1, q);
    });
  };
  walk(root, 0, 1);
  return e;
}


/** Probability that a chain of `gamma` drafts is accepted in full. */
export function allAcceptedProbability(rows: AcceptanceRows, gamma: number): number {
  let p = 1;
  for (let i = 1; i <= gamma; i++) p *= row(rows, i)[0]!;
  return p;
}
