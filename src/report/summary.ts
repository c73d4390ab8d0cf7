/** `summary.md`: the tables a person reads first. */
import { crossovers } from '../charts/speedup.js';
import { devicesText } from './devices.js';
import { mdText } from './escape.js';
import type { Report, Result } from './types.js';

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

/** " (4 devices)", or the range when methods differ (a draft on its own device). */
function devicesNote(rs: readonly Result[]): string {
  const devices = devicesText(rs);
  return devices ? ` (${devices})` : '';
}

/**
 * The trade-off across hardware in one table: devices used, per-user speed at
 * the smallest batch, aggregate throughput (and per device) at the largest.
 */
function glance(byHw: Map<string, Result[]>): string[] {
  const out = [
    '## Hardware at a glance',
    '',
    '| hardware | method | devices | user tok/s (smallest batch) | throughput tok/s (largest batch) | tok/s per device | best speedup |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [hw, rs] of byHw) {
    for (const method of [...new Set(rs.map((r) => r.method))]) {
      const pts = rs.filter((r) => r.method === method).sort((a, b) => a.batch - b.batch);
      const first = pts[0]!;
      const last = pts.at(-1)!;
      const devices = last.detail?.devices ?? 1;
      const best = Math.max(...pts.map((r) => r.metrics.speedup ?? NaN));
      out.push(`| ${mdText(hw)} | ${mdText(method)} | ${devices} | ${f(first.metrics.userTokensPerS, 1)} (b${first.batch}) | ${f(last.metrics.tokensPerS, 0)} (b${last.batch}) | ${f(last.metrics.tokensPerS / devices, last.metrics.tokensPerS / devices < 10 ? 2 : 0)} | ${f(best)}× |`);
    }
  }
  out.push('');
  return out;
}

export function summaryMarkdown(report: Report): string {
  const s = report.scenario as Record<string, unknown>;
  const w = s.workload as Record<string, unknown> | undefined;
  const lines: string[] = [
    `# ${mdText(report.scenario.name)}`,
    '',
    `specsim ${mdText(report.specsim)} · model ${mdText(String(s.model))} · seed ${report.seed} · workload ${w ? mdText(JSON.stringify(w), 400) : '?'} · batching ${mdText(String(s.batching ?? 'continuous'))} · draft device ${mdText(String(s.draftDevice ?? 'shared'))}`,
    '',
    'tpot = (e2e − ttft) / (output tokens − 1) per request, mean over requests; user tok/s = 1000 / mean tpot; throughput = output tokens / makespan; accepted/step = tokens emitted per target step per sequence (bonus included); speedup = autoregressive mean tpot / this mean tpot at the same batch (what one user waits); throughput speedup = this throughput / the autoregressive throughput at the same batch (what the server delivers).',
    '',
  ];
  if (Array.isArray(s.notes) && s.notes.length > 0) lines.push('**Assumptions**', '', ...s.notes.map((n) => `- ${mdText(String(n), 600)}`), '');
  const byHw = new Map<string, Result[]>();
  for (const r of report.results) byHw.set(r.hardware, [...(byHw.get(r.hardware) ?? []), r]);
  if (byHw.size > 1) lines.push(...glance(byHw));
  const crossings = crossovers(report);
  for (const [hw, rs] of byHw) {
    lines.push(`## ${mdText(hw)}${devicesNote(rs)}`, '', '| batch | method | tpot ms (mean) | tpot p99 | ttft ms (mean) | ttft p99 | user tok/s | throughput tok/s | accepted/step | acceptance | speedup | throughput speedup | target step ms | bound |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const r of rs) {
      const m = r.metrics;
      lines.push(`| ${r.batch} | ${mdText(r.method)} | ${f(m.tpotMs.mean, 3)} | ${f(m.tpotMs.p99, 3)} | ${f(m.ttftMs.mean, 1)} | ${f(m.ttftMs.p99, 1)} | ${f(m.userTokensPerS, 1)} | ${f(m.tokensPerS, 0)} | ${f(m.acceptedPerStep)} | ${m.acceptanceRate === null ? '–' : f(m.acceptanceRate)} | ${m.speedup === null ? '–' : `${f(m.speedup)}×`} | ${m.throughputSpeedup === null || m.throughputSpeedup === undefined ? '–' : `${f(m.throughputSpeedup)}×`} | ${f(r.detail?.targetStepMs ?? NaN, 3)} | ${mdText(r.detail?.targetBound ?? '')} |`);
    }
    lines.push('');
    for (const method of [...new Set(rs.filter((r) => r.detail?.kind !== 'autoregressive').map((r) => r.method))]) {
      const pts = rs.filter((r) => r.method === method).sort((a, b) => a.batch - b.batch);
      const best = pts.reduce((a, b) => ((b.metrics.speedup ?? 0) > (a.metrics.speedup ?? 0) ? b : a), pts[0]!);
      const last = pts.at(-1)!;
      // The same crossover the speedup chart marks: where the speedup falls through 1×.
      const cross = crossings.find((c) => c.hardware === hw && c.method === method);
      const after = cross ? pts.find((r) => r.batch > cross.batch) : undefined;
      const why = (r: Result) => `verify step ${r.detail?.targetBound ?? '?'}-bound`;
      if ((best.metrics.speedup ?? 0) < 1) lines.push(`- **${mdText(method)}**: never pays in this range (best ${f(best.metrics.speedup ?? NaN)}× at batch ${best.batch}).`);
      else if (cross && after) lines.push(`- **${mdText(method)}**: best ${f(best.metrics.speedup ?? NaN)}× at batch ${best.batch}; stops paying at batch ≈ ${Number(cross.batch.toPrecision(2))} (${f(after.metrics.speedup ?? NaN)}× at batch ${after.batch}; ${why(after)}).`);
      else lines.push(`- **${mdText(method)}**: best ${f(best.metrics.speedup ?? NaN)}× at batch ${best.batch}; still pays at the largest batch (${last.batch}, ${f(last.metrics.speedup ?? NaN)}×; ${why(last)}).`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
