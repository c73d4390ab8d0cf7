/**
 * Errors a user can fix. The bin prints `specsim: <what> (<where>)` and exits 2;
 * anything else is an internal failure (exit 1).
 */
export class UserError extends Error {
  /** Where the bad input is: a file, a JSON path, a flag. */
  readonly where: string | undefined;
  constructor(what: string, where?: string) {
    super(what);
    this.name = 'UserError';
    this.where = where;
  }
  /** The one line the CLI prints: control characters escaped, each part capped in length, so it is always one line. */
  line(): string {
    const what = oneLine(this.message, MAX_WHAT_CHARS);
    return this.where ? `specsim: ${what} (${oneLine(this.where, MAX_WHERE_CHARS)})` : `specsim: ${what}`;
  }
}

/**
 * The run was interrupted (SIGINT, SIGTERM) while writing: the previous
 * report is intact. The bin exits 128 + the signal number (130, 143), as a
 * shell does for a process killed by that signal.
 */
export class Interrupted extends Error {
  readonly exitCode: number;
  constructor(readonly signal: NodeJS.Signals, what: string) {
    super(what);
    this.name = 'Interrupted';
    this.exitCode = 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : signal === 'SIGHUP' ? 1 : 0);
  }
}

/** Caps on the parts of an error line: a 1 MB id or path in a hand-edited file must not flood the terminal. */
const MAX_WHAT_CHARS = 2000;
const MAX_WHERE_CHARS = 400;

/**
 * `s` with newlines and other control characters escaped (C0, DEL, C1 such as
 * the one-byte CSI, line separators, and the bidirectional overrides that
 * reorder what a terminal shows), cut to `max` characters (with an ellipsis).
 */
export function oneLine(s: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A user's value, shown briefly in an error: `'abc'`, `0`, `[1,2]`, `an object`, cut to a few dozen characters. */
export function showValue(v: unknown, max = 40): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `'${oneLine(v, max)}'`;
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    let json: string | undefined;
    try { json = JSON.stringify(v); } catch { json = undefined; }
    return json !== undefined && json.length <= max ? json : `a list of ${v.length}`;
  }
  if (typeof v === 'object') {
    let json: string | undefined;
    try { json = JSON.stringify(v); } catch { json = undefined; }
    return json !== undefined && json.length <= max ? json : 'an object';
  }
  return typeof v;
}

/** Edit distance with adjacent transpositions (optimal string alignment), for "did you mean" hints: 'nmae' is one edit from 'name'. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate to `word`, if one is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 64) return undefined; // no typo of a short id; keeps the quadratic distance cheap
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) { bestD = d; best = c; }
  }
  return best !== undefined && bestD < word.length && bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** "unknown model 'x'; did you mean 'y'? known: a, b, c" */
export function unknownId(what: string, id: string, known: readonly string[]): string {
  const hint = didYouMean(id, known);
  return `unknown ${what} '${oneLine(id, 60)}'${hint ? `; did you mean '${hint}'?` : ''}; known: ${known.join(', ')}`;
}
