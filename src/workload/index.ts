/**
 * Workloads: the requests a point serves. `closed`: `requests` requests with
 * concurrency = batch (a finished request is replaced at once; arrival times
 * are set by the engine). `poisson`: exponential inter-arrivals at `rate`/s,
 * running batch capped by min(batch, maxBatch). `trace`: rows of a CSV.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Workload } from './schema.js';
import { exponential, stream } from '../sim/rng.js';
import { lengthBound, sampleLength } from './lengths.js';
import { readTrace } from './trace.js';

export interface RequestSpec {
  /** Arrival (ms); for closed workloads set by the engine when a slot frees. */
  arrivalMs: number;
  promptTokens: number;
  outputTokens: number;
}

export interface WorkloadPlan {
  closed: boolean;
  /** Largest running batch. */
  maxBatch: number;
  /** In arrival order. */
  requests: RequestSpec[];
  /** Tokens per sequence the KV cache must hold (prompt + output bound). */
  maxContextTokens: number;
}

/**
 * The requests of one point. Streams: lengths and arrivals from (seed,
 * subsystem) alone, so every method, hardware and batch serves the same
 * requests (common random numbers: speedups and batch sweeps compare like with
 * like; for open workloads the batch is only a cap on the same arrivals).
 */
/** The rates a Poisson workload sweeps (`rate` a list), or undefined (one rate, or another kind). */
export function rateSweep(w: Workload): readonly number[] | undefined {
  return w.kind === 'poisson' && Array.isArray(w.rate) ? w.rate : undefined;
}

/**
 * The requests of one point at `batch` (and, for a Poisson rate sweep, at
 * `rate` requests/s; default the workload's first rate). Arrivals at every
 * rate come from the same uniform draws (exponential gaps scaled by 1/rate),
 * so a sweep compares like with like.
 */
export function planWorkload(w: Workload, batch: number, seed: number, baseDir = '.', rate?: number): WorkloadPlan {
  if (w.kind === 'trace') {
    const rows = readTrace(isAbsolute(w.file) ? w.file : resolve(baseDir, w.file));
    return {
      closed: false,
      maxBatch: Math.min(batch, w.maxBatch ?? batch),
      requests: rows.map((r) => ({ ...r })),
      maxContextTokens: longest(rows),
    };
  }
  const lengths = stream(seed, 'lengths');
  const perS = w.kind === 'poisson' ? rate ?? (typeof w.rate === 'number' ? w.rate : w.rate[0]!) : 0;
  const requests: RequestSpec[] = [];
  const arrivals = stream(seed, 'arrivals');
  let t = 0;
  for (let i = 0; i < w.requests; i++) {
    const promptTokens = sampleLength(w.promptTokens, lengths);
    const outputTokens = sampleLength(w.outputTokens, lengths);
    if (w.kind === 'poisson') t += exponential(arrivals, 1000 / perS);
    requests.push({ arrivalMs: w.kind === 'poisson' ? t : 0, promptTokens, outputTokens });
  }
  const bound = lengthBound(w.promptTokens) + lengthBound(w.outputTokens);
  const observed = longest(requests);
  return {
    closed: w.kind === 'closed',
    maxBatch: w.kind === 'poisson' ? Math.min(batch, w.maxBatch ?? batch) : batch,
    requests,
    maxContextTokens: Math.max(bound, observed),
  };
}

/** The largest prompt + output of `rows` (a loop: spreading 100k+ arguments into Math.max overflows the stack). */
function longest(rows: readonly { promptTokens: number; outputTokens: number }[]): number {
  let m = -Infinity;
  for (const r of rows) m = Math.max(m, r.promptTokens + r.outputTokens);
  return m;
}
