/**
 * Small pieces `optimize` shares with its writers and the CLI: a setting in
 * words, the α grid of a range, and the workloads its simulations run.
 */
import { methodDefinition } from '../methods/index.js';
import type { Setting } from '../report/optimize-types.js';
import type { Scenario } from '../scenario/schema.js';

/**
 * The confirmation workload: closed, `context` prompt tokens, output lengths
 * uniform in [output/2, 3·output/2] (mean `output`). Varied lengths keep the
 * batch's requests out of step, as in serving.
 */
export function simWorkload(input: { context: number; outputTokens: number; requests?: number | undefined }, batch: number): Extract<Scenario['workload'], { kind: 'closed' }> {
  const o = input.outputTokens;
  const min = Math.max(2, Math.round(o / 2));
  return {
    kind: 'closed', requests: input.requests ?? Math.max(32, 4 * batch), promptTokens: input.context,
    outputTokens: { dist: 'uniform', min, max: Math.max(min, 2 * o - min) },
  };
}

/** Five α evenly over the range, ends included. */
export function alphaGrid([lo, hi]: [number, number]): number[] {
  return Array.from({ length: 5 }, (_, i) => Number((lo + ((hi - lo) * i) / 4).toFixed(6)));
}

/** Requests per rate-sweep run: enough to fill the batch cap several times. */
export function rateRequests(input: { requests?: number | undefined }, maxBatch: number): number {
  return input.requests ?? Math.max(200, 4 * maxBatch);
}

/** A setting in a few words (its kind's `search.describe`). */
export function describeSetting(s: Setting): string {
  return methodDefinition(s.method)?.search?.describe(s) ?? s.method;
}

