/** Time per output token vs. batch size: one line per method, one panel per hardware. */
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../report/types.js';
import { CHART_CONFIG, batchAxisX, hardwareOrder, methodColorScale, modelOf, resultRows, sweptRates } from './common.js';
import { hardwareFacet, logTicks } from './common.js';

export function tpotChart(report: Report): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Time per output token vs. ${sweptRates(report).length > 0 ? 'offered load' : 'batch size'}`,
      subtitle: `${modelOf(report)} · mean over requests; lower is better · log axes${hardwareOrder(report).length > 1 ? ', each panel its own y range' : ''}`,
    },
    data: { values: resultRows(report) },
    facet: hardwareFacet(report).facet,
    columns: hardwareFacet(report).columns,
    spec: {
      width: hardwareFacet(report).width,
      height: 220,
      encoding: {
        x: batchAxisX(report),
        y: { field: 'tpotMs', type: 'quantitative', title: 'time per output token (ms)', scale: { type: 'log' }, axis: { values: logTicks(report.results.map((r) => r.metrics.tpotMs.mean), 220, 16), format: ',~r' } },
        color: { field: 'method', type: 'nominal', title: 'method', scale: methodColorScale(report) },
        tooltip: [
          { field: 'method' }, { field: 'batch' },
          { field: 'tpotMs', title: 'mean ms/token' }, { field: 'tpotP50Ms', title: 'p50 ms' },
          { field: 'tpotP90Ms', title: 'p90 ms' }, { field: 'tpotP99Ms', title: 'p99 ms' },
        ],
      },
      layer: [{ mark: { type: 'line' } }, { mark: { type: 'point' } }],
    },
    resolve: { scale: { y: 'independent' } },
    config: CHART_CONFIG,
  };
}
