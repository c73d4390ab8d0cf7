/**
 * Aggregate throughput vs. per-user speed: the frontier each method traces as
 * batch grows (up and to the right is better; batch sizes label the points).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../report/types.js';
import { CHART_CONFIG, hardwareOrder, methodColorScale, modelOf, resultRows, sweptRates } from './common.js';
import { hardwareFacet, logTicks, methodOrder } from './common.js';

export function frontierChart(report: Report): TopLevelSpec {
  // Along each line the load grows: the batch, or a rate sweep's offered requests/s.
  const sweep = sweptRates(report).length > 0;
  const load = sweep ? 'rate' : 'batch';
  const color = { field: 'method', type: 'nominal' as const, title: 'method', scale: methodColorScale(report) };
  const x = { field: 'userTokensPerS', type: 'quantitative' as const, title: 'tokens/s per user', scale: { type: 'log' as const }, axis: { values: logTicks(report.results.map((r) => r.metrics.userTokensPerS), hardwareFacet(report).width, 50), format: ',~r' } };
  const y = { field: 'tokensPerS', type: 'quantitative' as const, title: 'aggregate tokens/s', scale: { type: 'log' as const }, axis: { values: logTicks(report.results.map((r) => r.metrics.tokensPerS), 240, 16), format: ',~r' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Throughput vs. per-user speed as ${sweep ? 'offered load' : 'batch'} grows`,
      subtitle: `${modelOf(report)} · each point is ${sweep ? 'an offered rate (requests/s)' : 'a batch size'}, growing along each line (the first method's ends are labelled); up and right is better · log axes`,
    },
    data: { values: resultRows(report) },
    facet: hardwareFacet(report).facet,
    columns: hardwareFacet(report).columns,
    spec: {
      width: hardwareFacet(report).width,
      height: 240,
      encoding: { x, y, color },
      layer: [
        { mark: { type: 'line' }, encoding: { order: { field: load, type: 'quantitative' } } },
        {
          mark: { type: 'point' },
          encoding: {
            tooltip: [{ field: 'method' }, { field: load }, { field: 'userTokensPerS', title: 'tokens/s per user' }, { field: 'tokensPerS', title: 'aggregate tokens/s' }],
          },
        },
        {
          // Only each line's ends are labelled (the batch grows along the line): labels at every batch of every method collide.
          transform: [{ joinaggregate: [{ op: 'min', field: load, as: 'lo' }, { op: 'max', field: load, as: 'hi' }], groupby: ['hardware', 'method'] }, { filter: `(datum.${load} === datum.lo || datum.${load} === datum.hi) && datum.method === ${JSON.stringify(methodOrder(report)[0] ?? '')}` }, { calculate: sweep ? "datum.rate + '/s'" : "'b' + datum.batch", as: 'batchLabel' }],
          mark: { type: 'text', dx: 7, dy: -6, fontSize: 10, align: 'left' },
          encoding: { text: { field: 'batchLabel', type: 'nominal' } },
        },
      ],
    },
    config: CHART_CONFIG,
  };
}
