/** Parsing of list-valued and numeric CLI options into checked values. */
import type { z } from '../zod.js';
import { oneLine, UserError } from '../errors.js';
import { LIST_ENTRIES, type IntRange } from '../limits.js';
import { describeSchema } from '../zod-error.js';

/** What a flag accepts: an integer range (limits.ts, no zod) or a field schema. */
type IntCheck = number | IntRange | z.ZodType<number>;

function isSchema(c: IntRange | z.ZodType<number>): c is z.ZodType<number> {
  return typeof (c as { safeParse?: unknown }).safeParse === 'function';
}

/** `an integer between 1 and 65536`, `integers ≥ 0`: the words describeSchema uses for the same zod schema. */
function describeRange(r: IntRange, plural: boolean): string {
  return `${plural ? 'integers' : 'an integer'} ${r.max !== undefined ? `between ${r.min} and ${r.max}` : `≥ ${r.min}`}`;
}

function checker(check: IntCheck): { accepts: (n: number) => boolean; describe: (plural: boolean) => string } {
  if (typeof check !== 'number' && isSchema(check)) {
    return { accepts: (n) => check.safeParse(n).success, describe: (plural) => describeSchema(check, plural) };
  }
  const r: IntRange = typeof check === 'number' ? { min: check } : check;
  return {
    accepts: (n) => Number.isSafeInteger(n) && n >= r.min && (r.max === undefined || n <= r.max),
    describe: (plural) => describeRange(r, plural),
  };
}

/**
 * "1,2,4" → [1, 2, 4]. `check` is the lowest integer allowed, a range from
 * limits.ts (`INT_FIELDS.batch`) or a field schema from scenario/schema.ts
 * (`FIELDS.batch`), so a flag accepts exactly what the same key of a
 * scenario file accepts, with the same words.
 */
export function parseIntList(value: string, flag: string, check: IntCheck = 1): number[] {
  const c = checker(check);
  const raw = value.split(',').map((s) => s.trim());
  if (raw.every((p) => p === '')) throw new UserError(`expected a comma-separated list of ${c.describe(true)}, got '${oneLine(value, 40)}'`, flag);
  if (raw.some((p) => p === '')) throw new UserError(`'${oneLine(value, 40)}' has an empty entry; separate values with single commas`, flag);
  if (raw.length > LIST_ENTRIES) throw new UserError(`a list of ${raw.length} values, above the limit of ${LIST_ENTRIES}`, flag);
  return raw.map((p) => {
    const n = parseDecimal(p);
    if (!c.accepts(n)) throw new UserError(`'${oneLine(p, 40)}' is not ${c.describe(false)}`, flag);
    return n;
  });
}

/**
 * A number written in decimal (`12`, `-0.5`, `1e6`); anything else
 * (`0x10`, `0b11`, `Infinity`, `1_000`, an empty string) is NaN, so that a
 * flag accepts what a JSON file would.
 */
export function parseDecimal(s: string): number {
  const t = s.trim();
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

export function parseInt1(value: string, flag: string, check: IntCheck = 1): number {
  const list = parseIntList(value, flag, check);
  if (list.length !== 1) throw new UserError(`expected one value, got ${list.length}`, flag);
  return list[0]!;
}

/** One decimal number checked by a field schema (e.g. `--temperature` against the scenario key's). */
export function parseNumber(value: string, flag: string, schema: z.ZodType<number>): number {
  const n = parseDecimal(value);
  if (!schema.safeParse(n).success) throw new UserError(`'${oneLine(value, 40)}' is not ${describeSchema(schema)}`, flag);
  return n;
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
