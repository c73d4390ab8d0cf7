/**
 * `eagle`: the EAGLE draft (`<target>+eagle`: FC + one decoder layer + the
 * target's LM head) runs one step per tree depth, then one target step
 * verifies the tree (q = nodes + 1). Static tree (EAGLE-1, eagle-trees.json):
 * draft step d processes the nodes at depth d − 1 (1 at the root). Dynamic
 * tree (EAGLE-2): `depth` steps expanding topK tokens per sequence (1 at the
 * first), then the `nodes` most probable nodes are verified. The first draft
 * step of a round also re-reads the features of the tokens just accepted
 * (EAGLE's KV catch-up), and the EAGLE layer's prefill runs on the target's
 * features, so after the target's prefill.
 *
 * `optimize` searches chains of 1..16 (what vLLM runs), small trees (top-k
 * 2..3, up to 7 nodes: what SGLang runs at high batch) and EAGLE-2
 * dynamic trees, depth 3..8 × top-k 4..10 × total tokens 8..96 in steps of 4
 * (budgets larger than the full top-k tree are skipped).
 */
import { z } from '../zod.js';
import { AcceptanceSchema, acceptanceModel } from '../acceptance/index.js';
import { treeFromPaths } from '../acceptance/sample.js';
import { resolveModel } from '../catalog/models.js';
import { id, label, LIMITS, posInt } from '../fields.js';
import type { DraftShape, MethodDefinition, MethodFlags, SearchPoint, Setting } from './definition.js';
import { dynamicTree, eagleTree, namedTrees } from './trees.js';
import type { Method, MethodEnv, ModelSpec, ModelStep } from './types.js';
import { treeAcceptance } from './work.js';
import { perDepthChoice } from './search-acceptance.js';
import { UserError } from '../errors.js';
import { DRAFT_DEPLOYMENT_FIELDS, deploymentFromFlags, resolveDraftDeployment, type DraftDeploymentKeys } from './deployment.js';

/** The draft tree of an EAGLE-family method: a named static tree (EAGLE-1) or a dynamic one (EAGLE-2); a chain is a dynamic tree with topK 1. */
export const EagleTreeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('static'), name: id }),
  z.strictObject({ kind: z.literal('dynamic'), depth: posInt.max(LIMITS.treeDepth), topK: posInt.max(LIMITS.treeTopK), nodes: posInt.max(LIMITS.treeNodes) }),
]);
export type EagleTree = z.infer<typeof EagleTreeSchema>;

const schema = z.strictObject({
  kind: z.literal('eagle'), label,
  tree: EagleTreeSchema,
  acceptance: AcceptanceSchema,
  ...DRAFT_DEPLOYMENT_FIELDS,
});
type Spec = z.infer<typeof schema>;

/** What an EAGLE-family method drafts with: the model of a round's first draft pass (which reads the target's features) and of the later passes. */
export interface EagleDrafter<K extends string> {
  kind: K;
  label: string;
  first: ModelSpec;
  later: ModelSpec;
}

/**
 * An EAGLE-family method: the drafter runs one pass per tree depth (the first
 * over the tokens just accepted, the KV catch-up), then one target step
 * verifies the tree; its prefill runs on the target's features. The drafter
 * has its own deployment (`keys`: draftTp, draftDtype, draftPlacement;
 * deployment.ts): by default the target's tp and dtype on the target's GPUs,
 * as vLLM, SGLang and TensorRT-LLM load it into the target's workers.
 */
export function eagleFamilyMethod<K extends string>(tree: EagleTree, acceptanceSpec: Spec['acceptance'], drafter: EagleDrafter<K>, env: MethodEnv, where: string, keys: DraftDeploymentKeys = {}): Method & { readonly kind: K } {
  const acceptance = acceptanceModel(acceptanceSpec, env.temperature);
  const tr = tree;
  const paths = tr.kind === 'static' ? eagleTree(tr.name, `${where}.tree.name`) : dynamicTree(tr.depth, tr.topK, tr.nodes, acceptance.mean);
  const t = treeFromPaths(paths);
  const { first, later } = drafter;
  const depthSteps = tr.kind === 'static' ? t.depth : tr.depth;
  const tokensAt = (d: number, lastEmitted: number): number => (d === 0 ? Math.max(1, lastEmitted) : tr.kind === 'static' ? Math.max(1, t.perDepth[d - 1] ?? 1) : tr.topK);
  const q = t.nodes + 1;
  const accept = treeAcceptance(t.root, t.depth);
  const verifyTree = accept.branches;
  return {
    kind: drafter.kind,
    label: drafter.label,
    // The drafter's weights and KV cache sit where its deployment puts them (fits.ts); its passes are priced at it.
    residentModels: [],
    draftDeployment: resolveDraftDeployment(first, keys, env, where, [later]),
    extraKvTokens: q,
    ...accept,
    acceptance,
    usesDraftDevice: true,
    prefillDraft: (prompt) => ({ label: 'prefill', device: 'draft', model: first, steps: [{ tokens: prompt, context: 0, phase: 'prefill' }], independent: false }),
    iteration(context, lastEmitted) {
      const firstSteps: ModelStep[] = [{ tokens: tokensAt(0, lastEmitted), context, phase: 'decode' }];
      const laterSteps: ModelStep[] = [];
      for (let d = 1; d < depthSteps; d++) laterSteps.push({ tokens: tokensAt(d, lastEmitted), context: context + d, phase: 'decode' });
      if (first.id === later.id) return { before: [{ label: 'draft', device: 'draft', model: first, steps: [...firstSteps, ...laterSteps] }], verifyTokens: q, verifyTree, after: [] };
      return { before: [{ label: 'draft', device: 'draft', model: first, steps: firstSteps }, ...(laterSteps.length > 0 ? [{ label: 'draft' as const, device: 'draft' as const, model: later, steps: laterSteps }] : [])], verifyTokens: q, verifyTree, after: [] };
    },
  };
}

export const EAGLE_DEPTHS = [3, 4, 5, 6, 7, 8];
export const EAGLE_TOPK = [4, 5, 6, 7, 8, 9, 10];
export const EAGLE_NODES = Array.from({ length: 23 }, (_, i) => 8 + 4 * i);
/** Chains of 1..16 (as draft γ), and small trees: top-k 2..3, up to 7 nodes. */
export const CHAIN_DEPTHS = Array.from({ length: 16 }, (_, i) => i + 1);
export const SMALL_TOPK = [2, 3];
export const SMALL_NODES = 7;

/** `--alpha` when absent: EAGLE reports 0.74-0.79 chain acceptance on Vicuna and LLaMA2-chat. */
const DEFAULT_ALPHA = 0.75;

/** All dynamic trees of `depth` × `topK` with a budget in `budgets` (skipping budgets past the full tree). */
function dynamicPoints(depth: number, topK: number, budgets: Iterable<number>, acceptance: Spec['acceptance']): SearchPoint<Spec>[] {
  const out: SearchPoint<Spec>[] = [];
  let full = 0;
  for (let d = 1; d <= depth; d++) full += topK ** d;
  for (const nodes of budgets) {
    if (nodes > full) break;
    out.push({ setting: { method: 'eagle', tree: 'dynamic', depth, topK, nodes }, spec: { kind: 'eagle', tree: { kind: 'dynamic', depth, topK, nodes }, acceptance }, size: [nodes, depth, topK] });
  }
  return out;
}

export const isDynamic = (tree: string): boolean => tree.trim().startsWith('dynamic');

/** `dynamic:5,8,60` → a dynamic EAGLE tree; anything else is a static tree name. */
export function eagleTreeFlag(tree: string): EagleTree {
  const m = /^dynamic:(\d+),(\d+),(\d+)$/.exec(tree.trim());
  if (m) return { kind: 'dynamic', depth: Number(m[1]), topK: Number(m[2]), nodes: Number(m[3]) };
  if (tree.startsWith('dynamic')) throw new UserError(`'${tree}' is not dynamic:<depth>,<topK>,<nodes> (e.g. dynamic:5,8,60)`, '--tree');
  return { kind: 'static', name: tree };
}

/** An EAGLE-family setting as serving engines configure it (`optimize --emit`). */
export const eagleShape = (s: Setting): DraftShape => ({ depth: s.depth!, topK: s.topK!, nodes: s.nodes!, chain: s.nodes === s.depth });
/** An EAGLE-family setting in a few words (the optimize chart). */
export const describeEagle = (s: Setting): string => (s.topK === 1 ? `chain of ${s.depth}` : `depth ${s.depth} · top-${s.topK} · ${s.nodes} nodes`);

/**
 * `compare`'s tuning of an EAGLE-family entry (`kind`, called `name` in
 * messages): the top-k curve of `--alpha` or `--accuracy` when given, else the
 * entry's own, said as an assumption with `why`; and the tree `--tree` names
 * when it is dynamic or an EAGLE tree (a Medusa tree name is Medusa's).
 */
export function tuneEagleFamily<S extends { tree: EagleTree; acceptance: Spec['acceptance'] }>(kind: string, name: string, spec: S, flags: MethodFlags, defaultAlpha: number, why: string): { spec: S; assumptions: string[] } {
  const assumptions: string[] = [];
  let acceptance = spec.acceptance;
  if (flags.alpha !== undefined || flags.accuracy !== undefined) acceptance = perDepthChoice(name, flags, defaultAlpha).spec;
  else assumptions.push(`${kind}: top-k acceptance per depth ${JSON.stringify(spec.acceptance.kind === 'topk' ? spec.acceptance.perDepth ?? spec.acceptance.perHead : spec.acceptance)} assumed (${why}; --alpha or --accuracy)`);
  const useTree = flags.tree !== undefined && (isDynamic(flags.tree) || Object.hasOwn(namedTrees('eagle'), flags.tree.replace(/-/g, '_')));
  // --draft-tp, --draft-dtype, --draft-placement: the drafter's own deployment (deployment.ts).
  return { spec: { ...spec, tree: useTree ? eagleTreeFlag(flags.tree!) : spec.tree, acceptance, ...deploymentFromFlags(flags) }, assumptions };
}

export const eagle = {
  kind: 'eagle',
  schema,
  description: 'the EAGLE draft (one decoder layer) grows a static (EAGLE-1) or dynamic (EAGLE-2) tree',
  color: '#2ca02c',
  compareDefault: (_target, { chainsOnly }) => (chainsOnly
    ? { kind: 'eagle', tree: { kind: 'dynamic', depth: 3, topK: 1, nodes: 3 }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } }
    : { kind: 'eagle', tree: { kind: 'dynamic', depth: 5, topK: 8, nodes: 60 }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } }),
  compareFlags: ['alpha', 'tree', 'accuracy', 'draftTp', 'draftDtype', 'draftPlacement'],
  tune: (spec, _target, flags) => tuneEagleFamily('eagle', 'EAGLE', spec, flags, DEFAULT_ALPHA, 'EAGLE reports 0.74-0.79 top-1 on Vicuna and LLaMA2-chat'),
  search: {
    reads: ['alpha', 'accuracy'],
    acceptance: (flags) => perDepthChoice('EAGLE', flags, DEFAULT_ALPHA),
    // TensorRT-LLM's PyTorch backend runs EAGLE-3 only (EAGLE-1/2 checkpoints are incompatible): no name there.
    emit: {
      names: { vllm: 'eagle', sglang: 'EAGLE' },
      shape: eagleShape,
      drafter: (target) => `<EAGLE draft head trained for ${target}>`,
    },
    space({ acceptance }) {
      const out: SearchPoint<Spec>[] = [];
      for (const depth of CHAIN_DEPTHS) out.push(...dynamicPoints(depth, 1, [depth], acceptance));
      // Small trees: more nodes than levels (else a chain does it with less drafting).
      for (const topK of SMALL_TOPK) for (let depth = 1; depth < SMALL_NODES; depth++) {
        out.push(...dynamicPoints(depth, topK, Array.from({ length: SMALL_NODES - depth }, (_, i) => depth + 1 + i), acceptance));
      }
      for (const depth of EAGLE_DEPTHS) for (const topK of EAGLE_TOPK) out.push(...dynamicPoints(depth, topK, EAGLE_NODES, acceptance));
      return out;
    },
    describe: describeEagle,
  },
  build(spec, env, where) {
    const model = resolveModel(`${env.target.id}+eagle`, where);
    return eagleFamilyMethod(spec.tree, spec.acceptance, { kind: 'eagle', label: spec.label ?? 'eagle', first: model, later: model }, env, where, spec);
  },
} as const satisfies MethodDefinition<typeof schema>;
