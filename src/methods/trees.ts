/**
 * Named draft trees from `data/reference/medusa-trees.json` and
 * `eagle-trees.json` (paths of 0-based top-k ranks; the root is implicit),
 * and EAGLE-2's dynamic tree.
 */
import { referenceJson } from '../catalog/reference.js';
import { unknownId, UserError } from '../errors.js';
import type { AcceptanceRows } from '../acceptance/types.js';
import { rankProbability } from '../acceptance/expected.js';

type Paths = number[][];

/** The named trees of a reference file, by their source names. */
export function namedTrees(kind: 'medusa' | 'eagle'): Record<string, Paths> {
  return referenceJson<{ trees: Record<string, Paths> }>(`${kind}-trees.json`).trees;
}

/** Short aliases users may write. */
export const MEDUSA_TREE_ALIASES: Record<string, string> = { 'medusa-63': 'mc_sim_7b_63' };

function lookup(kind: 'medusa' | 'eagle', name: string, aliases: Record<string, string>, what: string, where: string): Paths {
  const all = namedTrees(kind);
  const id = aliases[name] ?? name.replace(/-/g, '_');
  const t = all[id];
  if (!t) throw new UserError(unknownId(what, name, [...Object.keys(aliases), ...Object.keys(all)]), where);
  return t;
}

export function medusaTree(name: string, where: string): Paths {
  return lookup('medusa', name, MEDUSA_TREE_ALIASES, 'Medusa tree', where);
}

export function eagleTree(name: string, where: string): Paths {
  return lookup('eagle', name, { 'eagle-25': 'mc_sim_7b_63' }, 'EAGLE tree', where);
}

/**
 * EAGLE-2's dynamic tree: expand topK candidates per node for `depth` levels
 * and keep the `nodes` nodes of highest path probability (product of the
 * per-depth rank probabilities from the acceptance rows; a path's probability
 * never exceeds its prefix's, so the chosen set is prefix-closed).
 */
export function dynamicTree(depth: number, topK: number, nodes: number, rows: AcceptanceRows): Paths {
  const rankP = (d: number, r: number): number => rankProbability(rows, d, r);
  interface Cand { path: number[]; p: number }
  const frontier: Cand[] = [];
  for (let r = 0; r < topK; r++) frontier.push({ path: [r], p: rankP(1, r) });
  const chosen: Paths = [];
  while (chosen.length < nodes && frontier.length > 0) {
    // Highest probability first; ties by shorter path, then lexicographic ranks (deterministic).
    let best = 0;
    for (let i = 1; i < frontier.length; i++) if (better(frontier[i]!, frontier[best]!)) best = i;
    const c = frontier.splice(best, 1)[0]!;
    chosen.push(c.path);
    if (c.path.length < depth) for (let r = 0; r < topK; r++) frontier.push({ path: [...c.path, r], p: c.p * rankP(c.path.length + 1, r) });
  }
  return chosen;
}

function better(a: { path: number[]; p: number }, b: { path: number[]; p: number }): boolean {
  if (a.p !== b.p) return a.p > b.p;
  if (a.path.length !== b.path.length) return a.path.length < b.path.length;
  for (let i = 0; i < a.path.length; i++) if (a.path[i] !== b.path[i]) return a.path[i]! < b.path[i]!;
  return false;
}
