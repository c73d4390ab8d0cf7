/**
 * What the chain methods without weights of their own share (n-gram and
 * suffix lookups, LayerSkip's early exit): the drafts are accepted as a
 * chain, nothing is held in memory beside the target, there is no draft
 * device and no drafting at prefill. Each kind gives only its work.
 */
import type { AcceptanceModel } from '../acceptance/types.js';
import type { Method } from './types.js';
import { chainAcceptance } from './work.js';

/** A method of kind `kind` drafting chains of up to `gamma` tokens (gamma + 1 per sequence in flight), whose iteration is `iteration`. */
export function weightlessChain<K extends string>(kind: K, label: string, gamma: number, acceptance: AcceptanceModel, iteration: Method['iteration']): Method & { readonly kind: K } {
  return {
    kind,
    label,
    residentModels: [],
    extraKvTokens: gamma + 1,
    ...chainAcceptance(gamma),
    acceptance,
    usesDraftDevice: false,
    prefillDraft: () => undefined,
    iteration,
  };
}
