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
import type { Method, MethodEnv, ModelStep } from './types.js';
import { chainAcceptance } from './work.js';

export function draftMethod(spec: Extract<MethodSpec, { kind: 'draft' }>, env: MethodEnv, where: string): Method {
  const draft = resolveModel(spec.draft, `${where}.draft`);
  const g = spec.gamma;
  return {
    kind: 'draft',
    label: spec.label ?? 'draft',
    residentModels: env.draftDevice === 'shared' ? [draft] : [],
    extraKvTokens: g + 1,
    ...chainAcceptance(g),
    acceptance: acceptanceModel(spec.acceptance),
    usesDraftDevice: true,
    prefillDraft: (prompt) => ({ label: 'prefill', device: 'draft', model: draft, steps: [{ tokens: prompt, context: 0, phase: 'prefill' }], independent: true }),
    iteration(context, lastEmitted) {
      const catchUp = lastEmitted > g ? 2 : 1;
      const steps: ModelStep[] = [];
      for (let i = 0; i < g; i++) steps.push({ tokens: i === 0 ? catchUp : 1, context: context + i, phase: 'decode' });
      return { before: [{ label: 'draft', device: 'draft', model: draft, steps }], verifyTokens: g + 1, after: [] };
    },
  };
}
