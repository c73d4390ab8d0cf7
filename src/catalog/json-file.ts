/** Reading a user's JSON file with one-line errors that name the file, line and column. */
import { UserError } from '../errors.js';
import { INPUT_BYTES, readInputFile } from './read-file.js';

/** 1-based line and column of a 0-based character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Offset of the first syntax error in `text`, found by a small JSON scanner.
 * Node 20's `JSON.parse` gives a position for most errors but not for
 * "Unexpected token" ones, so we locate it ourselves. Undefined if the scanner
 * finds nothing wrong.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const n = text.length;
  class Stop { constructor(readonly at: number) {} }
  const ws = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (): never => { throw new Stop(i); };
  const literal = (word: string): void => {
    for (const ch of word) { if (text[i] !== ch) fail(); i++; }
  };
  const str = (): void => {
    if (text[i] !== '"') fail();
    i++;
    for (;;) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 34) { i++; return; }
      if (c < 0x20) fail();
      if (c === 92) {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) { if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) { i += k; fail(); } }
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i++;
        } else {
          fail();
        }
      } else {
        i++;
      }
    }
  };
  const digits = (): void => {
    if (!/[0-9]/.test(text[i] ?? '')) fail();
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const num = (): void => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++; else digits();
    if (text[i] === '.') { i++; digits(); }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws(); str(); ws();
        if (text[i] !== ':') fail();
        i++;
        value(); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        fail();
      }
    } else if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        fail();
      }
    } else if (c === '"') {
      str();
    } else if (c === 't') {
      literal('true');
    } else if (c === 'f') {
      literal('false');
    } else if (c === 'n') {
      literal('null');
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      num();
    } else {
      fail();
    }
  };
  try {
    value();
    ws();
    if (i < n) fail();
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return e.at;
    if (e instanceof RangeError) return undefined; // nesting deeper than the stack: fall back to JSON.parse's position
    throw e;
  }
}

/**
 * Parse JSON text; on a syntax error throw a `UserError` whose message gives
 * the line and column, e.g. `invalid JSON at line 3, column 5: Expected ',' or '}' after property value`.
 */
export function parseJsonText(text: string, where: string): unknown {
  // A UTF-8 byte-order mark is not JSON but editors write one.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    let offset = jsonErrorOffset(body);
    if (offset === undefined) {
      const m = /at position (\d+)/.exec(raw);
      offset = m ? Number(m[1]) : /end of JSON input/.test(raw) ? body.length : 0;
    }
    const { line, column } = lineColumn(body, offset);
    // Node 20 quotes the whole input in some messages; keep only the reason.
    const reason = raw
      .replace(/, ".*" is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '')
      .trim();
    throw new UserError(`invalid JSON at line ${line}, column ${column}: ${reason}`, where);
  }
}

/**
 * Read and parse a JSON file (at most 16 MB, a regular file, or `-` for
 * standard input when `stdin`); a missing file or bad JSON is a one-line UserError.
 */
export function readJsonFile(path: string, opts: { stdin?: boolean } = {}): unknown {
  return parseJsonText(readInputFile(path, 'JSON file', INPUT_BYTES.json, opts), path);
}
