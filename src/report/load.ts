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

/** Whether the report's batch axis is a cap on an open workload's running batch rather than a concurrency. */
export function batchIsCap(report: Report): boolean {
  const w = report.scenario.workload as Report['scenario']['workload'] | undefined;
  return w?.kind === 'poisson' || w?.kind === 'trace';
}
