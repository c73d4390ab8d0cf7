/**
 * Step-latency measurements (the format of data/calibration/h100-measurements*.jsonl): one JSON
 * object per line. `model` rows carry the shapes the `decode` rows refer to.
 */
import { INPUT_BYTES, readInputFile } from '../catalog/read-file.js';
import { z } from '../zod.js';
import { showValue, UserError } from '../errors.js';
import { zodToUserError } from '../zod-error.js';
import type { ModelSpec } from '../catalog/model-schema.js';

/**
 * One step: `decode` / `decode_eager` (q new tokens over ctx cached; a chain
 * verify when q > 1), `prefill` (prompts of q tokens), `tree` (q tree nodes
 * with a boolean mask), `medusa` (`heads` Medusa-1 heads over q tokens), `eagle`
 * (the EAGLE drafter of `model`). Written by tools/measure-gpu.py.
 */
export interface StepMeasurement {
  kind: 'decode' | 'decode_eager' | 'prefill' | 'tree' | 'medusa' | 'eagle';
  model: string;
  heads?: number;
  batch: number;
  q: number;
  ctx: number;
  ms: number;
}

export interface GemmMeasurement { kind: 'gemm' | 'gemm_skinny'; m: number; n: number; k: number; ms: number }
export interface CopyMeasurement { kind: 'copy'; bytes_moved: number; ms: number; GBps: number }

export interface MeasurementSet {
  models: Map<string, ModelSpec>;
  steps: StepMeasurement[];
  gemms: GemmMeasurement[];
  copies: CopyMeasurement[];
}

const count = z.number().int().min(1);
const positive = z.number().positive();
/** The rows specsim reads; other kinds (`device`, …) are informational and skipped. */
const ModelRowSchema = z.object({ kind: z.literal('model'), model: z.string().min(1), shape: z.tuple([count, count, count, count, count, count]) });
const StepRowSchema = z.object({ kind: z.enum(['decode', 'decode_eager', 'prefill', 'tree', 'eagle']), model: z.string().min(1), batch: count, q: count, ctx: z.number().int().min(0), ms: positive });
const MedusaRowSchema = z.object({ kind: z.literal('medusa'), model: z.string().min(1), heads: count, batch: count, q: count, ms: positive });
const GemmRowSchema = z.object({ kind: z.enum(['gemm', 'gemm_skinny']), m: count, n: count, k: count, ms: positive });
const CopyRowSchema = z.object({ kind: z.literal('copy'), bytes_moved: positive, ms: positive, GBps: positive });
const SCHEMAS: Record<string, z.ZodType> = {
  model: ModelRowSchema, decode: StepRowSchema, decode_eager: StepRowSchema, prefill: StepRowSchema, tree: StepRowSchema, eagle: StepRowSchema,
  medusa: MedusaRowSchema, gemm: GemmRowSchema, gemm_skinny: GemmRowSchema, copy: CopyRowSchema,
};

/** A model row's shape = [hidden, layers, heads, kv_heads, intermediate, vocab]. */
function modelFromRow(row: z.infer<typeof ModelRowSchema>): ModelSpec {
  const [hidden, layers, heads, kvHeads, intermediate, vocab] = row.shape;
  return { id: row.model, name: row.model, source: 'calibration measurements', kind: 'decoder', hidden, layers, heads, kvHeads, intermediate, vocab, tiedEmbeddings: false };
}

function readText(path: string): string {
  return readInputFile(path, 'JSONL file of measurements', INPUT_BYTES.table, { stdin: true });
}

/**
 * Read a measurement file. Every row is checked: the first bad one is the
 * error (`<what> (<file>:<line>)`, one line), with a count of any further bad rows.
 */
export function loadMeasurements(path: string): MeasurementSet {
  const text = readText(path);
  const set: MeasurementSet = { models: new Map(), steps: [], gemms: [], copies: [] };
  const bad: { line: number; error: UserError }[] = [];
  const stepLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${path}:${i + 1}`;
    const fail = (what: string): void => { bad.push({ line: i + 1, error: new UserError(what, where) }); };
    let raw: unknown;
    try { raw = JSON.parse(line); } catch { fail('invalid JSON line'); return; }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) { fail(`a row must be a JSON object, got ${showValue(raw)}`); return; }
    const kind = (raw as Record<string, unknown>).kind;
    if (typeof kind !== 'string') { fail(`row has no 'kind' (a string such as 'model', 'decode' or 'gemm'), got ${showValue(kind)}`); return; }
    // Own keys only: a row whose kind is 'constructor' or '__proto__' must not find Object.prototype's.
    const schema = Object.hasOwn(SCHEMAS, kind) ? SCHEMAS[kind] : undefined;
    if (!schema) return; // device rows and unknown kinds are informational
    const r = schema.safeParse(raw);
    if (!r.success) { fail(`${kind} row: ${zodToUserError(r.error, where, schema, raw).message}`); return; }
    const row = r.data as Record<string, unknown>;
    switch (kind) {
      case 'model': set.models.set(row.model as string, modelFromRow(row as z.infer<typeof ModelRowSchema>)); break;
      case 'gemm': case 'gemm_skinny': set.gemms.push(row as unknown as GemmMeasurement); break;
      case 'copy': set.copies.push(row as unknown as CopyMeasurement); break;
      case 'medusa': set.steps.push({ ...(row as unknown as StepMeasurement), ctx: 0 }); stepLines.push(i + 1); break;
      default: set.steps.push(row as unknown as StepMeasurement); stepLines.push(i + 1); break;
    }
  });
  set.steps.forEach((s, j) => {
    const line = stepLines[j]!;
    if (!set.models.has(s.model)) bad.push({ line, error: new UserError(`${s.kind} row refers to model '${s.model}' with no model row`, `${path}:${line}`) });
  });
  bad.sort((a, b) => a.line - b.line);
  const first = bad[0]?.error;
  if (first) throw bad.length === 1 ? first : new UserError(`${first.message}; ${bad.length - 1} more bad row${bad.length === 2 ? '' : 's'} after it`, first.where);
  if (set.steps.length === 0 && set.gemms.length === 0) throw new UserError('no step or GEMM measurement rows to compare with', path);
  return set;
}

/** Several measurement files as one set (e.g. `--data a.jsonl,b.jsonl`); a model id defined twice must have one shape. */
export function loadMeasurementFiles(paths: readonly string[]): MeasurementSet {
  const set: MeasurementSet = { models: new Map(), steps: [], gemms: [], copies: [] };
  for (const path of paths) {
    const one = loadMeasurements(path);
    for (const [id, m] of one.models) {
      const had = set.models.get(id);
      if (had && JSON.stringify(had) !== JSON.stringify(m)) throw new UserError(`model '${id}' has another shape in an earlier --data file`, path);
      set.models.set(id, m);
    }
    set.steps.push(...one.steps);
    set.gemms.push(...one.gemms);
    set.copies.push(...one.copies);
  }
  return set;
}
