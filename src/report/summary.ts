/** `summary.md`: the tables a person reads first. */
import { crossovers } from './analysis.js';
import { contextSentences } from '../charts/context.js';
import { devicesText, draftDeploymentLines } from './devices.js';
import { mdText } from './escape.js';
import { batchIsCap, overloadWarnings, runningCapNotes } from './load.js';
import type { Report, Result } from './types.js';
import { economicsNote } from './economics.js';
import { glanceColumns, glanceRows, markdownTable, resultColumns, settingsColumns, settingsRows } from './tables.js';

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

/** " (4 devices)", or the range when methods differ (a draft on its own device). */
function devicesNote(rs: readonly Result[]): string {
  const devices = devicesText(rs);
  return devices ? ` (${devices})` : '';
}

export function summaryMarkdown(report: Report): string {
  const s = report.scenario;
  const w = s.workload as typeof s.workload | undefined;
  // Optimize's scenario states no batch policy, draft device, temperature or notes: its simulations take the defaults.
  const run = 'optimize' in s ? undefined : s;
  const lines: string[] = [
    `# ${mdText(s.name)}`,
    '',
    `specsim ${mdText(report.specsim)} · model ${mdText(String(s.model))} · seed ${report.seed} · workload ${w ? mdText(JSON.stringify(w), 400) : '?'} · batching ${mdText(String(run?.batching ?? 'continuous'))} · draft device ${mdText(String(run?.draftDevice ?? 'shared'))}${typeof run?.temperature === 'number' ? ` · temperature ${run.temperature} (sampling: acceptance at this temperature, speculative sampling's rejection rule)` : ''}`,
    '',
    'ms/token (tpot) = (e2e − ttft) / (output tokens − 1) per request, mean and percentiles over requests; tok/s per user = 1000 / mean tpot; throughput = output tokens / makespan (a closed workload: every token emitted in its steady-state window); accepted/step = tokens emitted per target step per sequence (bonus included); speedup = autoregressive mean tpot / this mean tpot at the same batch (what one user waits); throughput speedup = this throughput / the autoregressive throughput at the same batch (what the server delivers).',
    '',
  ];
  if (Array.isArray(run?.notes) && run.notes.length > 0) lines.push('**Assumptions**', '', ...run.notes.map((n) => `- ${mdText(String(n), 600)}`), '');
  const drafts = draftDeploymentLines(report.results);
  if (drafts.length > 0) lines.push('**Draft deployment**', '', ...drafts.map((d) => `- ${mdText(d, 600)}`), '');
  if (batchIsCap(report)) lines.push('Open workload: the batch is a cap on the running batch, not a concurrency; each point reports the load offered and served.', '');
  const overloaded = overloadWarnings(report);
  if (overloaded.length > 0) lines.push('**Warning: overloaded points**', '', ...overloaded.map((w) => `- ${mdText(w, 600)}`), '');
  const capped = runningCapNotes(report);
  if (capped.length > 0) lines.push('**Engine cap on running requests**', '', ...capped.map((w) => `- ${mdText(w, 600)}`), '');
  const byHw = new Map<string, Result[]>();
  for (const r of report.results) byHw.set(r.hardware, [...(byHw.get(r.hardware) ?? []), r]);
  const settings = settingsRows(report);
  if (settings.length > 0) lines.push('## Hardware settings', '', ...markdownTable(settingsColumns(settings), settings, (t) => mdText(t)), '');
  if (byHw.size > 1) lines.push('## Hardware at a glance', '', ...markdownTable(glanceColumns(report), glanceRows(report), (t) => mdText(t)), '');
  if (report.economics) lines.push(`Cost and energy: ${mdText(economicsNote(report.economics), 2000)}`, '');
  const decay = contextSentences(report);
  if (decay.length > 0) lines.push('**Acceptance decays with context** (chart acceptance-vs-context)', '', ...decay.map((d) => `- ${mdText(d, 600)}`), '');
  const crossings = crossovers(report);
  for (const [hw, rs] of byHw) {
    lines.push(`## ${mdText(hw)}${devicesNote(rs)}`, '', ...markdownTable(resultColumns(report), rs, (t) => mdText(t)));
    lines.push('');
    for (const method of [...new Set(rs.filter((r) => r.detail?.kind !== 'autoregressive').map((r) => r.method))]) {
      const pts = rs.filter((r) => r.method === method).sort((a, b) => a.batch - b.batch || (a.rate ?? 0) - (b.rate ?? 0));
      if (pts[0]!.rate !== undefined) {
        // A rate sweep: the speedup at each offered load.
        lines.push(`- **${mdText(method)}**: ${pts.map((r) => `${f(r.metrics.speedup ?? NaN)}× at ${r.rate} requests/s`).join(', ')} (batch cap ${pts[0]!.batch}).`);
        continue;
      }
      // Points run below their batch (an engine's cap) compare unlike batches: left out here, named in the cap note above.
      const whole = pts.filter((r) => r.detail?.runningCap === undefined);
      if (whole.length === 0) continue;
      const capped = whole.length < pts.length ? ` Batches run at the engine's cap are left out (${pts.filter((r) => r.detail?.runningCap !== undefined).map((r) => r.batch).join(', ')}).` : '';
      const best = whole.reduce((a, b) => ((b.metrics.speedup ?? 0) > (a.metrics.speedup ?? 0) ? b : a), whole[0]!);
      const last = whole.at(-1)!;
      // The same crossover the speedup chart marks: where the speedup falls through 1×.
      const cross = crossings.find((c) => c.hardware === hw && c.method === method);
      const after = cross ? whole.find((r) => r.batch > cross.batch) : undefined;
      const why = (r: Result) => `verify step ${r.detail?.targetBound ?? '?'}-bound`;
      if ((best.metrics.speedup ?? 0) < 1) lines.push(`- **${mdText(method)}**: never pays in this range (best ${f(best.metrics.speedup ?? NaN)}× at batch ${best.batch}).${capped}`);
      else if (cross && after) lines.push(`- **${mdText(method)}**: best ${f(best.metrics.speedup ?? NaN)}× at batch ${best.batch}; stops paying at batch ≈ ${Number(cross.batch.toPrecision(2))} (${f(after.metrics.speedup ?? NaN)}× at batch ${after.batch}; ${why(after)}).${capped}`);
      else lines.push(`- **${mdText(method)}**: best ${f(best.metrics.speedup ?? NaN)}× at batch ${best.batch}; still pays at the largest batch (${last.batch}, ${f(last.metrics.speedup ?? NaN)}×; ${why(last)}).${capped}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
