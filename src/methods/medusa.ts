/**
 * `medusa` (Medusa-1): K heads on the target's last hidden state propose a
 * tree; one target step verifies the tree (q = nodes + 1 tokens per sequence,
 * tree attention), then the heads (`<target>+medusa<K>`) run on those
 * positions to propose the next tree.
 */
import { acceptanceModel } from '../acceptance/index.js';
import { treeFromPaths } from '../acceptance/sample.js';
import { resolveModel } from '../catalog/models.js';
import { UserError } from '../errors.js';
import type { MethodSpec } from '../scenario/schema.js';
import { medusaTree } from './trees.js';
import type { Method, MethodEnv } from './types.js';

export function medusaMethod(spec: Extract<MethodSpec, { kind: 'medusa' }>, env: MethodEnv, where: string): Method {
  const paths = typeof spec.tree === 'string' ? medusaTree(spec.tree, `${where}.tree`) : spec.tree;
  const t = treeFromPaths(paths);
  if (t.depth > spec.heads) throw new UserError(`the tree is ${t.depth} deep but there are only ${spec.heads} heads`, `${where}.tree`);
  const heads = resolveModel(`${env.target.id}+medusa${spec.heads}`, `${where}.heads`);
  const q = t.nodes + 1;
  return {
    kind: 'medusa',
    label: spec.label ?? 'medusa',
    residentModels: [heads],
    extraKvTokens: q,
    drafted: t.depth,
    acceptance: acceptanceModel(spec.acceptance),
    tree: t.root,
    usesDraftDevice: false,
    // The heads read the target's last hidden state: on the target, after its prefill.
    prefillDraft: (batch) => ({ ms: env.cost(heads, batch, 1, 0, 'decode').ms, draftModel: false, independent: false }),
    iteration: (batch, context) => ({
      before: [],
      target: env.cost(env.target, batch, q, context, 'decode'),
      after: [{ phase: 'heads', ms: env.cost(heads, batch, q, context, 'decode').ms, draftModel: false }],
    }),
  };
}
