/**
 * `runScenarioParallel`: the points of a scenario (hardware × batch ×
 * method) simulated by `jobs` threads: this one and jobs − 1 workers. The report is
 * byte-identical whatever `jobs` is: memory is checked and the report is
 * assembled here, in report order, after all points are in; each point seeds
 * its own streams from the scenario seed and its identity.
 *
 * The worker entry is the built `parallel-worker.js` beside this module. When
 * this module runs from TypeScript sources (e.g. under vitest) there is no
 * such file to load, and the points run in this thread.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import type { Report } from '../report/types.js';
import type { PointOutcome } from '../sim/engine.js';
import { assembleReport, pointKey, prepareScenario, progressOf, runPrepared, simulateScenarioPoint, type PointId, type RunOptions } from './run.js';
import type { Scenario } from './schema.js';

export interface ParallelRunOptions extends RunOptions {
  /** Threads simulating: this one plus jobs − 1 workers; 1 runs every point here. Default: automatic (see `autoJobs`). */
  jobs?: number;
  /** false: this thread only collects (every point on a worker). For tests of the workers; default true. */
  mainThread?: boolean;
}

/**
 * Below this many simulated output tokens in all, a worker's start (it loads
 * the program: ~0.15 s of CPU) costs more than it saves on a 2-core machine:
 * `node dist/bench/worker-threshold.js` on an idle machine (8-point sweeps,
 * jobs 2 vs 1, three runs each) had two workers lose 4–10% at 25M tokens and
 * win 4–14% at 35M, 7% at 50M and 27% at 100M: the crossover is near 30M.
 */
export const WORKER_MIN_TOKENS = 32_000_000;

/**
 * The default: every core for a sweep of more than one point and at least
 * WORKER_MIN_TOKENS simulated tokens, else one thread.
 */
export function autoJobs(prep: ReturnType<typeof prepareScenario>): number {
  const cores = defaultJobs();
  if (prep.points.length <= 1) return 1;
  let tokens = 0;
  for (const p of prep.points) for (const r of prep.setups[p.hardware]!.plans[p.batch]!.requests) tokens += r.outputTokens;
  return tokens >= WORKER_MIN_TOKENS ? cores : 1;
}

/** What each worker gets once: the scenario, and the shared counter of points taken. */
export interface WorkerData {
  scenario: Scenario;
  seed: number;
  baseDir: string | undefined;
  where: string | undefined;
  points: PointId[];
  /** Int32Array over a SharedArrayBuffer: [0] is the next point index to take. */
  next: Int32Array;
}

export type WorkerReply =
  | { ok: true; point: PointId; outcome: PointOutcome }
  | { ok: false; point: PointId; message: string; where: string | undefined; user: boolean }
  | { done: true };

/** The default number of jobs: the machine's cores. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** The built worker entry, or undefined when running from TypeScript sources. */
export function workerEntry(): URL | undefined {
  const url = new URL('./parallel-worker.js', import.meta.url);
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * Every thread, this one included, takes the next point from a shared
 * counter until none is left (Atomics, no messages to hand out work), so a
 * worker that is still starting costs this thread nothing, and a small sweep
 * may finish here before any worker takes a point.
 */
export async function runScenarioParallel(scenario: Scenario, opts: ParallelRunOptions = {}): Promise<Report> {
  const entry = workerEntry();
  const prep = prepareScenario(scenario, opts); // memory checks fail fast, before any worker starts
  const jobs = Math.max(1, Math.floor(opts.jobs ?? autoJobs(prep)));
  const here = opts.mainThread !== false;
  const nWorkers = Math.min(here ? jobs - 1 : jobs, prep.points.length);
  if (nWorkers <= 0 || !entry) return runPrepared(prep, opts);

  const points = prep.points;
  const next = new Int32Array(new SharedArrayBuffer(4));
  const data: WorkerData = { scenario, seed: prep.seed, baseDir: opts.baseDir, where: opts.where, points, next };
  const outcomes = new Map<string, PointOutcome>();
  let done = 0;
  const finished = (p: PointId, outcome: PointOutcome): void => {
    outcomes.set(pointKey(p), outcome);
    if (p.method >= 0) opts.onProgress?.(progressOf(prep, p, ++done));
  };
  const workers = Array.from({ length: nWorkers }, () => new Worker(entry, { workerData: data }));
  try {
    const all = Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      w.on('message', (r: WorkerReply) => {
        if ('done' in r) resolve();
        else if (r.ok) finished(r.point, r.outcome);
        else reject(r.user ? new UserError(r.message, r.where) : new Error(r.message));
      });
      w.on('error', reject);
      w.on('exit', (code) => { if (code !== 0) reject(new Error(`a simulation worker exited with code ${code}`)); else resolve(); });
    })));
    let failed = false;
    all.catch(() => { failed = true; }); // rethrown by `await all` below
    if (here) {
      for (let k = Atomics.add(next, 0, 1); k < points.length && !failed; k = Atomics.add(next, 0, 1)) {
        const p = points[k]!;
        const within = opts.onProgress && p.method >= 0 ? (x: number) => opts.onProgress!(progressOf(prep, p, done + x)) : undefined;
        finished(p, simulateScenarioPoint(scenario, prep.setups[p.hardware]!, prep.seed, p, within));
        await new Promise<void>((r) => setImmediate(r)); // take in workers' replies (progress, failures)
      }
    }
    await all;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return assembleReport(prep, (p) => outcomes.get(pointKey(p))!);
}
