/** `autoregressive`: one target decode step per token (the baseline). */
import type { MethodSpec } from '../scenario/schema.js';
import type { Method, MethodEnv } from './types.js';
import { NO_DRAFTS } from './work.js';

export function autoregressiveMethod(spec: Extract<MethodSpec, { kind: 'autoregressive' }>, _env: MethodEnv): Method {
  return {
    kind: 'autoregressive',
    label: spec.label ?? 'autoregressive',
    residentModels: [],
    extraKvTokens: 0,
    ...NO_DRAFTS,
    usesDraftDevice: false,
    prefillDraft: () => undefined,
    iteration: () => ({ before: [], verifyTokens: 1, after: [] }),
  };
}
