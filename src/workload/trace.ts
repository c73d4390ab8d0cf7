/** Trace workloads: a CSV of `arrival ms, prompt tokens, output tokens`, one request a row (an optional header row and `#` comments are skipped). */
import { INPUT_BYTES, readInputFile } from '../catalog/read-file.js';
import { oneLine, UserError } from '../errors.js';
import { LIMITS } from '../scenario/schema.js';

export interface TraceRow {
  arrivalMs: number;
  promptTokens: number;
  outputTokens: number;
}

export function parseTrace(text: string, where: string): TraceRow[] {
  const rows: TraceRow[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const s = line.trim();
    if (s === '' || s.startsWith('#')) return;
    const cells = s.split(',').map((c) => c.trim());
    // A header is the first line with no numeric cell; a bad first data row (`1.5ms,512,128`) is an error, not a header.
    const numeric = (c: string) => c !== '' && Number.isFinite(Number(c));
    if (rows.length === 0 && i === lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#')) && !cells.some(numeric)) return;
    if (cells.length !== 3) {
      throw new UserError(`row ${i + 1}: expected 3 columns (arrival ms, prompt tokens, output tokens), got ${cells.length}`, where);
    }
    // An empty cell is missing data, not 0.
    const [a, p, o] = cells.map((c) => (c === '' ? Number.NaN : Number(c))) as [number, number, number];
    if (!Number.isFinite(a) || a < 0) throw new UserError(`row ${i + 1}: arrival '${oneLine(cells[0] ?? '', 40)}' is not a time ≥ 0 in ms`, where);
    if (!Number.isInteger(p) || p < 1 || p > LIMITS.tokens) throw new UserError(`row ${i + 1}: prompt tokens '${oneLine(cells[1] ?? '', 40)}' is not an integer between 1 and ${LIMITS.tokens}`, where);
    if (!Number.isInteger(o) || o < 1 || o > LIMITS.tokens) throw new UserError(`row ${i + 1}: output tokens '${oneLine(cells[2] ?? '', 40)}' is not an integer between 1 and ${LIMITS.tokens}`, where);
    rows.push({ arrivalMs: a, promptTokens: p, outputTokens: o });
  });
  if (rows.length === 0) throw new UserError('the trace has no requests', where);
  return rows.sort((x, y) => x.arrivalMs - y.arrivalMs);
}

const cache = new Map<string, TraceRow[]>();

export function readTrace(path: string): TraceRow[] {
  let rows = cache.get(path);
  if (!rows) {
    let text: string;
    text = readInputFile(path, 'trace CSV', INPUT_BYTES.table);
    rows = parseTrace(text, path);
    cache.set(path, rows);
  }
  return rows;
}
