/**
 * Step-latency measurements (the format of shared/calibration/h100): one JSON
 * object per line. `model` rows carry the shapes the `decode` rows refer to.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import type { ModelSpec } from '../catalog/model-schema.js';

export interface StepMeasurement {
  kind: 'decode' | 'decode_eager' | 'prefill';
  model: string;
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

/** A model row's shape = [hidden, layers, heads, kv_heads, intermediate, vocab]. */
function modelFromRow(row: { model: string; shape: number[] }): ModelSpec {
  const [hidden, layers, heads, kvHeads, intermediate, vocab] = row.shape as [number, number, number, number, number, number];
  return { id: row.model, name: row.model, source: 'calibration measurements', kind: 'decoder', hidden, layers, heads, kvHeads, intermediate, vocab, tiedEmbeddings: false };
}

export function loadMeasurements(path: string): MeasurementSet {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch { throw new UserError('no such file', path); }
  const set: MeasurementSet = { models: new Map(), steps: [], gemms: [], copies: [] };
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let row: Record<string, unknown>;
    try { row = JSON.parse(line) as Record<string, unknown>; } catch { throw new UserError('invalid JSON line', `${path}:${i + 1}`); }
    switch (row.kind) {
      case 'model': set.models.set(row.model as string, modelFromRow(row as { model: string; shape: number[] })); break;
      case 'decode': case 'decode_eager': case 'prefill': set.steps.push(row as unknown as StepMeasurement); break;
      case 'gemm': case 'gemm_skinny': set.gemms.push(row as unknown as GemmMeasurement); break;
      case 'copy': set.copies.push(row as unknown as CopyMeasurement); break;
      default: break; // device rows and unknown kinds are informational
    }
  });
  for (const s of set.steps) if (!set.models.has(s.model)) throw new UserError(`step row refers to model '${s.model}' with no model row`, path);
  return set;
}
