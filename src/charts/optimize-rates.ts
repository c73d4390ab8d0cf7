/**
 * The optimize rate chart (`--rate … --slo …`): the p99 latency the SLO
 * limits most tightly (time per token when limited, else time to first
 * token, else end to end) against the offered request rate, one line per
 * finalist setting; filled points meet the SLO, hollow ones miss it; the
 * limit as a dashed rule and the goodput rate (the highest rate some setting
 * meets) as a red rule. Pure: report → Vega-Lite spec.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../report/types.js';
import type { RateSweep } from '../report/optimize-types.js';
import { isOptimizeReport, type OptimizeReport } from '../report/types.js';
import { CHART_CONFIG, round } from './common.js';

type Metric = 'tpotP99Ms' | 'ttftP99Ms' | 'e2eP99Ms';

function axisOf(sweep: RateSweep): { metric: Metric; title: string; limit: number | undefined } {
  if (sweep.slo['tpot-p99'] !== undefined || sweep.slo['tpot-p50'] !== undefined) return { metric: 'tpotP99Ms', title: 'p99 time per output token (ms)', limit: sweep.slo['tpot-p99'] };
  if (sweep.slo['ttft-p99'] !== undefined || sweep.slo['ttft-p50'] !== undefined) return { metric: 'ttftP99Ms', title: 'p99 time to first token (ms)', limit: sweep.slo['ttft-p99'] };
  return { metric: 'e2eP99Ms', title: 'p99 end-to-end latency (ms)', limit: sweep.slo['e2e-p99'] };
}

export function optimizeRatesChart(r: Report): TopLevelSpec | null {
  if (!isOptimizeReport(r)) return null;
  const sweep = (r as OptimizeReport).optimize.doc.rates;
  if (!sweep || sweep.points.length === 0) return null;
  const { metric, title, limit } = axisOf(sweep);
  const values: Record<string, unknown>[] = sweep.points.flatMap((p) => p.trials.map((t) => ({
    row: 'trial', rate: p.rate, setting: t.label, value: round(t[metric]), meets: t.meets ? 'meets the SLO' : 'misses it',
    picked: p.bestLabel === t.label ? 'picked' : '', ttft: round(t.ttftP99Ms), tpot: round(t.tpotP99Ms), usd: t.usdPerMTokens === null ? null : round(t.usdPerMTokens),
  })));
  const maxValue = Math.max(...values.map((v) => v.value as number), limit ?? 0);
  if (sweep.goodputRate !== null) values.push({ row: 'goodput', rate: sweep.goodputRate, label: `goodput: ${sweep.goodputRate} requests/s`, labelY: round(maxValue * 1.08) });
  const rates = sweep.points.map((p) => p.rate);
  const x = { field: 'rate', type: 'quantitative' as const, title: 'offered load (requests/s, Poisson)', scale: { zero: false }, axis: { values: rates } };
  const y = { field: 'value', type: 'quantitative' as const, title, scale: { zero: true, domainMax: round(maxValue * 1.15) } };
  const slo = Object.entries(sweep.slo).map(([k, v]) => `${k} ≤ ${v} ms`).join(', ');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `Latency under load per setting · SLO ${slo}`, subtitle: [`batch cap ${sweep.maxBatch}, ${sweep.requests} requests per run; dashed: the limit`, 'filled: meets the SLO (and the queue keeps up), hollow: misses it; ringed: the least-cost setting that meets it'] },
    width: 460,
    height: 280,
    data: { values },
    layer: [
      ...(limit !== undefined ? [{ data: { values: [{ limit }] }, mark: { type: 'rule' as const, strokeDash: [5, 4], color: '#444' }, encoding: { y: { field: 'limit', type: 'quantitative' as const } } }] : []),
      { transform: [{ filter: "datum.row === 'trial'" }], mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color: { field: 'setting', type: 'nominal', title: 'setting' } } },
      {
        transform: [{ filter: "datum.row === 'trial'" }],
        mark: { type: 'point', size: 70, strokeWidth: 1.5 },
        encoding: {
          x, y, stroke: { field: 'setting', type: 'nominal', title: 'setting' },
          fill: { condition: { test: "datum.meets === 'meets the SLO'", field: 'setting', type: 'nominal' }, value: 'transparent' },
          tooltip: [{ field: 'setting' }, { field: 'rate', title: 'requests/s' }, { field: 'meets', title: 'SLO' }, { field: 'ttft', title: 'p99 TTFT (ms)' }, { field: 'tpot', title: 'p99 ms/token' }, { field: 'usd', title: '$/M tokens' }],
        },
      },
      { transform: [{ filter: "datum.picked === 'picked'" }], mark: { type: 'point', size: 260, color: '#222', strokeWidth: 1.5, filled: false }, encoding: { x, y } },
      { transform: [{ filter: "datum.row === 'goodput'" }], mark: { type: 'rule', color: '#d62728', strokeWidth: 2 }, encoding: { x } },
      { transform: [{ filter: "datum.row === 'goodput'" }], mark: { type: 'text', align: 'right', dx: -4, fontSize: 11, fontWeight: 'bold', color: '#d62728' }, encoding: { x, y: { field: 'labelY', type: 'quantitative' }, text: { field: 'label' } } },
    ],
    config: CHART_CONFIG,
  } as TopLevelSpec;
}
