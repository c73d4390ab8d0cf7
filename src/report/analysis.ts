/**
 * What a report says beyond its numbers, computed once for every view of it
 * (summary.md, index.html, the terminal table, the charts): the order in
 * which results name hardware and methods, the rates a sweep offered, and
 * where speculation stops paying. Analysis only: the charts render it (charts/), nothing here draws.
 */
import type { Report } from './types.js';

/** Method labels in scenario order (the order results first mention them). */
export function methodOrder(report: Report): string[] {
  const seen: string[] = [];
  for (const r of report.results) if (!seen.includes(r.method)) seen.push(r.method);
  return seen;
}

/** Hardware labels in scenario order. */
export function hardwareOrder(report: Report): string[] {
  const seen: string[] = [];
  for (const r of report.results) if (!seen.includes(r.hardware)) seen.push(r.hardware);
  return seen;
}

/** Sorted distinct offered rates of a rate sweep (`workload.rate` a list; results carry `rate`), else empty. */
export function sweptRates(report: Report): number[] {
  return [...new Set(report.results.flatMap((r) => (r.rate === undefined ? [] : [r.rate])))].sort((a, b) => a - b);
}

/** Round for display (4 significant digits), so tables and the charts' inline data stay short. */
export function round(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(4));
}

export interface Crossover {
  hardware: string;
  method: string;
  /** Batch size where the speedup crosses 1× (interpolated on the log-2 batch axis). */
  batch: number;
}

/**
 * Where each method's speedup first falls from ≥ 1× to < 1× as batch grows,
 * interpolated linearly in log2(batch) between the two results around it.
 * A method that never pays, or never stops paying, has no crossover.
 * Points an engine ran below their batch (`detail.runningCap`) are left out:
 * their speedup compares a smaller running batch with the baseline's.
 */
export function crossovers(report: Report): Crossover[] {
  const out: Crossover[] = [];
  // A rate sweep has one batch: no batch crossover to find.
  if (sweptRates(report).length > 0) return out;
  for (const hardware of hardwareOrder(report)) for (const method of methodOrder(report)) {
    const pts = report.results
      .filter((r) => r.hardware === hardware && r.method === method && r.metrics.speedup !== null && r.detail?.runningCap === undefined)
      .map((r) => ({ b: r.batch, s: r.metrics.speedup as number }))
      .sort((a, b) => a.b - b.b);
    for (let i = 1; i < pts.length; i++) {
      const p0 = pts[i - 1]!, p1 = pts[i]!;
      if (p0.s >= 1 && p1.s < 1) {
        const l0 = Math.log2(p0.b), l1 = Math.log2(p1.b);
        const l = l0 + ((p0.s - 1) / (p0.s - p1.s)) * (l1 - l0);
        out.push({ hardware, method, batch: round(2 ** l) });
        break;
      }
    }
  }
  return out;
}
