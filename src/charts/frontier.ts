/**
 * Aggregate throughput vs. per-user speed: the frontier each method traces as
 * batch grows (up and to the right is better; batch sizes label the points).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../report/types.js';
import { CHART_CONFIG, hardwareOrder, methodColorScale, modelOf, resultRows } from './common.js';
import { hardwareFacet, logTicks, methodOrder } from './common.js';

export function frontierChart(report: Report): TopLevelSpec {
  const color = { field: 'method', type: 'nominal' as const, title: 'method', scale: methodColorScale(report) };
  const x = { field: 'userTokensPerS', type: 'quantitative' as const, title: 'tokens/s per user', scale: { type: 'log' as const }, axis: { values: logTicks(report.results.map((r) => r.metrics.userTokensPerS), hardwareFacet(report).width, 50), format: ',~r' } };
  const y = { field: 'tokensPerS', type: 'quantitative' as const, title: 'aggregate tokens/s', scale: { type: 'log' as const }, axis: { values: logTicks(report.results.map((r) => r.metrics.tokensPerS), 240, 16), format: ',~r' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Throughput vs. per-user speed as batch grows',
      subtitle: `${modelOf(report)} · each point is a batch size, growing along each line (the first method's ends are labelled); up and right is better · log axes`,
    },
    data: { values: resultRows(report) },
    facet: hardwareFacet(report).facet,
    columns: hardwareFacet(report).columns,
    spec: {
      width: hardwareFacet(report).width,
      height: 240,
      encoding: { x, y, color },
      layer: [
        { mark: { type: 'line' }, encoding: { order: { field: 'batch', type: 'quantitative' } } },
        {
          mark: { type: 'point' },
          encoding: {
            tooltip: [{ field: 'method' }, { field: 'batch' }, { field: 'userTokensPerS', title: 'tokens/s per user' }, { field: 'tokensPerS', title: 'aggregate tokens/s' }],
          },
        },
        {
          // Only each line's ends are labelled (the batch grows along the line): labels at every batch of every method collide.
          transform: [{ joinaggregate: [{ op: 'min', field: 'batch', as: 'lo' }, { op: 'max', field: 'batch', as: 'hi' }], groupby: ['hardware', 'method'] }, { filter: `(datum.batch === datum.lo || datum.batch === datum.hi) && datum.method === ${JSON.stringify(methodOrder(report)[0] ?? '')}` }, { calculate: "'b' + datum.batch", as: 'batchLabel' }],
          mark: { type: 'text', dx: 7, dy: -6, fontSize: 10, align: 'left' },
          encoding: { text: { field: 'batchLabel', type: 'nominal' } },
        },
      ],
    },
    config: CHART_CONFIG,
  };
}
