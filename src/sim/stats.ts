/** Summaries of per-request samples. Percentiles are exact (order statistics of every sample). */
import type { Stat } from '../report/metrics-types.js';

/**
 * Mean and p50/p90/p99 (linear interpolation between order statistics; zeros
 * when empty). Sorts `values` in place (no copy): the engine's per-request
 * Float64Arrays. The mean is summed in sorted order.
 */
export function summarizeInPlace(values: Float64Array): Stat {
  const n = values.length;
  if (n === 0) return { mean: 0, p50: 0, p90: 0, p99: 0 };
  const s = values.sort();
  const q = (p: number): number => {
    const x = (n - 1) * p;
    const lo = Math.floor(x);
    const hi = Math.min(n - 1, lo + 1);
    return s[lo]! + (s[hi]! - s[lo]!) * (x - lo);
  };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i]!;
  return { mean: sum / n, p50: q(0.5), p90: q(0.9), p99: q(0.99) };
}
