/** Shared fast-check parameters for the property and fuzz tests: a fixed run budget, and a replay of a failure from FC_SEED / FC_PATH. */
import type fc from 'fast-check';

export function fcParams(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED;
  const path = process.env.FC_PATH;
  return { numRuns, ...(seed !== undefined ? { seed: Number(seed) } : {}), ...(path !== undefined ? { path } : {}), endOnFailure: false };
}
