/**
 * The settings `specsim optimize` searches, per method family, each built
 * once as a method (the simulator's own code, so the analytic cost is the
 * simulated step's cost) with its expected tokens per step.
 *
 * - draft, ngram: γ = 1..12.
 * - medusa: 1..5 heads × trees built greedily from the head accuracies for
 *   every node budget 1..64 (plus 80, 96), as the Medusa paper does (add the
 *   node of highest path probability; best-first, so each budget's tree is the
 *   optimal one for that budget and contains the smaller ones), plus the named
 *   trees of medusa-trees.json (4 deep, 4 heads). A tree that leaves
 *   a head unused is searched only with fewer heads.
 * - eagle: EAGLE-2 dynamic trees, depth 3..8 × top-k 4..10 × total tokens
 *   8..96 in steps of 4 (budgets larger than the full top-k tree are skipped).
 * - always autoregressive.
 */
import { treeFromPaths } from '../acceptance/sample.js';
import { buildMethod, type Method, type MethodEnv } from '../methods/index.js';
import { dynamicTree } from '../methods/trees.js';
import type { Acceptance, MethodSpec } from '../scenario/schema.js';
import { acceptanceModel } from '../acceptance/index.js';
import type { Family } from './acceptance.js';
import { namedTrees } from '../methods/trees.js';

/** The setting as the JSON reports it (`best`). */
export interface Setting {
  method: 'autoregressive' | Family;
  draft?: string;
  gamma?: number;
  heads?: number;
  /** Medusa: a named tree or `greedy-<nodes>`; EAGLE: `dynamic`. */
  tree?: string;
  depth?: number;
  topK?: number;
  /** Tree nodes (drafted tokens verified per step, root excluded). */
  nodes?: number;
  /** A greedy Medusa tree's paths of 0-based ranks (paste into a scenario's `tree`). */
  paths?: number[][];
}

export interface Candidate {
  setting: Setting;
  /** The scenario method that simulates this setting. */
  spec: MethodSpec;
  /** Tie-break key: lexicographically smaller = the smaller setting (tokens verified first, then drafting work). */
  size: number[];
  method: Method;
  /** Expected tokens emitted per target step per sequence (bonus included). */
  expected: number;
  /** Chains: probability that every draft is accepted (the draft's KV catch-up next step). */
  allAccepted: number;
}

export const GAMMAS = Array.from({ length: 12 }, (_, i) => i + 1);
export const MEDUSA_HEADS = [1, 2, 3, 4, 5];
export const MEDUSA_BUDGETS = [...Array.from({ length: 64 }, (_, i) => i + 1), 80, 96];
export const EAGLE_DEPTHS = [3, 4, 5, 6, 7, 8];
export const EAGLE_TOPK = [4, 5, 6, 7, 8, 9, 10];
export const EAGLE_NODES = Array.from({ length: 23 }, (_, i) => 8 + 4 * i);


export interface CandidateInput {
  family: Family;
  acceptance: Acceptance;
  /** Draft model id (family draft). */
  draft?: string;
}

export function buildCandidates(input: CandidateInput, env: MethodEnv): Candidate[] {
  const out: Candidate[] = [];
  const rows = acceptanceModel(input.acceptance).mean;
  const add = (setting: Setting, spec: MethodSpec, size: number[]): void => {
    const method = buildMethod(spec, env, 'optimize');
    out.push({ setting, spec, size, method, expected: method.expectedTokens(rows), allAccepted: method.allAccepted(rows) });
  };
  add({ method: 'autoregressive' }, { kind: 'autoregressive' }, [0]);
  const a = input.acceptance;
  switch (input.family) {
    case 'draft':
      for (const g of GAMMAS) add({ method: 'draft', draft: input.draft!, gamma: g }, { kind: 'draft', draft: input.draft!, gamma: g, acceptance: a }, [g]);
      break;
    case 'ngram':
      for (const g of GAMMAS) add({ method: 'ngram', gamma: g }, { kind: 'ngram', gamma: g, acceptance: a }, [g]);
      break;
    case 'medusa': {
      for (const h of MEDUSA_HEADS) {
        const all = dynamicTree(h, 5, Math.max(...MEDUSA_BUDGETS), rows);
        const seen = new Set<string>();
        for (const n of MEDUSA_BUDGETS) {
          const paths = all.slice(0, n);
          if (paths.length < n) break;
          const t = treeFromPaths(paths);
          const key = JSON.stringify(paths);
          if (t.depth < h || seen.has(key)) continue;
          seen.add(key);
          add({ method: 'medusa', heads: h, tree: `greedy-${n}`, nodes: n, depth: t.depth, paths },
            { kind: 'medusa', heads: h, tree: paths, acceptance: a }, [n, h]);
        }
      }
      for (const [name, paths] of Object.entries(namedTrees('medusa'))) {
        const t = treeFromPaths(paths);
        const h = t.depth;
        add({ method: 'medusa', heads: h, tree: name, nodes: t.nodes, depth: t.depth },
          { kind: 'medusa', heads: h, tree: name, acceptance: a }, [t.nodes, h]);
      }
      break;
    }
    case 'eagle':
      for (const depth of EAGLE_DEPTHS) for (const topK of EAGLE_TOPK) {
        let full = 0;
        for (let d = 1; d <= depth; d++) full += topK ** d;
        for (const nodes of EAGLE_NODES) {
          if (nodes > full) break;
          add({ method: 'eagle', tree: 'dynamic', depth, topK, nodes },
            { kind: 'eagle', tree: { kind: 'dynamic', depth, topK, nodes }, acceptance: a }, [nodes, depth, topK]);
        }
      }
      break;
  }
  return out;
}

/** Lexicographic comparison of size keys. */
export function compareSize(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
