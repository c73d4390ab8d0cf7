/** Summaries of per-request samples. */
import type { Stat } from '../report/types.js';

/** mean and p50/p90/p99 (linear interpolation between order statistics); zeros when empty. */
export function summarize(values: readonly number[]): Stat {
  if (values.length === 0) return { mean: 0, p50: 0, p90: 0, p99: 0 };
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number): number => {
    const x = (s.length - 1) * p;
    const lo = Math.floor(x);
    const hi = Math.min(s.length - 1, lo + 1);
    return s[lo]! + (s[hi]! - s[lo]!) * (x - lo);
  };
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, p50: q(0.5), p90: q(0.9), p99: q(0.99) };
}
