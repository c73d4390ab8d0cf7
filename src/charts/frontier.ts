/**
 * Aggregate throughput vs. per-user speed: the frontier each method traces as
 * batch grows (up and to the right is better; batch sizes label the points).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../report/types.js';
import { CHART_CONFIG, hardwareOrder, methodColorScale, modelOf, resultRows } from './common.js';
import { hardwareFacet } from './common.js';

export function frontierChart(report: Report): TopLevelSpec {
  const color = { field: 'method', type: 'nominal' as const, title: 'method', scale: methodColorScale(report) };
  const x = { field: 'userTokensPerS', type: 'quantitative' as const, title: 'per-user speed (tokens/s per sequence)', scale: { type: 'log' as const } };
  const y = { field: 'tokensPerS', type: 'quantitative' as const, title: 'aggregate throughput (tokens/s)', scale: { type: 'log' as const } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Throughput vs. per-user speed as batch grows',
      subtitle: `${modelOf(report)} · each point is a batch size (labelled); up and right is better · log axes`,
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
        { mark: { type: 'text', dx: 7, dy: -6, fontSize: 9, align: 'left' }, encoding: { text: { field: 'batch', type: 'quantitative' } } },
      ],
    },
    config: CHART_CONFIG,
  };
}
