/** Pearson's chi-square of observed counts against a distribution, and a conservative critical value (shared by the sampling tests). */

/** Chi-square of `counts` against `pmf` over `n` draws (cells with expected count < 5 pooled into their neighbour). */
export function chiSquare(counts: ArrayLike<number>, pmf: ArrayLike<number>, n: number): { stat: number; df: number } {
  let stat = 0;
  let df = -1;
  let o = 0;
  let e = 0;
  for (let k = 0; k < pmf.length; k++) {
    o += counts[k] ?? 0;
    e += pmf[k]! * n;
    if (e >= 5 || k === pmf.length - 1) { if (e > 0) { stat += (o - e) ** 2 / e; df++; } o = 0; e = 0; }
  }
  return { stat, df };
}

/** The chi-square quantile at 1 − 1e-4 for df degrees of freedom (Wilson–Hilferty). */
export function chiCritical(df: number): number {
  const z = 3.719;
  return df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
}
