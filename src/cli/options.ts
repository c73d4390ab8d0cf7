/** Parsing of list-valued and numeric CLI options into checked values. */
import { z } from 'zod';
import { oneLine, UserError } from '../errors.js';
import { describeSchema } from '../zod-error.js';
import { LIMITS } from '../scenario/schema.js';

/**
 * "1,2,4" → [1, 2, 4]. `check` is the lowest integer allowed, or a field
 * schema from scenario/schema.ts (`FIELDS.batch`), so a flag accepts exactly
 * what the same key of a scenario file accepts, with the same words.
 */
export function parseIntList(value: string, flag: string, check: number | z.ZodType<number> = 1): number[] {
  const schema = typeof check === 'number' ? z.number().int().min(check) : check;
  const raw = value.split(',').map((s) => s.trim());
  if (raw.every((p) => p === '')) throw new UserError(`expected a comma-separated list of ${describeSchema(schema, true)}, got '${oneLine(value, 40)}'`, flag);
  if (raw.some((p) => p === '')) throw new UserError(`'${oneLine(value, 40)}' has an empty entry; separate values with single commas`, flag);
  if (raw.length > LIMITS.listEntries) throw new UserError(`a list of ${raw.length} values, above the limit of ${LIMITS.listEntries}`, flag);
  return raw.map((p) => {
    const n = parseDecimal(p);
    if (!schema.safeParse(n).success) throw new UserError(`'${oneLine(p, 40)}' is not ${describeSchema(schema)}`, flag);
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

export function parseInt1(value: string, flag: string, check: number | z.ZodType<number> = 1): number {
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
