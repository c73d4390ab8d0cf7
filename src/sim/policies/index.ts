/**
 * The batch-policy registry: one file per policy, one line here. The
 * compiler checks it against the scenario's `batching` values (`BATCHING` in
 * src/fields.ts): a policy without a value, or a value without a policy,
 * does not build.
 */
import type { BATCHING } from '../../fields.js';
import type { BatchPolicy } from '../policy.js';
import { continuousPolicy } from './continuous.js';
import { staticPolicy } from './static.js';

export const BATCH_POLICIES = {
  continuous: continuousPolicy,
  static: staticPolicy,
} as const satisfies Record<(typeof BATCHING)[number], BatchPolicy>;

export type Batching = keyof typeof BATCH_POLICIES;
