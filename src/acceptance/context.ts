/**
 * Context-dependent acceptance (optional key `context` of every acceptance
 * kind; default none): a drafter trained on short sequences predicts worse on
 * long ones. Engines report it as a collapse past the drafter's training
 * length: an EAGLE-3 head for Llama-3.3-70B trained with 2,048 positions runs
 * slower than no speculation on inputs above 2k (sgl-project/sglang#6783);
 * MTP acceptance falls to 0.19 (accept length 1.57) past 32k tokens
 * (sgl-project/sglang#30763). No paper publishes the curve, so the form is
 * stated, and its parameters are the user's:
 *
 *   f(c) = 1 for c ≤ trainedTokens,
 *   f(c) = max(floor, 2^(−(c − trainedTokens) / halfLifeTokens)) beyond,
 *
 * multiplying every acceptance probability of a sequence whose context (prompt
 * plus tokens generated so far) is c. Scaling every row by f scales a path of
 * depth k by f^k, so P(A ≥ k) becomes f^k · P(A ≥ k) of the undecayed rows for a
 * chain and a tree alike: the accepted length is still drawn exactly with one
 * uniform per sequence-step (length.ts, `survivalSampler`).
 */
import { z } from '../zod.js';
import { LIMITS, prob } from '../fields.js';

export const ContextDecaySchema = z.strictObject({
  trainedTokens: z.number().int().min(0).max(LIMITS.tokens).describe('context (prompt + generated tokens) up to which acceptance is as given: the drafter\'s training length'),
  halfLifeTokens: z.number().int().positive().max(LIMITS.tokens).describe('tokens beyond trainedTokens over which every acceptance probability halves'),
  floor: prob.optional().describe('the factor never falls below this (default 0)'),
});
export type ContextDecay = z.infer<typeof ContextDecaySchema>;

/** The factor f(c) of a context of `contextTokens` (non-increasing in c, in [floor, 1]). */
export function contextFactor(d: ContextDecay, contextTokens: number): number {
  if (contextTokens <= d.trainedTokens) return 1;
  return Math.max(d.floor ?? 0, Math.pow(2, -(contextTokens - d.trainedTokens) / d.halfLifeTokens));
}
