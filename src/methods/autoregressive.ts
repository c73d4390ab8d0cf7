/** `autoregressive`: one target decode step per token (the baseline). */
import type { MethodSpec } from '../scenario/schema.js';
import type { Method, MethodEnv } from './types.js';

export function autoregressiveMethod(spec: Extract<MethodSpec, { kind: 'autoregressive' }>, env: MethodEnv): Method {
  return {
    kind: 'autoregressive',
    label: spec.label ?? 'autoregressive',
    residentModels: [],
    extraKvTokens: 0,
    drafted: 0,
    usesDraftDevice: false,
    prefillDraft: () => undefined,
    iteration: (batch, context) => ({ before: [], target: env.cost(env.target, batch, 1, context, 'decode'), after: [] }),
  };
}
