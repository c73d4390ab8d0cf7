/**
 * `ngram` (prompt lookup decoding): gamma tokens proposed from n-gram
 * matches in the context, at a small host cost (`cpuMs`, default 0.02 ms per
 * step), no draft model; the target verifies gamma + 1 tokens.
 */
import { acceptanceModel } from '../acceptance/index.js';
import type { MethodSpec } from '../scenario/schema.js';
import type { Method, MethodEnv } from './types.js';
import { chainAcceptance } from './work.js';

export function ngramMethod(spec: Extract<MethodSpec, { kind: 'ngram' }>, _env: MethodEnv): Method {
  const g = spec.gamma;
  const cpuMs = spec.cpuMs ?? 0.02;
  const work = { before: [{ label: 'lookup', device: 'target', hostMs: cpuMs }], verifyTokens: g + 1, after: [] } as const;
  return {
    kind: 'ngram',
    label: spec.label ?? 'ngram',
    residentModels: [],
    extraKvTokens: g + 1,
    ...chainAcceptance(g),
    acceptance: acceptanceModel(spec.acceptance),
    usesDraftDevice: false,
    prefillDraft: () => undefined,
    iteration: () => work,
  };
}
