/**
 * Acceptance under sampling at temperature T, as a default relation from the
 * greedy (T = 0) figures, and between figures given at several temperatures.
 *
 * What verification does under sampling. A chain follows speculative
 * sampling's rejection rule: a drafted token x is kept with probability
 * min(1, p(x)/q(x)) (p the target's distribution at T, q the draft's), so a
 * position is accepted with probability Σ_x min(p, q), and the first rejection
 * ends the chain (the bonus token comes from the residual max(0, p − q)): the
 * accepted length keeps the law of a chain, with α at T. A tree is verified
 * SpecInfer-style, by recursive rejection over a node's children in rank
 * order; with the top-k candidates EAGLE, EAGLE-2 and Medusa trees propose
 * (deterministic, q = 1 on each), child x is kept with the residual target
 * probability of x, which is exactly "the target's sampled token is among the
 * children" (test/temperature.test.ts checks this by simulation). So the
 * rank law of a tree (expected.ts, length.ts) holds at any T with rows
 * c_k(T) = the target's probability mass at T on the draft's top k.
 * (We pick recursive rejection over Medusa-2's typical acceptance because it
 * is lossless, and it is what EAGLE's and SpecInfer's code run.)
 *
 * The default relation: c(T) = c(0)^(1 + βT) for every probability of the
 * rows. It keeps 0 and 1 fixed (a token the target is sure of stays accepted),
 * falls with T, and composes, so figures given at T₀ move to T by the
 * exponent (1 + βT) / (1 + βT₀). β is fitted (least squares in log τ) on the
 * six MT-bench pairs of EAGLE's Table (τ at T = 0 and T = 1: Vicuna-7B 3.94 →
 * 3.17, Vicuna-13B 3.98 → 3.20, Vicuna-33B 3.68 → 3.22, LLaMA2-Chat-7B 3.62
 * → 3.30, 13B 3.90 → 3.45, 70B 3.81 → 3.46) by `fitSamplingBeta`
 * (src/validate/temperature.ts; test/temperature.test.ts holds this constant
 * to it). Its shape between 0 and 1 and beyond 1 is an assumption: the papers
 * publish only the two ends. The pairs' ratio τ(1)/τ(0) spreads from 0.80 to
 * 0.91 across models, which bounds what one β can know.
 */
import type { AcceptanceRows } from './types.js';

/** β of c(T) = c(0)^(1 + βT), fitted on EAGLE's six MT-bench τ pairs (see above). */
export const SAMPLING_BETA = 0.43;

/** Rows given at temperature `from` moved to temperature `to` by the default relation (the same object when they are equal). */
export function rowsAtTemperature(rows: AcceptanceRows, from: number, to: number, beta = SAMPLING_BETA): AcceptanceRows {
  if (from === to) return rows;
  const e = (1 + beta * to) / (1 + beta * from);
  return rows.map((r) => r.map((v) => Math.pow(v, e)));
}

/** Entry j of row i, the last row and the last entry repeating (a cumulative row's ranks beyond the list add nothing). */
function entry(rows: AcceptanceRows, i: number, j: number): number {
  const r = rows[Math.min(i, rows.length - 1)]!;
  return r[Math.min(j, r.length - 1)]!;
}

/** (1 − w)·a + w·b entry by entry, the shorter rows padded as `entry` reads them. */
export function interpolateRows(a: AcceptanceRows, b: AcceptanceRows, w: number): AcceptanceRows {
  const n = Math.max(a.length, b.length);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const m = Math.max(a[Math.min(i, a.length - 1)]!.length, b[Math.min(i, b.length - 1)]!.length);
    out.push(Array.from({ length: m }, (_, j) => (1 - w) * entry(a, i, j) + w * entry(b, i, j)));
  }
  return out;
}

/**
 * Rows at temperature `t` from figures given at several temperatures: linear
 * in T between the two that bracket it, the default relation from the
 * nearest one outside their range. `points` sorted by temperature, distinct.
 */
export function rowsFromPoints(points: readonly { temperature: number; rows: AcceptanceRows }[], t: number): AcceptanceRows {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (t <= first.temperature) return rowsAtTemperature(first.rows, first.temperature, t);
  if (t >= last.temperature) return rowsAtTemperature(last.rows, last.temperature, t);
  let k = 1;
  while (points[k]!.temperature < t) k++;
  const lo = points[k - 1]!;
  const hi = points[k]!;
  if (hi.temperature === t) return hi.rows;
  return interpolateRows(lo.rows, hi.rows, (t - lo.temperature) / (hi.temperature - lo.temperature));
}
