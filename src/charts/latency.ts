/**
 * Latency a user sees, per method and batch: time to first token and
 * end-to-end request latency (median solid, p99 dashed), one panel per
 * hardware. Under Poisson arrivals the batch is a cap on concurrency, and
 * the axis says so.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../report/types.js';
import { loadLinesChart, modelOf, round, sweptRates } from './common.js';

export type LatencyMetric = 'ttftMs' | 'e2eMs' | 'tpotMs';

const TITLES: Record<LatencyMetric, string> = { ttftMs: 'Time to first token', e2eMs: 'End-to-end request latency', tpotMs: 'Time per output token' };
const Y_TITLES: Record<LatencyMetric, string> = { ttftMs: 'first token (ms)', e2eMs: 'end-to-end (ms)', tpotMs: 'per output token (ms)' };

export function latencyRows(report: Report, metric: LatencyMetric): { hardware: string; method: string; batch: number; rate?: number; stat: string; ms: number }[] {
  return report.results.flatMap((r) => (['p50', 'p99'] as const).map((stat) => ({ hardware: r.hardware, method: r.method, batch: r.batch, ...(r.rate !== undefined ? { rate: r.rate } : {}), stat, ms: round(r.metrics[metric][stat]) })));
}

/** Time per output token vs. offered load: only for a rate sweep (a batch sweep has tpot-vs-batch). */
export function tpotLoadChart(report: Report): TopLevelSpec | null {
  return sweptRates(report).length > 0 ? latencyChart(report, 'tpotMs') : null;
}

export function latencyChart(report: Report, metric: LatencyMetric): TopLevelSpec {
  return loadLinesChart(report, {
    title: { text: `${TITLES[metric]} vs. load`, subtitle: `${modelOf(report)} · solid: median (p50); dashed: p99; lower is better · log y axis` },
    values: latencyRows(report, metric),
    y: { field: 'ms', title: Y_TITLES[metric], ticks: report.results.flatMap((r) => [r.metrics[metric].p50, r.metrics[metric].p99]) },
    encoding: {
      strokeDash: { field: 'stat', type: 'nominal', title: 'percentile', sort: ['p50', 'p99'], scale: { domain: ['p50', 'p99'], range: [[1, 0], [5, 3]] } },
      detail: { field: 'stat' },
    },
    tooltip: [{ field: 'method' }, { field: sweptRates(report).length > 0 ? 'rate' : 'batch' }, { field: 'stat', title: 'percentile' }, { field: 'ms', title: 'ms' }],
  });
}
