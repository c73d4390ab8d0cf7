/**
 * The `specsim optimize` chart: the best setting's speedup over
 * autoregressive at each batch size (simulated, with the analytic estimate as
 * hollow points), each point labelled with its setting, a rule at 1×, and the
 * crossover batch (where no speculative setting beats autoregressive) marked.
 * Pure: optimize document → Vega-Lite spec. Colours: the method kinds' colours.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { OptimizeDoc, OptimizeMeta, Setting } from '../report/optimize-types.js';
import { isOptimizeReport, type OptimizeReport } from '../report/types.js';
import type { Report } from '../report/types.js';
import { methodDefinition } from '../methods/index.js';
import { CHART_CONFIG, KIND_COLORS, round } from './common.js';

/** A short label of a setting (its method's `search.describe`): `γ=5`, `3 heads · greedy-27`, `autoregressive`. */
export function settingLabel(s: Setting): string {
  const base = methodDefinition(s.method)?.search?.describe(s) ?? 'autoregressive';
  return s.tp !== undefined ? `${base} · tp ${s.tp}${s.dtype ? ` ${s.dtype}` : ''}` : base;
}

/** The registry's builder: the optimize chart of an optimize report, null for any other report. */
export function optimizeReportChart(r: Report): TopLevelSpec | null {
  return isOptimizeReport(r) ? optimizeChart((r as OptimizeReport).optimize.doc, r.optimize.meta) : null;
}

/** What "best" meant, in a few words. */
export function objectiveText(meta: Pick<OptimizeMeta, 'objective' | 'sloMs'>): string {
  switch (meta.objective) {
    case 'slo': return `aggregate throughput with mean time per token ≤ ${meta.sloMs} ms`;
    case 'throughput': return 'aggregate throughput';
    case 'cost': return 'least $ per million output tokens';
    case 'energy': return 'least J per output token';
    case 'user': return 'per-user tokens/s';
  }
}

export function optimizeChart(doc: OptimizeDoc, meta: OptimizeMeta): TopLevelSpec {
  const batches = [...new Set(doc.points.map((p) => p.batch))];
  const several = (meta.contexts?.length ?? 1) > 1;
  const kinds = ['autoregressive', ...meta.methods];
  const maxSpeedup = Math.max(1, ...doc.points.flatMap((p) => [p.speedup, p.analytic.speedup]));
  const values: Record<string, unknown>[] = doc.points.flatMap((p) => [
    { row: 'sim', batch: p.batch, context: `context ${p.context}`, speedup: round(p.speedup), kind: p.best.method, setting: settingLabel(p.best), userTokensPerS: round(p.userTokensPerS), tokensPerS: round(p.tokensPerS) },
    { row: 'analytic', batch: p.batch, context: `context ${p.context}`, speedup: round(p.analytic.speedup), kind: p.best.method, setting: settingLabel(p.best) },
  ]);
  if (doc.crossoverBatch !== null) {
    values.push({ row: 'crossover', batch: doc.crossoverBatch, label: `speculation stops paying at batch ${doc.crossoverBatch}`, labelY: round(maxSpeedup * 1.12) });
  }
  const x = {
    field: 'batch', type: 'quantitative' as const, title: 'batch size (concurrent sequences)',
    scale: { type: 'log' as const, base: 2, domain: [batches[0] ?? 1, batches[batches.length - 1] ?? 1], nice: false },
    axis: { values: batches, format: 'd' },
  };
  const y = { field: 'speedup', type: 'quantitative' as const, title: 'speedup over autoregressive (×)', scale: { zero: true, domainMax: round(maxSpeedup * 1.2) } };
  const color = { field: 'kind', type: 'nominal' as const, title: 'best method', scale: { domain: kinds, range: kinds.map((k) => KIND_COLORS[k] ?? '#000000') } };
  const objective = objectiveText(meta);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Best ${meta.methods.join(' / ')} setting per batch size · ${meta.model} on ${meta.hardware}${meta.tp > 1 ? ` (tp ${meta.tp})` : ''}`,
      subtitle: [`objective: ${objective}`, ...meta.acceptance, 'filled: simulated, hollow: analytic estimate; above the dashed line speculation pays'],
    },
    width: 460,
    height: 280,
    data: { values },
    layer: [
      { mark: { type: 'rule', strokeDash: [5, 4], color: '#444' }, encoding: { y: { datum: 1 } } },
      {
        transform: [{ filter: "datum.row === 'sim'" }],
        mark: { type: 'line', color: '#999', strokeWidth: 1.5 },
        encoding: { x, y, ...(several ? { strokeDash: { field: 'context', type: 'nominal' as const, title: 'prompt' } } : {}) },
      },
      {
        transform: [{ filter: "datum.row === 'sim'" }],
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          x, y, color,
          tooltip: [{ field: 'batch' }, { field: 'setting', title: 'best setting' }, { field: 'speedup', title: 'speedup (×)' }, { field: 'userTokensPerS', title: 'tokens/s per user' }, { field: 'tokensPerS', title: 'tokens/s aggregate' }],
        },
      },
      {
        transform: [{ filter: "datum.row === 'analytic'" }],
        mark: { type: 'point', filled: false, size: 90, strokeWidth: 1.5 },
        encoding: { x, y, color, tooltip: [{ field: 'batch' }, { field: 'speedup', title: 'analytic speedup (×)' }] },
      },
      {
        transform: [{ filter: "datum.row === 'sim'" }],
        mark: { type: 'text', dy: -14, fontSize: 11, fontWeight: 'bold' },
        encoding: { x, y, text: { field: 'setting' }, color },
      },
      {
        transform: [{ filter: "datum.row === 'crossover'" }],
        mark: { type: 'rule', color: '#d62728', strokeWidth: 2 },
        encoding: { x },
      },
      {
        transform: [{ filter: "datum.row === 'crossover'" }],
        mark: { type: 'text', align: 'right', dx: -4, fontSize: 11, fontWeight: 'bold', color: '#d62728' },
        encoding: { x, y: { field: 'labelY', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
    config: CHART_CONFIG,
  };
}
