/**
 * The batch-policy registry: one file per policy, one line here. The
 * compiler checks it against the scenario's `batching` values (a policy
 * without a schema value, or a value without a policy, does not build).
 */
import type { Scenario } from '../../scenario/schema.js';
import type { BatchPolicy } from '../policy.js';
import { continuousPolicy } from './continuous.js';
import { staticPolicy } from './static.js';

export const BATCH_POLICIES = {
  continuous: continuousPolicy,
  static: staticPolicy,
} as const satisfies Record<Scenario['batching'], BatchPolicy>;

export type Batching = keyof typeof BATCH_POLICIES;
