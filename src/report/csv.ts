/** `results.csv`: one row per Result, metrics flattened (tpotMs.mean → tpotMs_mean). */
import { csvCell } from './escape.js';
import type { Report, Result } from './types.js';

function flatten(prefix: string, v: unknown, out: [string, unknown][]): void {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatten(prefix ? `${prefix}_${k}` : k, x, out);
  } else out.push([prefix, v]);
}

function row(r: Result): [string, unknown][] {
  const out: [string, unknown][] = [['hardware', r.hardware], ['model', r.model], ['method', r.method], ['batch', r.batch]];
  if (r.rate !== undefined) out.push(['rate', r.rate]);
  flatten('', r.metrics, out);
  const d = r.detail;
  out.push(['kind', d?.kind ?? ''], ['devices', d?.devices ?? ''], ['targetStepMs', d?.targetStepMs ?? ''], ['targetBound', d?.targetBound ?? ''], ['draftMsPerStep', d?.draftMsPerStep ?? '']);
  return out;
}


export function resultsCsv(report: Report): string {
  const rows = report.results.map(row);
  const header = rows[0]?.map(([k]) => k) ?? ['hardware', 'model', 'method', 'batch'];
  return [header.map(csvCell).join(','), ...rows.map((r) => r.map(([, v]) => csvCell(v)).join(','))].join('\n') + '\n';
}
