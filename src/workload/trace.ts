/**
 * Trace workloads: a CSV of `arrival ms, prompt tokens, output tokens`, one
 * request a row (an optional header row and `#` comments are skipped).
 * Separators: commas, or tabs or semicolons (as spreadsheets export); cells
 * may be quoted.
 */
import { INPUT_BYTES, readInputFile } from '../catalog/read-file.js';
import { oneLine, UserError } from '../errors.js';
import { LIMITS } from '../fields.js';

export interface TraceRow {
  arrivalMs: number;
  promptTokens: number;
  outputTokens: number;
}

/** Arrivals beyond ~115 days (10¹⁰ ms): later, the simulated clock (a double, in ms) loses the resolution latencies need. */
export const MAX_ARRIVAL_MS = LIMITS.arrivalMs;
/** Rows per trace: a million requests, as `requests` allows. */
export const MAX_TRACE_ROWS = 1_000_000;

/** The cells of one line: separated by `sep`, a cell in double quotes may hold `sep` and `""` for a quote. */
function splitCells(line: string, sep: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    while (line[i] === ' ' || (line[i] === '\t' && sep !== '\t')) i++;
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) break;
        if (line[i] === '"' && line[i + 1] === '"') { cell += '"'; i += 2; continue; }
        if (line[i] === '"') { i++; break; }
        cell += line[i++];
      }
      while (i < line.length && line[i] !== sep) cell += line[i++];
    } else {
      while (i < line.length && line[i] !== sep) cell += line[i++];
    }
    cells.push(cell.trim());
    if (i >= line.length) return cells;
    i++; // the separator
  }
}

/** The separator of a trace: a comma, else a tab or semicolon when the first data line holds one and no comma. */
function separatorOf(firstLine: string): string {
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes('\t')) return '\t';
  if (firstLine.includes(';')) return ';';
  return ',';
}

export function parseTrace(text: string, where: string): TraceRow[] {
  const rows: TraceRow[] = [];
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const sep = first >= 0 ? separatorOf(lines[first]!) : ',';
  const sepName = sep === ',' ? 'commas' : sep === '\t' ? 'tabs' : 'semicolons';
  lines.forEach((line, i) => {
    const s = line.trim();
    if (s === '' || s.startsWith('#')) return;
    const cells = splitCells(s, sep);
    // A header is the first line with no numeric cell; a bad first data row (`1.5ms,512,128`) is an error, not a header.
    const numeric = (c: string) => c !== '' && Number.isFinite(Number(c));
    if (rows.length === 0 && i === first && !cells.some(numeric)) return;
    if (cells.length !== 3) {
      throw new UserError(`row ${i + 1}: expected 3 columns separated by ${sepName} (arrival ms, prompt tokens, output tokens), got ${cells.length}`, where);
    }
    if (rows.length >= MAX_TRACE_ROWS) throw new UserError(`more than ${MAX_TRACE_ROWS} requests; split the trace`, where);
    // An empty cell is missing data, not 0; numbers are decimal (no 0x10).
    const num = (c: string) => (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(c) ? Number(c) : Number.NaN);
    const [a, p, o] = cells.map(num) as [number, number, number];
    if (!Number.isFinite(a) || a < 0 || a > MAX_ARRIVAL_MS) throw new UserError(`row ${i + 1}: arrival '${oneLine(cells[0] ?? '', 40)}' is not a time in ms between 0 and ${MAX_ARRIVAL_MS}`, where);
    if (!Number.isInteger(p) || p < 1 || p > LIMITS.tokens) throw new UserError(`row ${i + 1}: prompt tokens '${oneLine(cells[1] ?? '', 40)}' is not an integer between 1 and ${LIMITS.tokens}`, where);
    if (!Number.isInteger(o) || o < 1 || o > LIMITS.tokens) throw new UserError(`row ${i + 1}: output tokens '${oneLine(cells[2] ?? '', 40)}' is not an integer between 1 and ${LIMITS.tokens}`, where);
    rows.push({ arrivalMs: a, promptTokens: p, outputTokens: o });
  });
  if (rows.length === 0) throw new UserError('the trace has no requests (rows of arrival ms, prompt tokens, output tokens)', where);
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
