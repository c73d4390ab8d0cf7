/**
 * Shared pieces of the chart builders: the fixed method → colour mapping, the
 * phase colours of the timeline, the row extraction and the common config.
 * Chart code only reshapes a Report for display; it computes no simulation.
 */
import { batchIsCap } from '../report/load.js';
import type { Config, TopLevelSpec } from 'vega-lite';
import { hardwareOrder, methodOrder, round, sweptRates } from '../report/analysis.js';
import type { Report, Result, TimelinePhase } from '../report/types.js';
import { METHOD_DEFINITIONS } from '../methods/index.js';

export { hardwareOrder, methodOrder, round, sweptRates };

/** One colour per method kind; a second method of the same kind takes the next free colour of SPARE. */
export const KIND_COLORS: Readonly<Record<string, string>> = Object.fromEntries(METHOD_DEFINITIONS.map((d) => [d.kind, d.color]));
const SPARE = ['#d62728', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#393b79', '#ad494a', '#637939'];

/** The kind of a method label (from the result detail, or the label itself). */
export function methodKind(report: Report, method: string): string {
  const r = report.results.find((x) => x.method === method);
  return r?.detail?.kind ?? method;
}

/**
 * The colour scale every chart uses for `method`: the same label always gets
 * the same colour within a report, and a kind keeps its colour across reports.
 */
export function methodColorScale(report: Report, methods = methodOrder(report)): { domain: string[]; range: string[] } {
  const used = new Set<string>();
  const all = methodOrder(report);
  const colorOf = new Map<string, string>();
  for (const m of all) {
    const preferred = KIND_COLORS[methodKind(report, m)];
    if (preferred && !used.has(preferred)) { colorOf.set(m, preferred); used.add(preferred); }
  }
  for (const m of all) {
    if (colorOf.has(m)) continue;
    const c = SPARE.find((x) => !used.has(x)) ?? '#000000';
    colorOf.set(m, c); used.add(c);
  }
  return { domain: methods, range: methods.map((m) => colorOf.get(m) ?? '#000000') };
}

/** Timeline phase colours (not method colours: a phase is not a method). */
export const PHASE_COLORS: Readonly<Partial<Record<TimelinePhase, string>>> = {
  prefill: '#8c6d31',
  draft: '#e7ba52',
  heads: '#e7969c',
  verify: '#3182bd',
  decode: '#6baed6',
};

/** The flat row a chart plots: one per result. */
export interface ResultRow {
  /** A rate sweep's offered requests/s. */
  rate?: number;
  hardware: string;
  method: string;
  kind: string;
  batch: number;
  tpotMs: number;
  tpotP50Ms: number;
  tpotP90Ms: number;
  tpotP99Ms: number;
  tokensPerS: number;
  userTokensPerS: number;
  acceptedPerStep: number;
  speedup: number | null;
  throughputSpeedup: number | null;
}

export function resultRows(report: Report, filter: (r: Result) => boolean = () => true): ResultRow[] {
  return report.results.filter(filter).map((r) => ({
    hardware: r.hardware,
    method: r.method,
    kind: r.detail?.kind ?? r.method,
    batch: r.batch,
    ...(r.rate !== undefined ? { rate: r.rate } : {}),
    tpotMs: round(r.metrics.tpotMs.mean),
    tpotP50Ms: round(r.metrics.tpotMs.p50),
    tpotP90Ms: round(r.metrics.tpotMs.p90),
    tpotP99Ms: round(r.metrics.tpotMs.p99),
    tokensPerS: round(r.metrics.tokensPerS),
    userTokensPerS: round(r.metrics.userTokensPerS),
    acceptedPerStep: round(r.metrics.acceptedPerStep),
    speedup: r.metrics.speedup === null ? null : round(r.metrics.speedup),
    throughputSpeedup: r.metrics.throughputSpeedup === null || r.metrics.throughputSpeedup === undefined ? null : round(r.metrics.throughputSpeedup),
  }));
}

export function modelOf(report: Report): string {
  const models = [...new Set(report.results.map((r) => r.model))];
  return models.join(', ');
}

/** Sorted distinct batch sizes. */
export function batchSizes(report: Report): number[] {
  return [...new Set(report.results.map((r) => r.batch))].sort((a, b) => a - b);
}

/** Config shared by every chart: fonts that need no canvas to measure, readable sizes. */
export const CHART_CONFIG: Config = {
  font: 'Helvetica, Arial, sans-serif',
  title: { fontSize: 15, anchor: 'start', subtitleFontSize: 12, subtitleColor: '#555' },
  // Greedy label removal with a gap: log axes and narrow wrapped panels otherwise print 4 and 5, 40 and 50 on top of each other.
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#e6e6e6', labelOverlap: 'greedy', labelSeparation: 4 },
  legend: { labelFontSize: 12, titleFontSize: 12, orient: 'right' },
  header: { labelFontSize: 13, titleFontSize: 13, labelFontWeight: 'bold' },
  view: { stroke: '#ccc' },
  line: { strokeWidth: 2 },
  point: { size: 40, filled: true },
};

/**
 * The load axis: the log-2 batch axis with ticks at the batch sizes run, or
 * for a rate sweep the offered requests/s (log axis, ticks at the rates run;
 * rows then carry `rate`).
 */
export function batchAxisX(report: Report, title?: string) {
  const rates = sweptRates(report);
  if (rates.length > 0) {
    return {
      field: 'rate', type: 'quantitative' as const, title: `offered load (requests/s, Poisson; batch cap ${batchSizes(report).join(', ')})`,
      scale: { type: 'log' as const, domain: [rates[0]!, rates[rates.length - 1]!], nice: false },
      axis: { values: rates, format: '~g' },
    };
  }
  const b = batchSizes(report);
  title ??= batchIsCap(report) ? 'batch cap (largest running batch; open workload)' : 'batch size (concurrent sequences)';
  return {
    field: 'batch', type: 'quantitative' as const, title,
    scale: { type: 'log' as const, base: 2, domain: [b[0] ?? 1, b[b.length - 1] ?? 1], nice: false },
    axis: { values: b, format: 'd' },
  };
}

/** Most panels per row: facets wrap beyond this, so a page of 9 hardware configurations stays legible at ~1,100 px. */
export const FACET_COLUMNS = 4;

/**
 * One panel per hardware, wrapping after FACET_COLUMNS; panel width shrinks
 * as more share a row so a row fits a ~1,100 px page.
 */
export function hardwareFacet(report: Report): { facet: { field: 'hardware'; type: 'nominal'; title: null; sort: string[]; header: { labelLimit: number } }; columns: number; width: number } {
  const n = hardwareOrder(report).length;
  const columns = Math.min(FACET_COLUMNS, Math.max(1, n));
  return {
    facet: { field: 'hardware', type: 'nominal', title: null, sort: hardwareOrder(report), header: { labelLimit: 230 } },
    columns,
    width: columns <= 2 ? 280 : columns === 3 ? 240 : 175,
  };
}

/**
 * Tick values for a log axis of `lengthPx` over the data's range, at least
 * `minGapPx` apart: 1-2-5 per decade when there is room, else 1-3, else
 * powers of ten (every other one if need be). Vega's own log ticks put 4 and
 * 5, 40 and 50 a few pixels apart.
 */
export function logTicks(values: readonly number[], lengthPx: number, minGapPx: number): number[] {
  const v = values.filter((x) => Number.isFinite(x) && x > 0);
  if (v.length === 0) return [];
  const lo = Math.min(...v), hi = Math.max(...v);
  const decades = Math.max(Math.log10(hi / lo), 0.5);
  const perDecade = lengthPx / decades;
  const mantissas = 0.3 * perDecade >= minGapPx ? [1, 2, 5] : 0.48 * perDecade >= minGapPx ? [1, 3] : [1];
  const step = perDecade >= minGapPx ? 1 : 2;
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)) + 1; e += 1) {
    if (mantissas.length === 1 && e % step !== 0) continue;
    for (const m of mantissas) {
      const t = Number((m * 10 ** e).toPrecision(6));
      if (t >= lo / 1.5 && t <= hi * 1.5) out.push(t);
    }
  }
  return out;
}

/** The load axis: batch = concurrency in a closed workload, a cap under Poisson arrivals or a trace. */
export function loadAxisTitle(report: Report): string {
  const w = report.scenario.workload as Report['scenario']['workload'] | undefined;
  if (w?.kind === 'poisson') return `batch cap (most concurrent sequences) at ${typeof w.rate === 'number' ? w.rate : '?'} requests/s`;
  if (w?.kind === 'trace') return 'batch cap (most concurrent sequences), trace arrivals';
  return 'batch size (concurrent sequences)';
}

/** A line-per-method chart against the load axis (latency, cost): what differs between them. */
export interface LoadLines {
  title: { text: string; subtitle: string };
  values: object[];
  /** The plotted field on a log y axis, its title, and the values its ticks must cover. */
  y: { field: string; title: string; ticks: readonly number[] };
  /** Channels after x, y and colour (e.g. a dash per percentile). */
  encoding?: Record<string, object>;
  tooltip: { field: string; title?: string }[];
}

/**
 * The skeleton the latency and cost charts share: one panel per hardware
 * (wrapped, hardwareFacet), a line with points per method against the load
 * axis, a log y axis with ticks far enough apart to read (logTicks).
 */
export function loadLinesChart(report: Report, c: LoadLines): TopLevelSpec {
  const f = hardwareFacet(report);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: c.title,
    data: { values: c.values },
    facet: f.facet,
    columns: f.columns,
    spec: {
      width: f.width,
      height: 200,
      mark: { type: 'line', point: { filled: true, size: 30 } },
      encoding: {
        x: batchAxisX(report, loadAxisTitle(report)),
        y: { field: c.y.field, type: 'quantitative', title: c.y.title, scale: { type: 'log' }, axis: { values: logTicks(c.y.ticks, 200, 16), format: ',~r' } },
        color: { field: 'method', type: 'nominal', title: 'method', scale: methodColorScale(report) },
        ...c.encoding,
        tooltip: c.tooltip,
      },
    },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
