/** Parsing of list-valued and numeric CLI options into checked values. */
import { UserError } from '../errors.js';

/** "1,2,4" → [1, 2, 4]; each a positive integer (or ≥ min). */
export function parseIntList(value: string, flag: string, min = 1): number[] {
  const parts = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (parts.length === 0) throw new UserError(`expected a comma-separated list of integers ≥ ${min}, got '${value}'`, flag);
  return parts.map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < min) throw new UserError(`'${p}' is not an integer ≥ ${min}`, flag);
    return n;
  });
}

export function parseInt1(value: string, flag: string, min = 1): number {
  return parseIntList(value, flag, min)[0]!;
}

export function parseList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

export function parseChoice<T extends string>(value: string, flag: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw new UserError(`'${value}' is not one of ${choices.join(', ')}`, flag);
  return value as T;
}

/** Print one JSON document (stable key order as built). */
export function printJson(doc: unknown): void {
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}
