/**
 * Open workloads (Poisson, trace): the points whose queue grows without
 * bound, as one warning line each, for summary.md, index.html and stderr.
 */
import type { Report } from './types.js';

export function overloadWarnings(report: Report): string[] {
  const out: string[] = [];
  for (const r of report.results) {
    const l = r.detail?.load;
    if (!l?.overloaded) continue;
    out.push(`overloaded: ${r.hardware}, ${r.method}, batch cap ${r.batch}${r.rate !== undefined ? ` at ${r.rate} requests/s` : ''}: ${l.offeredPerS.toFixed(2)} requests/s offered, ${l.servedPerS.toFixed(2)} served, ${l.queueAtLastArrival} waiting when the last arrived; the queue grows without bound, so time to first token and throughput describe this run's length, not a steady state`);
  }
  return out;
}

/**
 * Points whose engine ran fewer requests at once than the batch (its
 * `runningCap`), one line per hardware and method, for summary.md,
 * index.html and stderr: a batch above the cap is not silently simulated at
 * the batch.
 */
export function runningCapNotes(report: Report): string[] {
  const byKey = new Map<string, { hardware: string; method: string; cap: number; batches: number[] }>();
  for (const r of report.results) {
    const cap = r.detail?.runningCap;
    if (cap === undefined) continue;
    const key = `${r.hardware}\u0000${r.method}\u0000${cap}`;
    const e = byKey.get(key) ?? { hardware: r.hardware, method: r.method, cap, batches: [] };
    if (!e.batches.includes(r.batch)) e.batches.push(r.batch);
    byKey.set(key, e);
  }
  const engine = String((report.scenario as Record<string, unknown>).engine ?? 'none');
  const own = (report.scenario as Record<string, unknown>).maxRunningRequests !== undefined;
  return [...byKey.values()].map((e) => `${e.hardware}, ${e.method}: engine '${engine}' runs at most ${e.cap} requests at once (${own ? 'the scenario\'s maxRunningRequests' : 'its default when speculating, as SGLang\'s max_running_requests; set maxRunningRequests to change it'}), so batch ${e.batches.join(', ')} ran at ${e.cap}; the requests beyond it waited for a slot (in time to first token), and time per token and throughput are those of ${e.cap} running`);
}

/** Whether the report's batch axis is a cap on an open workload's running batch rather than a concurrency. */
export function batchIsCap(report: Report): boolean {
  const w = report.scenario.workload as Report['scenario']['workload'] | undefined;
  return w?.kind === 'poisson' || w?.kind === 'trace';
}
