/**
 * The compact results table `run`, `compare` and `optimize` print on a
 * terminal: per hardware, one row per batch × method with ms/token,
 * tokens/s, speedup, throughput speedup (when the report has it), $ per
 * million output tokens and joules per token (when priced) and what bounds
 * the target step. Plain text, aligned; labels from the report are
 * shown on one line with control characters escaped.
 */
import { oneLine } from '../errors.js';
import { devicesText } from './devices.js';
import type { Report, Result } from './types.js';

const num = (x: number | null | undefined, d: number): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));
/** Fewer decimals as numbers grow, so columns stay narrow. */
const adaptive = (x: number): string => num(x, x >= 100 ? 0 : x >= 10 ? 1 : x >= 1 ? 2 : 3);

/** The point's rate when the report's workload is a rate sweep (a field engines or a rate sweep may add), else undefined. */
function rateOf(r: Result): number | undefined {
  const v = (r as unknown as Record<string, unknown>).rate;
  return typeof v === 'number' ? v : undefined;
}

interface Column { title: string; align: 'left' | 'right'; cell: (r: Result) => string }

export function resultsTable(report: Report): string {
  const throughput = report.results.some((r) => typeof (r.metrics as unknown as Record<string, unknown>).throughputSpeedup === 'number');
  const rates = report.results.some((r) => rateOf(r) !== undefined);
  const economics = report.results.some((r) => typeof r.metrics.usdPerMTokens === 'number' || typeof r.metrics.joulesPerToken === 'number');
  const cols: Column[] = [
    ...(rates ? [{ title: 'rate/s', align: 'right' as const, cell: (r: Result) => String(rateOf(r) ?? '') }] : []),
    { title: 'batch', align: 'right', cell: (r) => String(r.batch) },
    { title: 'method', align: 'left', cell: (r) => oneLine(r.method, 32) },
    { title: 'ms/token', align: 'right', cell: (r) => adaptive(r.metrics.tpotMs.mean) },
    { title: 'tokens/s', align: 'right', cell: (r) => num(r.metrics.tokensPerS, r.metrics.tokensPerS >= 100 ? 0 : 1) },
    { title: 'speedup', align: 'right', cell: (r) => (r.metrics.speedup === null ? '–' : `${num(r.metrics.speedup, 2)}×`) },
    ...(throughput ? [{ title: 'thr. speedup', align: 'right' as const, cell: (r: Result) => { const v = (r.metrics as unknown as Record<string, unknown>).throughputSpeedup; return typeof v === 'number' ? `${num(v, 2)}×` : '–'; } }] : []),
    ...(economics ? [
      { title: '$/M tok', align: 'right' as const, cell: (r: Result) => (typeof r.metrics.usdPerMTokens === 'number' ? adaptive(r.metrics.usdPerMTokens) : '–') },
      { title: 'J/tok', align: 'right' as const, cell: (r: Result) => (typeof r.metrics.joulesPerToken === 'number' ? adaptive(r.metrics.joulesPerToken) : '–') },
    ] : []),
    { title: 'bound', align: 'left', cell: (r) => oneLine(r.detail?.targetBound ?? '', 16) },
  ];
  const hardware: string[] = [];
  for (const r of report.results) if (!hardware.includes(r.hardware)) hardware.push(r.hardware);
  const out: string[] = [];
  for (const hw of hardware) {
    const rs = report.results.filter((r) => r.hardware === hw);
    const models = [...new Set(rs.map((r) => r.model))].map((m) => oneLine(m, 60)).join(', ');
    const devices = devicesText(rs);
    const rows = rs.map((r) => cols.map((c) => c.cell(r)));
    const widths = cols.map((c, i) => Math.max(c.title.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((s, i) => (cols[i]!.align === 'left' ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join('  ').trimEnd();
    if (out.length > 0) out.push('');
    out.push(`${oneLine(hw, 60)} · ${models}${devices ? ` · ${devices}` : ''}`);
    out.push(line(cols.map((c) => c.title)));
    let prevBatch: number | undefined;
    rs.forEach((r, i) => {
      // A blank-free separator: repeat the batch only where it changes.
      const cells = [...rows[i]!];
      const bi = cols.findIndex((c) => c.title === 'batch');
      if (r.batch === prevBatch && rateOf(r) === undefined) cells[bi] = '';
      prevBatch = r.batch;
      out.push(line(cells));
    });
  }
  return `${out.join('\n')}\n`;
}
