/**
 * Speedup over autoregressive vs. batch size, a rule at 1×, and the crossover
 * batch where a method stops paying (speedup falls through 1×).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../report/types.js';
import { CHART_CONFIG, batchAxisX, methodColorScale, methodOrder, modelOf, resultRows, round, sweptRates } from './common.js';
import { hardwareFacet } from './common.js';
import { crossovers } from '../report/analysis.js';

export function speedupChart(report: Report): TopLevelSpec | null {
  const points = resultRows(report, (r) => r.metrics.speedup !== null && (r.detail?.kind ?? r.method) !== 'autoregressive');
  if (points.length === 0) return null;
  const methods = methodOrder(report).filter((m) => points.some((p) => p.method === m));
  const cross = crossovers(report).filter((c) => methods.includes(c.method));
  const maxSpeedup = Math.max(1, ...points.map((p) => Math.max(p.speedup ?? 0, p.throughputSpeedup ?? 0)));
  const values = [
    ...points.map((p) => ({ ...p, row: 'point' })),
    ...cross.map((c) => ({
      hardware: c.hardware, method: c.method, batch: c.batch, speedup: 1, row: 'crossover',
      // Labels stack below the 1× rule, one line per method, so they never overlap.
      labelY: round(1 - (methods.indexOf(c.method) + 1) * 0.075 * maxSpeedup),
      label: `batch ≈ ${Number(c.batch.toPrecision(2))}`,
    })),
  ];
  const color = { field: 'method', type: 'nominal' as const, title: 'method', scale: methodColorScale(report, methods) };
  const x = batchAxisX(report);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Speedup over autoregressive vs. ${sweptRates(report).length > 0 ? 'offered load' : 'batch size'}`,
      subtitle: `${modelOf(report)} · solid: time per token; dashed: aggregate tokens/s (throughput speedup); above 1× speculation pays; ◆ marks where time per token stops paying`,
    },
    data: { values },
    facet: hardwareFacet(report).facet,
    columns: hardwareFacet(report).columns,
    spec: {
      width: hardwareFacet(report).width,
      height: 220,
      layer: [
        { mark: { type: 'rule', strokeDash: [5, 4], color: '#444' }, encoding: { y: { datum: 1 } } },
        {
          transform: [{ filter: "datum.row === 'point'" }],
          mark: { type: 'line', point: { filled: true, size: 40 } },
          encoding: {
            x, y: { field: 'speedup', type: 'quantitative', title: 'speedup over autoregressive (×)', scale: { zero: true } },
            color,
            tooltip: [{ field: 'method' }, { field: 'batch' }, { field: 'speedup', title: 'speedup (×)' }, { field: 'throughputSpeedup', title: 'throughput speedup (×)' }, { field: 'tpotMs', title: 'ms/token' }],
          },
        },
        {
          // Throughput speedup (aggregate tokens/s against the baseline's), dashed.
          transform: [{ filter: "datum.row === 'point' && datum.throughputSpeedup != null" }],
          mark: { type: 'line', strokeDash: [4, 3], strokeWidth: 1.5, point: { filled: false, size: 30 } },
          encoding: {
            x, y: { field: 'throughputSpeedup', type: 'quantitative' },
            color,
            tooltip: [{ field: 'method' }, { field: 'batch' }, { field: 'throughputSpeedup', title: 'throughput speedup (×)' }, { field: 'tokensPerS', title: 'tokens/s' }],
          },
        },
        {
          transform: [{ filter: "datum.row === 'crossover'" }],
          mark: { type: 'point', shape: 'diamond', size: 160, filled: true, stroke: '#000', strokeWidth: 1 },
          encoding: { x, y: { field: 'speedup', type: 'quantitative' }, color, tooltip: [{ field: 'method' }, { field: 'batch', title: 'crossover batch' }] },
        },
        {
          transform: [{ filter: "datum.row === 'crossover'" }],
          mark: { type: 'text', dy: 2, fontSize: 11, fontWeight: 'bold', baseline: 'top' },
          encoding: { x, y: { field: 'labelY', type: 'quantitative' }, text: { field: 'label' }, color },
        },
      ],
    },
    config: CHART_CONFIG,
  };
}
