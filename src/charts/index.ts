/**
 * The chart registry: every chart a report gets, by file name. Builders are
 * pure (report → Vega-Lite spec, or null when the report has nothing to show).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../report/types.js';
import { acceptedChart } from './accepted.js';
import { contextChart } from './context.js';
import { costChart } from './cost.js';
import { latencyChart, tpotLoadChart } from './latency.js';
import { optimizeReportChart } from './optimize.js';
import { optimizeRatesChart } from './optimize-rates.js';
import { isOptimizeReport } from '../report/types.js';
import { frontierChart } from './frontier.js';
import { hardwareChart } from './hardware.js';
import { speedupChart } from './speedup.js';
import { timelineChart } from './timeline.js';
import { tpotChart } from './tpot.js';

export interface ChartDef {
  /** File name stem: `charts/<name>.vl.json`, `charts/<name>.svg`. */
  name: string;
  /** Short caption for the HTML page. */
  caption: string;
  build: (report: Report) => TopLevelSpec | null;
  /** Only for reports of this kind (e.g. optimize's); absent: every report. */
  applies?: (report: Report) => boolean;
}

export const CHARTS: readonly ChartDef[] = [
  { name: 'optimize', caption: 'Best setting and its speedup per batch size', build: optimizeReportChart, applies: isOptimizeReport },
  { name: 'optimize-rates', caption: 'Latency under load per setting, the SLO, and the goodput rate', build: optimizeRatesChart, applies: (r) => isOptimizeReport(r) && r.optimize.doc.rates !== undefined },
  { name: 'tpot-vs-batch', caption: 'Time per output token vs. batch size', build: tpotChart },
  { name: 'speedup-vs-batch', caption: 'Speedup over autoregressive, and where it stops paying', build: speedupChart },
  { name: 'throughput-frontier', caption: 'Aggregate throughput vs. per-user speed', build: frontierChart },
  { name: 'hardware-comparison', caption: 'Hardware comparison', build: hardwareChart },
  { name: 'step-timeline', caption: 'Step timeline of the first steps', build: timelineChart },
  { name: 'accepted-tokens', caption: 'Tokens emitted per target step', build: acceptedChart },
  { name: 'acceptance-vs-context', caption: 'Acceptance vs. context (acceptance decaying with context)', build: contextChart },
  { name: 'tpot-vs-load', caption: 'Time per output token vs. offered load (rate sweeps)', build: tpotLoadChart },
  { name: 'ttft-vs-load', caption: 'Time to first token vs. load', build: (r) => latencyChart(r, 'ttftMs') },
  { name: 'e2e-vs-load', caption: 'End-to-end latency vs. load', build: (r) => latencyChart(r, 'e2eMs') },
  { name: 'cost-vs-load', caption: 'Cost per million output tokens vs. load', build: costChart },
];

/**
 * The charts in display order. With more than one hardware the hardware
 * comparison leads (it is the question `specsim compare` asks).
 */
export function chartsFor(report: Report): ChartDef[] {
  const charts = CHARTS.filter((c) => c.applies?.(report) ?? true);
  const hw = new Set(report.results.map((r) => r.hardware));
  if (hw.size < 2) return charts;
  const first = charts.filter((c) => c.name === 'hardware-comparison');
  return [...first, ...charts.filter((c) => c.name !== 'hardware-comparison')];
}

export interface BuiltChart {
  name: string;
  caption: string;
  spec: TopLevelSpec;
}

/** Build every applicable chart, in display order. */
export function buildCharts(report: Report): BuiltChart[] {
  const out: BuiltChart[] = [];
  for (const c of chartsFor(report)) {
    const spec = c.build(report);
    if (spec) out.push({ name: c.name, caption: c.caption, spec });
  }
  return out;
}

export { methodColorScale, KIND_COLORS } from './common.js';
