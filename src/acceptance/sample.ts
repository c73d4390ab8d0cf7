/**
 * Draft trees, and the acceptance rule walked draw by draw: how many drafted
 * tokens survive verification, per sequence per step (emitted tokens =
 * accepted + 1, the target's bonus token). The simulator draws the same law
 * with one uniform per sequence-step (length.ts); these walks are the
 * reference its tests hold it to.
 */
import type { Rng } from '../sim/rng.js';
import type { AcceptanceRows } from './types.js';
import { row } from './expected.js';

import type { TreeNode } from './types.js';
export type { TreeNode } from './types.js';

/** Accepted length of a chain of `gamma` drafted tokens (0..gamma). */
export function sampleChain(rows: AcceptanceRows, gamma: number, rng: Rng): number {
  let accepted = 0;
  while (accepted < gamma && rng() < row(rows, accepted + 1)[0]!) accepted++;
  return accepted;
}

/**
 * Accepted path length in a tree: from the root, at each depth draw the true
 * token's rank from the cumulative top-k row; accept if the current node has
 * a child of that rank, stop at the first depth without a match.
 */
export function sampleTree(root: TreeNode, rows: AcceptanceRows, rng: Rng): number {
  let node = root;
  let depth = 0;
  for (;;) {
    if (node.children.length === 0) return depth;
    const cdf = row(rows, depth + 1);
    const u = rng();
    let rank = 0;
    while (rank < cdf.length && u >= cdf[rank]!) rank++;
    if (rank >= cdf.length) return depth;
    const child = node.children[rank];
    if (!child) return depth;
    node = child;
    depth++;
  }
}

/** A tree from paths of ranks (each path's prefixes are implied). */
export function treeFromPaths(paths: readonly (readonly number[])[]): { root: TreeNode; nodes: number; depth: number; perDepth: number[] } {
  const root: TreeNode = { children: [] };
  let nodes = 0;
  const perDepth: number[] = [];
  for (const p of paths) {
    let n = root;
    p.forEach((rank, d) => {
      let c = n.children[rank];
      if (!c) {
        c = { children: [] };
        n.children[rank] = c;
        nodes++;
        perDepth[d] = (perDepth[d] ?? 0) + 1;
      }
      n = c;
    });
  }
  for (let d = 0; d < perDepth.length; d++) perDepth[d] ??= 0;
  return { root, nodes, depth: perDepth.length, perDepth };
}

/** A chain of `gamma` rank-0 nodes. */
export function chainTree(gamma: number): TreeNode {
  return treeFromPaths([Array.from({ length: gamma }, () => 0)]).root;
}

/** Whether a draft tree branches (some node has more than one child); undefined or a chain is not a tree. */
export function isTree(root: TreeNode | undefined): boolean {
  if (!root) return false;
  const stack: TreeNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    let kids = 0;
    for (const c of n.children) if (c) { kids++; stack.push(c); }
    if (kids > 1) return true;
  }
  return false;
}
