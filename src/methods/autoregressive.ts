/** `autoregressive`: one target decode step per token (the baseline). */
import { z } from '../zod.js';
import { label } from '../fields.js';
import type { MethodDefinition } from './definition.js';
import { NO_DRAFTS } from './work.js';

const schema = z.strictObject({ kind: z.literal('autoregressive'), label });

export const autoregressive = {
  kind: 'autoregressive',
  schema,
  description: 'one token per target step (the baseline)',
  color: '#6b6b6b',
  compareDefault: () => ({ kind: 'autoregressive' }),
  build: (spec) => ({
    kind: 'autoregressive',
    label: spec.label ?? 'autoregressive',
    residentModels: [],
    extraKvTokens: 0,
    ...NO_DRAFTS,
    usesDraftDevice: false,
    prefillDraft: () => undefined,
    iteration: () => ({ before: [], verifyTokens: 1, after: [] }),
  }),
} as const satisfies MethodDefinition<typeof schema>;
