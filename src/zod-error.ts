/**
 * Turning a zod failure into the one line the CLI prints:
 * `<field> must be <allowed values or range>, got <value>` with the file and
 * the JSON path as the "where". The allowed values, ranges and known keys are
 * read from the schema itself (walking it along the issue's path, narrowing
 * unions by the document's values), so no message or key list is written by
 * hand and none can drift from the schema.
 */
import type { z } from './zod.js';
import { didYouMean, oneLine, showValue, UserError } from './errors.js';

type Schema = z.core.$ZodType;
type Path = readonly PropertyKey[];
interface Def { type: string; [k: string]: unknown }
interface Check { check: string; value?: unknown; inclusive?: boolean; format?: string; minimum?: number; maximum?: number; length?: number }

/** `$.methods[1].gamma` for a zod issue path. */
export function jsonPath(path: Path): string {
  let s = '$';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return s;
}

function def(s: Schema): Def {
  return s._zod.def as unknown as Def;
}

function checks(s: Schema): Check[] {
  const cs = (def(s).checks as { _zod: { def: Check } }[] | undefined) ?? [];
  return cs.map((c) => c._zod.def);
}

/** The schema inside optional/default/pipe/lazy wrappers. */
function unwrap(s: Schema): Schema {
  for (let i = 0; i < 20; i++) {
    const d = def(s);
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional', 'success'].includes(d.type)) s = d.innerType as Schema;
    else if (d.type === 'pipe') s = d.in as Schema;
    else if (d.type === 'lazy') s = (d.getter as () => Schema)();
    else return s;
  }
  return s;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Could `value` be meant for schema `s`? (Same JSON type, and literal keys such as `kind`/`dist` agree.) */
function plausible(s: Schema, value: unknown): boolean {
  const u = unwrap(s);
  const d = def(u);
  switch (d.type) {
    case 'number': case 'int': return typeof value === 'number';
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'array': case 'tuple': return Array.isArray(value);
    case 'literal': return (d.values as unknown[]).includes(value);
    case 'enum': return Object.values(d.entries as Record<string, unknown>).includes(value);
    case 'record': return isPlainObject(value);
    case 'object': {
      if (!isPlainObject(value)) return false;
      const shape = d.shape as Record<string, Schema>;
      return Object.entries(shape).every(([k, sub]) => {
        const sd = def(unwrap(sub));
        return sd.type !== 'literal' || !(k in value) || (sd.values as unknown[]).includes(value[k]);
      });
    }
    case 'union': return (d.options as Schema[]).some((o) => plausible(o, value));
    default: return true;
  }
}

/** The options of a union that fit `value` (all of them when none does). */
function narrow(options: Schema[], value: unknown): Schema[] {
  const fit = options.filter((o) => plausible(o, value));
  return fit.length > 0 ? fit : options;
}

/** The schemas a value at `path` of `doc` is checked against (several when a union cannot be narrowed). */
export function schemasAt(root: Schema, path: Path, doc: unknown, expandLast = true): Schema[] {
  let current: Schema[] = [root];
  let value = doc;
  const expand = (ss: Schema[], v: unknown): Schema[] => ss.flatMap((s) => {
    const u = unwrap(s);
    return def(u).type === 'union' ? expand(narrow(def(u).options as Schema[], v), v) : [u];
  });
  for (const key of path) {
    const next: Schema[] = [];
    for (const s of expand(current, value)) {
      const d = def(s);
      if (d.type === 'object' && typeof key === 'string') {
        const sub = (d.shape as Record<string, Schema>)[key];
        if (sub) next.push(sub);
      } else if (d.type === 'array' && typeof key === 'number') {
        next.push(d.element as Schema);
      } else if (d.type === 'tuple' && typeof key === 'number') {
        const sub = (d.items as Schema[])[key];
        if (sub) next.push(sub);
      } else if (d.type === 'record') {
        next.push(d.valueType as Schema);
      }
    }
    current = next;
    value = isPlainObject(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[key as string] : undefined;
    if (current.length === 0) return [];
  }
  return expandLast ? expand(current, value) : current.map(unwrap);
}

/** The keys an object at `path` may have (for "did you mean" on an unknown key), read from the schema's shape. */
export function knownKeysAt(root: Schema, path: Path, doc: unknown): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(root, path, doc)) {
    const d = def(s);
    if (d.type === 'object') for (const k of Object.keys(d.shape as object)) keys.add(k);
  }
  return [...keys];
}

function valueAt(doc: unknown, path: Path): unknown {
  let v = doc;
  for (const k of path) {
    if (!(isPlainObject(v) || Array.isArray(v))) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k as string];
  }
  return v;
}

function hasKey(doc: unknown, path: Path): boolean {
  const parent = valueAt(doc, path.slice(0, -1));
  const key = path[path.length - 1];
  return (isPlainObject(parent) || Array.isArray(parent)) && key !== undefined && Object.prototype.hasOwnProperty.call(parent, key);
}

const fmt = (n: unknown): string => String(n);

/** Lower and upper bounds of a number schema. */
function bounds(s: Schema): { int: boolean; min?: { v: number; incl: boolean }; max?: { v: number; incl: boolean } } {
  const out: ReturnType<typeof bounds> = { int: def(s).type === 'int' };
  for (const c of checks(s)) {
    if (c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32' || c.format === 'uint32')) out.int = true;
    if (c.check === 'greater_than') out.min = { v: Number(c.value), incl: Boolean(c.inclusive) };
    if (c.check === 'less_than') out.max = { v: Number(c.value), incl: Boolean(c.inclusive) };
  }
  // For integers, "> 0" reads better as "≥ 1".
  if (out.int && out.min && !out.min.incl && Number.isInteger(out.min.v)) out.min = { v: out.min.v + 1, incl: true };
  if (out.int && out.max && !out.max.incl && Number.isInteger(out.max.v)) out.max = { v: out.max.v - 1, incl: true };
  return out;
}

function range(s: Schema, which: 'both' | 'min' | 'max'): string {
  const b = bounds(s);
  const lo = b.min ? `${b.min.incl ? '≥' : '>'} ${fmt(b.min.v)}` : '';
  const hi = b.max ? `${b.max.incl ? '≤' : '<'} ${fmt(b.max.v)}` : '';
  if (b.min && b.max && (which === 'both' || b.max.v - b.min.v <= 1)) {
    return b.min.incl && b.max.incl ? `between ${fmt(b.min.v)} and ${fmt(b.max.v)}` : `${lo} and ${hi}`;
  }
  if (which === 'max') return hi || lo;
  if (which === 'min') return lo || hi;
  return lo || hi;
}

const PLURAL: Record<string, string> = { 'an integer': 'integers', 'a number': 'numbers', 'a string': 'strings', 'an object': 'objects', 'a list': 'lists', 'a non-empty string': 'non-empty strings' };

/** What a schema accepts, in words: `an integer ≥ 1`, `a number between 0 and 1`, `one of bf16, fp16`, `a list of integers ≥ 1`. */
export function describeSchema(schema: Schema, plural = false, bound: 'both' | 'min' | 'max' = 'both'): string {
  const s = unwrap(schema);
  const d = def(s);
  const noun = (one: string): string => (plural ? PLURAL[one] ?? one : one);
  switch (d.type) {
    case 'number': case 'int': {
      const r = range(s, bound);
      return `${noun(bounds(s).int ? 'an integer' : 'a number')}${r ? ` ${r}` : ''}`;
    }
    case 'string': return noun(checks(s).some((c) => c.check === 'min_length' && (c.minimum ?? 0) > 0) ? 'a non-empty string' : 'a string');
    case 'boolean': return 'true or false';
    case 'literal': return (d.values as unknown[]).map((v) => JSON.stringify(v)).join(' or ');
    case 'enum': return `one of ${Object.values(d.entries as object).join(', ')}`;
    case 'array': return `${noun('a list')} of ${describeSchema(d.element as Schema, true)}`;
    case 'tuple': return `${noun('a list')} of ${(d.items as Schema[]).length} ${describeSchema((d.items as Schema[])[0]!, true)}`;
    case 'record': return noun('an object');
    case 'object': {
      const lit = Object.entries(d.shape as Record<string, Schema>).find(([, v]) => def(unwrap(v)).type === 'literal');
      return lit ? `${noun('an object')} with ${lit[0]} ${describeSchema(lit[1])}` : noun('an object');
    }
    case 'union': {
      const opts = d.options as Schema[];
      const disc = d.discriminator as string | undefined;
      if (disc) {
        const vals = opts.flatMap((o) => (def(unwrap(o)).shape as Record<string, Schema> | undefined)?.[disc] ?? []).flatMap((v) => def(unwrap(v)).values as unknown[]);
        return `${noun('an object')} with ${disc} one of ${vals.join(', ')}`;
      }
      const objs = opts.filter((o) => def(unwrap(o)).type === 'object');
      const rest = opts.filter((o) => def(unwrap(o)).type !== 'object').map((o) => describeSchema(o, plural));
      if (objs.length > 1) {
        const lits = objs.map((o) => Object.entries(def(unwrap(o)).shape as Record<string, Schema>).find(([, v]) => def(unwrap(v)).type === 'literal'));
        const key = lits[0]?.[0];
        if (key && lits.every((l) => l?.[0] === key)) {
          rest.push(`${noun('an object')} with ${key} one of ${lits.flatMap((l) => def(unwrap(l![1])).values as unknown[]).join(', ')}`);
          return rest.join(', or ');
        }
      }
      return [...rest, ...objs.map((o) => describeSchema(o, plural))].join(', or ');
    }
    default: return d.type;
  }
}

/** `batch[2]`, `alpha`, `methods[1]`: the last key of a path with the indices after it. */
function fieldName(path: Path): string {
  let i = path.length - 1;
  while (i >= 0 && typeof path[i] === 'number') i--;
  if (i < 0) return path.length === 0 ? 'the document' : `item${path.map((p) => `[${String(p)}]`).join('')}`;
  return `${String(path[i])}${path.slice(i + 1).map((p) => `[${String(p)}]`).join('')}`;
}

function typeOfValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  return typeof v;
}

interface Ctx { schema?: Schema; doc?: unknown }

/** One human sentence (and its path) for one zod issue. */
function explain(issue: z.core.$ZodIssue, base: Path, ctx: Ctx, all: readonly z.core.$ZodIssue[]): { what: string; path: Path } {
  const path: Path = [...base, ...issue.path];
  const hasDoc = 'doc' in ctx;
  const value = hasDoc ? valueAt(ctx.doc, path) : issue.input;
  const name = fieldName(path);
  const schemas = ctx.schema ? schemasAt(ctx.schema, path, ctx.doc) : [];
  const target = schemas.length === 1 ? schemas[0] : undefined;
  const got = `, got ${showValue(value)}`;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const known = ctx.schema ? knownKeysAt(ctx.schema, path, ctx.doc) : [];
      const hint = didYouMean(key, known);
      const more = issue.keys.length > 1 ? ` (and ${issue.keys.length - 1} more)` : '';
      return {
        what: `unknown key '${oneLine(key, 60)}'${more}${hint ? `; did you mean '${hint}'?` : ''}${known.length ? `; allowed here: ${known.join(', ')}` : ''}`,
        path: [...path, key],
      };
    }
    case 'invalid_union': {
      if ('note' in issue && issue.note === 'No matching discriminator') {
        const disc = 'discriminator' in issue ? String(issue.discriminator) : String(path[path.length - 1] ?? 'kind');
        const options = ('options' in issue && Array.isArray(issue.options) ? issue.options : []).map(String);
        const list = `expected one of ${options.join(', ')}`;
        if (value === undefined) return { what: `missing '${disc}'; ${list}`, path };
        const hint = typeof value === 'string' ? didYouMean(value, options) : undefined;
        return { what: `unknown ${disc} ${showValue(value)}${hint ? `; did you mean '${hint}'?` : ''}; ${list}`, path };
      }
      // A plain union (a length is a number or a distribution): explain the branch the value was meant for, if exactly one fits.
      const missing = value === undefined && !(hasDoc && hasKey(ctx.doc, path));
      const unions = ctx.schema ? schemasAt(ctx.schema, path, ctx.doc, false).filter((u) => def(u).type === 'union') : [];
      const union = unions.length === 1 ? unions[0] : undefined;
      const options = union ? (def(union).options as Schema[]) : [];
      const fits = options.map((o, i) => ({ o, i })).filter(({ o }) => plausible(o, value));
      const branch = fits.length === 1 && !missing ? issue.errors[fits[0]!.i] : undefined;
      if (branch && branch[0]) return explain(branch[0], path, ctx, branch);
      // An object whose tag (`dist`) names no option: say which tags exist.
      if (isPlainObject(value)) {
        const tags = options.map((o) => def(unwrap(o))).filter((d) => d.type === 'object')
          .map((d) => Object.entries(d.shape as Record<string, Schema>).find(([, v]) => def(unwrap(v)).type === 'literal'));
        const key = tags[0]?.[0];
        if (key && tags.every((t) => t?.[0] === key) && key in value) {
          const vals = tags.flatMap((t) => def(unwrap(t![1])).values as unknown[]).map(String);
          const v = value[key];
          const hint = typeof v === 'string' ? didYouMean(v, vals) : undefined;
          return { what: `unknown ${key} ${showValue(v)}${hint ? `; did you mean '${hint}'?` : ''}; expected one of ${vals.join(', ')}`, path: [...path, key] };
        }
      }
      if (missing) return { what: `missing required field '${String(path[path.length - 1] ?? name)}' (${union ? describeSchema(union) : 'see scenarios/schema.json'})`, path };
      return { what: `${name} must be ${union ? describeSchema(union) : 'a valid value'}${got}`, path };
    }
    case 'invalid_type': {
      const whole = target ? [] : ctx.schema ? schemasAt(ctx.schema, path, ctx.doc, false) : [];
      const expected = target ? describeSchema(target) : whole.length === 1 ? describeSchema(whole[0]!) : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
      if (value === undefined && !(hasDoc && hasKey(ctx.doc, path))) {
        const key = String(path[path.length - 1] ?? name);
        const siblings = all.filter((o) => o !== issue && o.code === 'invalid_type' && o.path.length === issue.path.length
          && o.path.slice(0, -1).every((p, i) => p === issue.path[i]) && valueAt(ctx.doc, [...base, ...o.path]) === undefined)
          .map((o) => String(o.path[o.path.length - 1]));
        return { what: `missing required field '${key}' (${expected})${siblings.length ? `; also missing: ${siblings.join(', ')}` : ''}`, path };
      }
      if (path.length === 0) return { what: `the file must hold ${expected}, got ${typeOfValue(value)}`, path };
      return { what: `${name} must be ${expected}${typeof value === 'number' && !Number.isFinite(value) ? `, got ${String(value)}` : got}`, path };
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        const what = target ? describeSchema(target, false, small ? 'min' : 'max') : `${small ? '≥' : '≤'} ${fmt(issue.code === 'too_small' ? issue.minimum : issue.maximum)}`;
        return { what: `${name} must be ${what}${got}`, path };
      }
      const n = Number(small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum);
      const count = Array.isArray(value) ? value.length : typeof value === 'string' ? value.length : undefined;
      const unit = issue.origin === 'string' ? 'character' : 'entry';
      const units = (k: number): string => (unit === 'character' ? `${k} character${k === 1 ? '' : 's'}` : `${k} ${k === 1 ? 'entry' : 'entries'}`);
      if (small && n === 1 && count === 0) return { what: `${name} must not be empty${issue.origin === 'array' && target ? `; give at least one: ${describeSchema(def(unwrap(target)).element as Schema)}` : ''}`, path };
      return { what: `${name} must have ${small ? 'at least' : 'at most'} ${units(n)}${count !== undefined ? `, got ${count}` : ''}`, path };
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      if (values.length === 1) return { what: `${name} must be ${JSON.stringify(issue.values[0])}${got}`, path };
      const hint = typeof value === 'string' ? didYouMean(value, values) : undefined;
      return { what: `${name} must be one of ${values.join(', ')}${got}${hint ? `; did you mean '${hint}'?` : ''}`, path };
    }
    case 'invalid_format':
      return { what: `${issue.message.replace(/^Invalid input: /, '').replace(/^Invalid string: /, `${name} `)}${got}`, path };
    default:
      return { what: issue.message.replace(/^Invalid input: /, ''), path };
  }
}

/**
 * One line for the first issue of a zod error: what is wrong, where, and the
 * allowed values. Give the `schema` that failed and the `doc` it was given to
 * get ranges, allowed keys and the offending value in the message.
 */
export function zodToUserError(err: z.ZodError, file: string, schema?: z.ZodType, doc?: unknown): UserError {
  const ctx: Ctx = schema ? { schema, doc } : {};
  // A misspelt key also makes the right one "missing": report the misspelling, which has the hint.
  const issue = err.issues.find((i) => i.code === 'unrecognized_keys') ?? err.issues[0];
  if (!issue) return new UserError('invalid input', file);
  const { what, path } = explain(issue, [], ctx, err.issues);
  return new UserError(what, `${file} at ${jsonPath(path)}`);
}
