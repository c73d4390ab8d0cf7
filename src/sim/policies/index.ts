/**
 * The batch-policy registry: one file per policy, one line here. The
 * compiler checks it against the scenario's `batching` values (`BATCHING` in
 * src/fields.ts): a policy without a value, or a value without a policy,
 * does not build. Each entry builds its policy from the options a policy may
 * take (the chunked policy's token budget and whether chunks mix into
 * decode steps, from the scenario or the engine profile).
 */
import type { BATCHING } from '../../fields.js';
import type { BatchPolicy } from '../policy.js';
import { chunkedPolicy } from './chunked.js';
import { continuousPolicy } from './continuous.js';
import { staticPolicy } from './static.js';

export interface PolicyOptions {
  /** Tokens per step (chunked prefill). */
  tokenBudget: number;
  /** Prefill chunks ride in the decode iteration's step (else they run as their own step). */
  mixed: boolean;
}

export const BATCH_POLICIES = {
  continuous: () => continuousPolicy,
  static: () => staticPolicy,
  chunked: (o: PolicyOptions) => chunkedPolicy(o.tokenBudget, o.mixed),
} as const satisfies Record<(typeof BATCHING)[number], (o: PolicyOptions) => BatchPolicy>;

export type Batching = keyof typeof BATCH_POLICIES;
