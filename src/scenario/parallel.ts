/**
 * `runScenarioParallel`: the points of a scenario (hardware × batch ×
 * method) simulated on worker threads, `jobs` at a time. The report is
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
import { assembleReport, pointKey, prepareScenario, progressOf, runPrepared, type PointId, type RunOptions } from './run.js';
import type { Scenario } from './schema.js';

export interface ParallelRunOptions extends RunOptions {
  /** Worker threads; 1 runs every point in this thread. Default: automatic (see `autoJobs`). */
  jobs?: number;
}

/**
 * Below this many simulated output tokens in all, starting workers (each
 * loads the program, ~0.3 s) costs more than it saves: run in this thread.
 */
export const WORKER_MIN_TOKENS = 10_000_000;

/**
 * The default: every core for a sweep of more points than cores and at least
 * WORKER_MIN_TOKENS simulated tokens, else one thread (with as few points as
 * cores, the slowest point sets the time and workers only add start-up).
 */
export function autoJobs(prep: ReturnType<typeof prepareScenario>): number {
  const cores = defaultJobs();
  if (prep.points.length <= cores) return 1;
  let tokens = 0;
  for (const p of prep.points) for (const r of prep.setups[p.hardware]!.plans[p.batch]!.requests) tokens += r.outputTokens;
  return tokens >= WORKER_MIN_TOKENS ? cores : 1;
}

/** What each worker gets once. */
export interface WorkerData {
  scenario: Scenario;
  seed: number;
  baseDir: string | undefined;
  where: string | undefined;
}

export type WorkerReply =
  | { ok: true; point: PointId; outcome: PointOutcome }
  | { ok: false; point: PointId; message: string; where: string | undefined; user: boolean };

/** The default number of jobs: the machine's cores. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** The built worker entry, or undefined when running from TypeScript sources. */
export function workerEntry(): URL | undefined {
  const url = new URL('./parallel-worker.js', import.meta.url);
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(url)) ? url : undefined;
}

export async function runScenarioParallel(scenario: Scenario, opts: ParallelRunOptions = {}): Promise<Report> {
  const entry = workerEntry();
  const prep = prepareScenario(scenario, opts); // memory checks fail fast, before any worker starts
  const jobs = Math.max(1, Math.floor(opts.jobs ?? autoJobs(prep)));
  const threads = Math.min(jobs, prep.points.length);
  if (threads <= 1 || !entry) return runPrepared(prep, opts);

  const data: WorkerData = { scenario, seed: prep.seed, baseDir: opts.baseDir, where: opts.where };
  const outcomes = new Map<string, PointOutcome>();
  const workers = Array.from({ length: threads }, () => new Worker(entry, { workerData: data }));
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      const feed = (w: Worker): void => {
        const p = prep.points[next++];
        if (p) w.postMessage(p);
        else if (++finished === threads) resolve();
      };
      for (const w of workers) {
        w.on('message', (r: WorkerReply) => {
          if (!r.ok) {
            reject(r.user ? new UserError(r.message, r.where) : new Error(r.message));
            return;
          }
          outcomes.set(pointKey(r.point), r.outcome);
          if (r.point.method >= 0) opts.onProgress?.(progressOf(prep, r.point, ++done));
          feed(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => { if (code !== 0) reject(new Error(`a simulation worker exited with code ${code}`)); });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return assembleReport(prep, (p) => outcomes.get(pointKey(p))!);
}
