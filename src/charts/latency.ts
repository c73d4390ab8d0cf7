/**
 * Latency a user sees, per method and batch: time to first token and
 * end-to-end request latency (median solid, p99 dashed), one panel per
 * hardware. Under Poisson arrivals the batch is a cap on concurrency, and
 * the axis says so.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../report/types.js';
import { CHART_CONFIG, batchAxisX, hardwareFacet, logTicks, methodColorScale, modelOf, round, sweptRates } from './common.js';

export type LatencyMetric = 'ttftMs' | 'e2eMs' | 'tpotMs';

const TITLES: Record<LatencyMetric, string> = { ttftMs: 'Time to first token', e2eMs: 'End-to-end request latency', tpotMs: 'Time per output token' };
const Y_TITLES: Record<LatencyMetric, string> = { ttftMs: 'first token (ms)', e2eMs: 'end-to-end (ms)', tpotMs: 'per output token (ms)' };

/** The load axis: batch = concurrency in a closed workload, a cap under Poisson arrivals or a trace. */
export function loadAxisTitle(report: Report): string {
  const w = (report.scenario as Record<string, unknown>).workload as { kind?: string; rate?: number } | undefined;
  if (w?.kind === 'poisson') return `batch cap (most concurrent sequences) at ${typeof w.rate === 'number' ? w.rate : '?'} requests/s`;
  if (w?.kind === 'trace') return 'batch cap (most concurrent sequences), trace arrivals';
  return 'batch size (concurrent sequences)';
}

export function latencyRows(report: Report, metric: LatencyMetric): { hardware: string; method: string; batch: number; rate?: number; stat: string; ms: number }[] {
  return report.results.flatMap((r) => (['p50', 'p99'] as const).map((stat) => ({ hardware: r.hardware, method: r.method, batch: r.batch, ...(r.rate !== undefined ? { rate: r.rate } : {}), stat, ms: round(r.metrics[metric][stat]) })));
}

/** Time per output token vs. offered load: only for a rate sweep (a batch sweep has tpot-vs-batch). */
export function tpotLoadChart(report: Report): TopLevelSpec | null {
  return sweptRates(report).length > 0 ? latencyChart(report, 'tpotMs') : null;
}

export function latencyChart(report: Report, metric: LatencyMetric): TopLevelSpec {
  const f = hardwareFacet(report);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${TITLES[metric]} vs. load`, subtitle: `${modelOf(report)} · solid: median (p50); dashed: p99; lower is better · log y axis` },
    data: { values: latencyRows(report, metric) },
    facet: f.facet,
    columns: f.columns,
    spec: {
      width: f.width,
      height: 200,
      mark: { type: 'line', point: { filled: true, size: 30 } },
      encoding: {
        x: batchAxisX(report, loadAxisTitle(report)),
        y: { field: 'ms', type: 'quantitative', title: Y_TITLES[metric], scale: { type: 'log' }, axis: { values: logTicks(report.results.flatMap((r) => [r.metrics[metric].p50, r.metrics[metric].p99]), 200, 16), format: ',~r' } },
        color: { field: 'method', type: 'nominal', title: 'method', scale: methodColorScale(report) },
        strokeDash: { field: 'stat', type: 'nominal', title: 'percentile', sort: ['p50', 'p99'], scale: { domain: ['p50', 'p99'], range: [[1, 0], [5, 3]] } },
        detail: { field: 'stat' },
        tooltip: [{ field: 'method' }, { field: sweptRates(report).length > 0 ? 'rate' : 'batch' }, { field: 'stat', title: 'percentile' }, { field: 'ms', title: 'ms' }],
      },
    },
    config: CHART_CONFIG,
  };
}
