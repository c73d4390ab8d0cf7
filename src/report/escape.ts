/**
 * Labels from the user (scenario names, method labels, hardware and model
 * ids, file paths) made safe for each output format. Every writer that puts
 * such a label into a file or onto a terminal goes through one of these.
 * HTML uses `escapeHtml` (report/html.ts); SVG text is escaped by Vega.
 */
import { oneLine } from '../errors.js';

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break,
 * quotes doubled. A string that a spreadsheet would read as a formula
 * (leading `=`, `+`, `-`, `@`, tab or CR) gets a leading `'` (OWASP's advice);
 * numbers are written as numbers.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Text inside markdown (a table cell, a heading): on one line, with the
 * characters that would break a table (`|`), start markup (`*`, `[`, `` ` ``,
 * `\`) or open raw HTML (`<`, `>`, `&`) escaped, so a label shows as itself.
 */
export function mdText(s: string, max = 200): string {
  return oneLine(s, max)
    .replace(/[\\`*[\]|]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A label printed on a terminal: control characters and escape sequences shown escaped, on one line. */
export function termText(s: string, max = 120): string {
  return oneLine(s, max);
}

/**
 * An SVG (XML) document without the characters XML 1.0 forbids (C0 controls
 * other than tab and line breaks, U+FFFE/U+FFFF, lone surrogates): a label
 * holding one would make the file unreadable to a strict parser (a browser
 * opening the .svg). Each becomes U+FFFD.
 */
export function xmlSafe(svg: string): string {
  // eslint-disable-next-line no-control-regex
  return svg.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
