/**
 * Distribution of tokens emitted per target step (accepted drafts + the bonus
 * token), per speculative method, pooled over hardware and batch sizes.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../report/types.js';
import { CHART_CONFIG, methodColorScale, methodOrder, modelOf, round } from './common.js';

export interface AcceptedRow {
  /** The method, with its setting and batch when the setting varies by point (optimize: "best γ=9 · b1"). */
  method: string;
  tokens: number;
  fraction: number;
  steps: number;
}

/** Per method: the pooled histogram as fractions of steps, and its mean. */
export function acceptedRows(report: Report): { rows: AcceptedRow[]; means: Map<string, number> } {
  const rows: AcceptedRow[] = [];
  const means = new Map<string, number>();
  // A method whose setting varies by point (optimize's "best") gets one histogram per setting and batch, never pooled.
  const groups: { method: string; results: typeof report.results }[] = [];
  for (const method of methodOrder(report)) {
    const rs = report.results.filter((r) => r.method === method && (r.detail?.kind ?? r.method) !== 'autoregressive');
    if (rs.some((r) => r.detail?.setting)) for (const r of rs) groups.push({ method: `${method} ${r.detail?.setting ?? ''} · b${r.batch}`.replace(/\s+/g, ' '), results: [r] });
    else groups.push({ method, results: rs });
  }
  for (const { method, results } of groups) {
    const hists = results
      .map((r) => r.detail?.acceptedHistogram)
      .filter((h): h is number[] => Array.isArray(h) && h.length > 0);
    if (hists.length === 0) continue;
    const pooled: number[] = [];
    for (const h of hists) h.forEach((c, k) => { pooled[k] = (pooled[k] ?? 0) + c; });
    const total = pooled.reduce((s, c) => s + (c ?? 0), 0);
    if (total === 0) continue;
    let mean = 0;
    pooled.forEach((c, k) => {
      const n = c ?? 0;
      mean += (k * n) / total;
      if (k >= 1) rows.push({ method, tokens: k, fraction: round(n / total), steps: n });
    });
    means.set(method, round(mean));
  }
  return { rows, means };
}

export function acceptedChart(report: Report): TopLevelSpec | null {
  const { rows, means } = acceptedRows(report);
  if (rows.length === 0) return null;
  const methods = [...means.keys()];
  const meanText = methods.map((m) => `${m} ${means.get(m)!.toFixed(2)}`).join(', ');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Tokens emitted per target step',
      subtitle: [`${modelOf(report)} · accepted draft tokens + 1 bonus token, per sequence`, `${methods.every((m) => methodOrder(report).includes(m)) ? 'pooled over hardware and batch sizes' : 'one histogram per setting and batch'} · mean: ${meanText}`],
    },
    data: { values: rows },
    // Many bars per token count (a histogram per setting and batch) in a fixed width, not a step per bar that outgrows the page.
    width: methods.length > 3 ? 640 : { step: 36 },
    height: 240,
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'tokens', type: 'ordinal', title: 'tokens emitted in one target step (per sequence)', axis: { labelAngle: 0 } },
      xOffset: { field: 'method', type: 'nominal', sort: methods },
      y: { field: 'fraction', type: 'quantitative', title: 'share of steps', axis: { format: '.0%' } },
      color: { field: 'method', type: 'nominal', title: 'method', ...(methods.every((m) => methodOrder(report).includes(m)) ? { scale: methodColorScale(report, methods) } : { sort: methods }) },
      tooltip: [{ field: 'method' }, { field: 'tokens', title: 'tokens per step' }, { field: 'fraction', title: 'share of steps', format: '.1%' }, { field: 'steps', title: 'steps' }],
    },
    config: CHART_CONFIG,
  };
}
