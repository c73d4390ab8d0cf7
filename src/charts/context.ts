/**
 * Acceptance versus context, for methods whose acceptance decays with context
 * (acceptance `context`): the acceptance rate of each quarter-octave context
 * bin, pooled over hardware and batch sizes. No chart when nothing decays.
 */
import { thousands } from '../thousands.js';
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../report/types.js';
import { CHART_CONFIG, logTicks, methodColorScale, methodOrder, modelOf, round } from './common.js';

export interface ContextRow { method: string; contextTokens: number; acceptanceRate: number; acceptedPerStep: number; steps: number }

/** Per method, the context bins of every result pooled (bin = ⌊4·log2 c⌋ of a bin's mean context, as the engine bins). */
export function contextRows(report: Report): ContextRow[] {
  const rows: ContextRow[] = [];
  for (const method of methodOrder(report)) {
    const bins = new Map<number, { steps: number; accepted: number; context: number; drafted: number }>();
    for (const r of report.results) {
      if (r.method !== method) continue;
      for (const b of r.detail?.acceptanceByContext ?? []) {
        const key = Math.floor(4 * Math.log2(Math.max(1, b.contextTokens)));
        const acc = bins.get(key) ?? { steps: 0, accepted: 0, context: 0, drafted: 0 };
        const accepted = (b.acceptedPerStep - 1) * b.steps;
        acc.steps += b.steps;
        acc.accepted += accepted;
        acc.context += b.contextTokens * b.steps;
        acc.drafted += b.acceptanceRate > 0 ? accepted / b.acceptanceRate : 0;
        bins.set(key, acc);
      }
    }
    for (const [, b] of [...bins].sort((x, y) => x[0] - y[0])) {
      rows.push({ method, contextTokens: round(b.context / b.steps), acceptanceRate: round(b.drafted > 0 ? b.accepted / b.drafted : 0), acceptedPerStep: round(1 + b.accepted / b.steps), steps: b.steps });
    }
  }
  return rows;
}

export function contextChart(report: Report): TopLevelSpec | null {
  const rows = contextRows(report);
  if (rows.length === 0) return null;
  const methods = [...new Set(rows.map((r) => r.method))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Acceptance vs. context', subtitle: [`${modelOf(report)} · methods whose acceptance decays with context (prompt + generated tokens)`, 'tokens per target step per sequence, bonus included; pooled over hardware and batch sizes · log x axis'] },
    data: { values: rows },
    width: 560,
    height: 260,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'contextTokens', type: 'quantitative', title: 'context (tokens)', scale: { type: 'log' }, axis: { values: logTicks(rows.map((r) => r.contextTokens), 560, 40), format: ',~r' } },
      y: { field: 'acceptedPerStep', type: 'quantitative', title: 'tokens per target step', scale: { zero: false } },
      color: { field: 'method', type: 'nominal', title: 'method', scale: methodColorScale(report, methods) },
      tooltip: [{ field: 'method' }, { field: 'contextTokens', title: 'context (tokens)', format: ',.0f' }, { field: 'acceptedPerStep', title: 'tokens per step', format: '.2f' }, { field: 'acceptanceRate', title: 'acceptance rate', format: '.1%' }, { field: 'steps', title: 'sequence-steps' }],
    },
    config: CHART_CONFIG,
  };
}

/** One sentence per method whose acceptance decays with context: tokens per step at the shortest and the longest context bin. */
export function contextSentences(report: Report): string[] {
  const rows = contextRows(report);
  const out: string[] = [];
  for (const method of [...new Set(rows.map((r) => r.method))]) {
    const rs = rows.filter((r) => r.method === method);
    const a = rs[0]!;
    const b = rs[rs.length - 1]!;
    out.push(`${method}: ${a.acceptedPerStep.toFixed(2)} tokens per target step (acceptance ${(a.acceptanceRate * 100).toFixed(0)}%) at ~${thousands(Math.round(a.contextTokens))} tokens of context, ${b.acceptedPerStep.toFixed(2)} (${(b.acceptanceRate * 100).toFixed(0)}%) at ~${thousands(Math.round(b.contextTokens))}`);
  }
  return out;
}
