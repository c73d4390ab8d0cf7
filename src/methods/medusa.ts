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
import { treeAcceptance } from './work.js';

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
    ...treeAcceptance(t.root, t.depth),
    acceptance: acceptanceModel(spec.acceptance),
    usesDraftDevice: false,
    // The heads read the target's last hidden state: on the target, after its prefill.
    prefillDraft: () => ({ label: 'prefill', device: 'target', model: heads, steps: [{ tokens: 1, context: 0, phase: 'decode' }], independent: false }),
    iteration: (context) => ({
      before: [],
      verifyTokens: q,
      after: [{ label: 'heads', device: 'target', model: heads, steps: [{ tokens: q, context, phase: 'decode' }] }],
    }),
  };
}
