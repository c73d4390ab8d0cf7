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
 */
import { acceptanceModel } from '../acceptance/index.js';
import { treeFromPaths } from '../acceptance/sample.js';
import { resolveModel } from '../catalog/models.js';
import type { MethodSpec } from '../scenario/schema.js';
import { dynamicTree, eagleTree } from './trees.js';
import type { Method, MethodEnv, ModelStep } from './types.js';
import { treeAcceptance } from './work.js';

export function eagleMethod(spec: Extract<MethodSpec, { kind: 'eagle' }>, env: MethodEnv, where: string): Method {
  const acceptance = acceptanceModel(spec.acceptance);
  const tr = spec.tree;
  const paths = tr.kind === 'static' ? eagleTree(tr.name, `${where}.tree.name`) : dynamicTree(tr.depth, tr.topK, tr.nodes, acceptance.mean);
  const t = treeFromPaths(paths);
  const draft = resolveModel(`${env.target.id}+eagle`, where);
  const depthSteps = tr.kind === 'static' ? t.depth : tr.depth;
  const tokensAt = (d: number, lastEmitted: number): number => (d === 0 ? Math.max(1, lastEmitted) : tr.kind === 'static' ? Math.max(1, t.perDepth[d - 1] ?? 1) : tr.topK);
  const q = t.nodes + 1;
  return {
    kind: 'eagle',
    label: spec.label ?? 'eagle',
    residentModels: env.draftDevice === 'shared' ? [draft] : [],
    extraKvTokens: q,
    ...treeAcceptance(t.root, t.depth),
    acceptance,
    usesDraftDevice: true,
    prefillDraft: (prompt) => ({ label: 'prefill', device: 'draft', model: draft, steps: [{ tokens: prompt, context: 0, phase: 'prefill' }], independent: false }),
    iteration(context, lastEmitted) {
      const steps: ModelStep[] = [];
      for (let d = 0; d < depthSteps; d++) steps.push({ tokens: tokensAt(d, lastEmitted), context: context + d, phase: 'decode' });
      return { before: [{ label: 'draft', device: 'draft', model: draft, steps }], verifyTokens: q, after: [] };
    },
  };
}
