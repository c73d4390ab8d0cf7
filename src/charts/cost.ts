/**
 * Cost and energy per output token vs. batch: dollars per million output
 * tokens (solid) and joules per token (in the tooltip and a second chart
 * row would double the page; the energy follows the cost's shape, since
 * both divide by tokens/s). One panel per hardware; null when the report
 * carries no prices (report/economics.ts).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../report/types.js';
import { loadLinesChart, modelOf, round } from './common.js';

export function costChart(report: Report): TopLevelSpec | null {
  const rows = report.results
    .filter((r) => typeof r.metrics.usdPerMTokens === 'number')
    .map((r) => ({ hardware: r.hardware, method: r.method, batch: r.batch, ...(r.rate !== undefined ? { rate: r.rate } : {}), usdPerMTokens: round(r.metrics.usdPerMTokens!), joulesPerToken: typeof r.metrics.joulesPerToken === 'number' ? round(r.metrics.joulesPerToken) : null, devices: r.detail?.devices ?? 1 }));
  if (rows.length === 0) return null;
  const a = report.economics;
  return loadLinesChart(report, {
    title: {
      text: 'Cost per million output tokens vs. load',
      subtitle: `${modelOf(report)} · price amortised over ${a?.lifetimeYears ?? '?'} years of continuous use + energy at $${a?.usdPerKwh ?? '?'}/kWh at TDP; lower is better · log y axis; joules per token in the tooltip`,
    },
    values: rows,
    y: { field: 'usdPerMTokens', title: '$ per million output tokens', ticks: rows.map((r) => r.usdPerMTokens) },
    tooltip: [{ field: 'method' }, { field: 'batch' }, { field: 'devices' }, { field: 'usdPerMTokens', title: '$/M tokens' }, { field: 'joulesPerToken', title: 'J/token' }],
  });
}
