/**
 * `draft` (Leviathan et al.): a separate draft model proposes gamma tokens
 * with gamma steps at batch × 1 token; the target verifies gamma + 1 tokens
 * per sequence in one step; accepted + 1 bonus tokens are emitted. The
 * draft's KV cache catches up: its first step of a round processes 2 tokens
 * when some sequence accepted every draft (the last draft and the bonus). Its
 * prefill needs nothing from the target's, so on a separate device they overlap.
 */
import { acceptanceModel } from '../acceptance/index.js';
import { resolveModel } from '../catalog/models.js';
import type { MethodSpec } from '../scenario/schema.js';
import type { Method, MethodEnv } from './types.js';

export function draftMethod(spec: Extract<MethodSpec, { kind: 'draft' }>, env: MethodEnv, where: string): Method {
  const draft = resolveModel(spec.draft, `${where}.draft`);
  const g = spec.gamma;
  return {
    kind: 'draft',
    label: spec.label ?? 'draft',
    residentModels: env.draftDevice === 'shared' ? [draft] : [],
    extraKvTokens: g + 1,
    drafted: g,
    acceptance: acceptanceModel(spec.acceptance),
    usesDraftDevice: true,
    prefillDraft: (batch, prompt) => ({ ms: env.cost(draft, batch, prompt, 0, 'prefill').ms, draftModel: true, independent: true }),
    iteration(batch, context, lastEmitted) {
      const catchUp = lastEmitted > g ? 2 : 1;
      let ms = 0;
      for (let i = 0; i < g; i++) ms += env.cost(draft, batch, i === 0 ? catchUp : 1, context + i, 'decode').ms;
      return {
        before: [{ phase: 'draft', ms, draftModel: true }],
        target: env.cost(env.target, batch, g + 1, context, 'decode'),
        after: [],
      };
    },
  };
}
