/**
 * `medusa` (Medusa-1): K heads on the target's last hidden state propose a
 * tree; one target step verifies the tree (q = nodes + 1 tokens per sequence,
 * tree attention), then the heads (`<target>+medusa<K>`) run on those
 * positions to propose the next tree.
 *
 * `optimize` searches 1..5 heads × trees built greedily from the head
 * accuracies for every node budget 1..64 (plus 80, 96), as the Medusa paper
 * does (add the node of highest path probability; best-first, so each
 * budget's tree is the optimal one for that budget and contains the smaller
 * ones), plus the named trees of medusa-trees.json. A tree that leaves a head
 * unused is searched only with fewer heads.
 */
import { z } from '../zod.js';
import { AcceptanceSchema, acceptanceModel } from '../acceptance/index.js';
import { treeFromPaths } from '../acceptance/sample.js';
import { resolveModel } from '../catalog/models.js';
import { medusaHeadAccuracy } from '../catalog/reference.js';
import { UserError } from '../errors.js';
import { id, label, LIMITS, posInt, treePaths } from '../fields.js';
import type { MethodDefinition, SearchPoint } from './definition.js';
import { dynamicTree, medusaTree, namedTrees } from './trees.js';
import { treeAcceptance } from './work.js';
import { accuracyRows, closestVicuna, targetName } from './search-acceptance.js';

const round4 = (rows: number[][]) => rows.map((r) => r.map((v) => Number(v.toFixed(4))));

const schema = z.strictObject({
  kind: z.literal('medusa'), label, heads: posInt.max(LIMITS.heads),
  /** A tree name from medusa-trees.json (or an alias such as `medusa-63`), or inline paths of 0-based ranks. */
  tree: z.union([id, treePaths]),
  acceptance: AcceptanceSchema,
});
type Spec = z.infer<typeof schema>;

export const MEDUSA_HEADS = [1, 2, 3, 4, 5];
export const MEDUSA_BUDGETS = [...Array.from({ length: 64 }, (_, i) => i + 1), 80, 96];

/** Medusa-1 head accuracies of Vicuna-7B (top-1..5, first `heads` heads), rounded for a readable scenario. */
function medusaAccuracies(heads: number): number[][] {
  return medusaHeadAccuracy('7b').slice(0, heads).map((r) => r.map((v) => Number(v.toFixed(4))));
}

export const medusa = {
  kind: 'medusa',
  schema,
  description: 'K Medusa heads on the target propose a tree; one step verifies it with tree attention',
  color: '#ff7f0e',
  compareDefault: (_target, { chainsOnly }) => (chainsOnly
    ? { kind: 'medusa', heads: 3, tree: [[0], [0, 0], [0, 0, 0]], acceptance: { kind: 'topk', perHead: medusaAccuracies(3) } }
    : { kind: 'medusa', heads: 4, tree: 'medusa-63', acceptance: { kind: 'topk', perHead: medusaAccuracies(4) } }),
  compareFlags: ['tree', 'heads', 'accuracy'],
  tune(spec, target, flags) {
    if (flags.alpha !== undefined) throw new UserError('medusa takes head accuracies: use --accuracy vicuna-7b|vicuna-13b|vicuna-33b or a .json file', '--alpha');
    const assumptions: string[] = [];
    const heads = flags.heads ?? spec.heads;
    const table = flags.accuracy ?? closestVicuna(target);
    const rows = accuracyRows(table);
    if (rows.length < heads) throw new UserError(`${heads} heads but the accuracy table has ${rows.length} rows`, flags.heads !== undefined ? '--heads' : '--accuracy');
    if (flags.accuracy === undefined) assumptions.push(`medusa: head accuracies of Medusa-1 on ${table} (the closest published size to ${targetName(target)}) assumed; --accuracy to give yours`);
    // A dynamic tree is EAGLE's: with both methods asked, --tree dynamic:… goes to EAGLE only.
    const tree = flags.tree !== undefined && !flags.tree.trim().startsWith('dynamic') ? flags.tree : spec.tree;
    return { spec: { ...spec, heads, tree, acceptance: { kind: 'topk', perHead: round4(rows.slice(0, heads)) } }, assumptions };
  },
  search: {
    reads: ['accuracy'],
    // vLLM runs Medusa heads as a chain (top-1 per head); SGLang has no Medusa; TensorRT-LLM only in its C++ runtime.
    emit: {
      names: { vllm: 'medusa' },
      shape: (s) => ({ depth: s.depth!, topK: 1, nodes: s.nodes!, chain: s.nodes === s.depth }),
      drafter: (target) => `<Medusa heads trained for ${target}>`,
    },
    acceptance({ accuracy }) {
      const name = accuracy ?? 'vicuna-7b';
      const rows = accuracyRows(name);
      return { spec: { kind: 'topk', perHead: rows }, describe: `Medusa head accuracies ${name} (top-1 per head ${rows.map((r) => r[0]!.toFixed(3)).join(', ')})` };
    },
    space({ acceptance, rows }) {
      const out: SearchPoint<Spec>[] = [];
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
          out.push({ setting: { method: 'medusa', heads: h, tree: `greedy-${n}`, nodes: n, depth: t.depth, paths }, spec: { kind: 'medusa', heads: h, tree: paths, acceptance }, size: [n, h] });
        }
      }
      for (const [name, paths] of Object.entries(namedTrees('medusa'))) {
        const t = treeFromPaths(paths);
        const h = t.depth;
        out.push({ setting: { method: 'medusa', heads: h, tree: name, nodes: t.nodes, depth: t.depth }, spec: { kind: 'medusa', heads: h, tree: name, acceptance }, size: [t.nodes, h] });
      }
      return out;
    },
    describe: (s) => `${s.heads} head${s.heads === 1 ? '' : 's'} · ${s.tree}`,
  },
  build(spec, env, where) {
    const paths = typeof spec.tree === 'string' ? medusaTree(spec.tree, `${where}.tree`) : spec.tree;
    const t = treeFromPaths(paths);
    if (t.depth > spec.heads) throw new UserError(`the tree is ${t.depth} deep but there are only ${spec.heads} heads`, `${where}.tree`);
    const heads = resolveModel(`${env.target.id}+medusa${spec.heads}`, `${where}.heads`);
    const q = t.nodes + 1;
    const accept = treeAcceptance(t.root, t.depth);
    return {
      kind: 'medusa',
      label: spec.label ?? 'medusa',
      residentModels: [heads],
      extraKvTokens: q,
      ...accept,
      acceptance: acceptanceModel(spec.acceptance, env.temperature),
      usesDraftDevice: false,
      // The heads read the target's last hidden state: on the target, after its prefill.
      prefillDraft: () => ({ label: 'prefill', device: 'target', model: heads, steps: [{ tokens: 1, context: 0, phase: 'decode' }], independent: false }),
      iteration: (context) => ({
        before: [],
        verifyTokens: q,
        verifyTree: accept.branches,
        after: [{ label: 'heads', device: 'target', model: heads, steps: [{ tokens: q, context, phase: 'decode' }] }],
      }),
    };
  },
} as const satisfies MethodDefinition<typeof schema>;
