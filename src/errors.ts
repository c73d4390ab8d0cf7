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
  /** The one line the CLI prints. */
  line(): string {
    return this.where ? `specsim: ${this.message} (${this.where})` : `specsim: ${this.message}`;
  }
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The closest candidate to `word`, if one is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) { bestD = d; best = c; }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** "unknown model 'x'; did you mean 'y'? known: a, b, c" */
export function unknownId(what: string, id: string, known: readonly string[]): string {
  const hint = didYouMean(id, known);
  return `unknown ${what} '${id}'${hint ? `; did you mean '${hint}'?` : ''}; known: ${known.join(', ')}`;
}
