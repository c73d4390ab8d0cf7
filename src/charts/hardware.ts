/**
 * Hardware comparison: per-user speed at the smallest batch (batch 1 when run)
 * and aggregate throughput at the largest batch, per hardware × method.
 */
import type { TopLevelSpec } from 'vega-lite';
import { devicesText } from '../report/devices.js';
import type { Report, Result } from '../report/types.js';
import { CHART_CONFIG, hardwareOrder, methodColorScale, methodOrder, modelOf, round } from './common.js';

export interface HardwareRow {
  panel: 'user' | 'aggregate' | 'perDevice';
  hardware: string;
  /** The hardware with the devices it uses, e.g. "h100-sxm-tp2 · 2 devices". */
  label: string;
  method: string;
  batch: number;
  value: number;
}

/** Per hardware: the result at its smallest and at its largest batch, for each method. */
export function hardwareRows(report: Report): HardwareRow[] {
  const rows: HardwareRow[] = [];
  for (const hardware of hardwareOrder(report)) {
    const onHw = report.results.filter((r) => r.hardware === hardware);
    const batches = onHw.map((r) => r.batch);
    const lo = Math.min(...batches), hi = Math.max(...batches);
    const label = withDevices(hardware, onHw);
    for (const method of methodOrder(report)) {
      const at = (b: number): Result | undefined => onHw.find((r) => r.method === method && r.batch === b);
      const small = at(lo), large = at(hi);
      if (small) rows.push({ panel: 'user', hardware, label, method, batch: lo, value: round(small.metrics.userTokensPerS) });
      if (large) rows.push({ panel: 'aggregate', hardware, label, method, batch: hi, value: round(large.metrics.tokensPerS) });
      // Per device: a system of hundreds of chips must not look better than 8 GPUs for having more of them.
      if (large) rows.push({ panel: 'perDevice', hardware, label, method, batch: hi, value: round(large.metrics.tokensPerS / (large.detail?.devices ?? 1)) });
    }
  }
  return rows;
}

/** "groq-lpu · 578–731 devices": how many GPUs or chips the results on this hardware use. */
function withDevices(hardware: string, results: readonly Result[]): string {
  const devices = devicesText(results);
  return devices ? `${hardware} · ${devices}` : hardware;
}

function batchPhrase(rows: HardwareRow[], panel: HardwareRow['panel'], fallback: string): string {
  const bs = [...new Set(rows.filter((r) => r.panel === panel).map((r) => r.batch))];
  return bs.length === 1 ? `batch ${bs[0]}` : fallback;
}

export function hardwareChart(report: Report): TopLevelSpec {
  const rows = hardwareRows(report);
  const hw = [...new Set(rows.map((r) => r.label))];
  const color = { field: 'method', type: 'nominal' as const, title: 'method', scale: methodColorScale(report) };
  const panel = (which: HardwareRow['panel'], title: string, xTitle: string) => ({
    title,
    width: 560,
    height: { step: 16 } as const,
    transform: [{ filter: `datum.panel === '${which}'` }],
    encoding: {
      y: { field: 'label', type: 'nominal' as const, title: null, sort: hw, axis: { labelFontSize: 12, labelFontWeight: 'bold' as const, labelLimit: 320 } },
      yOffset: { field: 'method', type: 'nominal' as const, sort: methodOrder(report) },
      x: { field: 'value', type: 'quantitative' as const, title: xTitle, scale: { zero: true }, axis: { format: ',~r', tickCount: 6 } },
      color,
      tooltip: [{ field: 'hardware' }, { field: 'method' }, { field: 'batch' }, { field: 'value', title: xTitle, format: ',.4~r' }],
    },
    layer: [
      { mark: { type: 'bar' as const } },
      { mark: { type: 'text' as const, align: 'left' as const, dx: 3, fontSize: 10, color: '#222' }, encoding: { text: { field: 'value', type: 'quantitative' as const, format: ',.3~r' } } },
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Hardware comparison', subtitle: `${modelOf(report)} · longer bars are better` },
    data: { values: rows },
    // Stacked, not side by side: nine configurations × methods stay legible at ~1,100 px.
    vconcat: [
      panel('user', `Per-user speed at ${batchPhrase(rows, 'user', 'the smallest batch')} (the whole system serves one user)`, 'tokens/s per sequence'),
      panel('aggregate', `Aggregate throughput of the whole system at ${batchPhrase(rows, 'aggregate', 'the largest batch')}`, 'aggregate tokens/s'),
      panel('perDevice', `Throughput per device (GPU or chip) at ${batchPhrase(rows, 'perDevice', 'the largest batch')}`, 'tokens/s per device'),
    ],
    config: { ...CHART_CONFIG, title: { ...CHART_CONFIG.title, fontSize: 15 } },
  };
}
