/**
 * The integer ranges of the flags `cost` shares with scenario files, without
 * zod: `specsim cost` parses its flags with these alone. fields.ts holds the
 * same limits (`LIMITS`) and fields (`FIELDS`) as zod schemas for everything
 * else; test/builtin-catalog.test.ts checks each range here accepts and
 * describes exactly what its FIELDS schema does, and that the numbers agree.
 */

/** An integer range, both ends included (no `max`: unbounded). */
export interface IntRange {
  min: number;
  max?: number;
}

/** Entries a list flag may hold (`LIMITS.listEntries`). */
export const LIST_ENTRIES = 256;

/** The integer fields of `FIELDS` (fields.ts) as plain ranges (the maxima are `LIMITS.batch`, `.tp`, `.requests`, `.tokens`). */
export const INT_FIELDS = {
  seed: { min: 0 },
  batch: { min: 1, max: 65_536 },
  tp: { min: 1, max: 64 },
  requests: { min: 1, max: 1_000_000 },
  tokens: { min: 1, max: 1_000_000 },
  context: { min: 0, max: 1_000_000 },
} as const satisfies Record<string, IntRange>;
