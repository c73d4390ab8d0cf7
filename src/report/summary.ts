/** `summary.md`: the tables a person reads first. */
import type { Report, Result } from './types.js';

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

export function summaryMarkdown(report: Report): string {
  const s = report.scenario as Record<string, unknown>;
  const w = s.workload as Record<string, unknown> | undefined;
  const lines: string[] = [
    `# ${report.scenario.name}`,
    '',
    `specsim ${report.specsim} · model ${String(s.model)} · seed ${report.seed} · workload ${w ? JSON.stringify(w) : '?'} · batching ${String(s.batching ?? 'continuous')} · draft device ${String(s.draftDevice ?? 'shared')}`,
    '',
    'tpot = (e2e − ttft) / (output tokens − 1) per request, mean over requests; user tok/s = 1000 / mean tpot; throughput = output tokens / makespan; accepted/step = tokens emitted per target step per sequence (bonus included); speedup = autoregressive mean tpot / this mean tpot at the same batch.',
    '',
  ];
  const byHw = new Map<string, Result[]>();
  for (const r of report.results) byHw.set(r.hardware, [...(byHw.get(r.hardware) ?? []), r]);
  for (const [hw, rs] of byHw) {
    lines.push(`## ${hw}`, '', '| batch | method | tpot ms (mean) | tpot p99 | user tok/s | throughput tok/s | accepted/step | acceptance | speedup | target step ms | bound |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const r of rs) {
      const m = r.metrics;
      lines.push(`| ${r.batch} | ${r.method} | ${f(m.tpotMs.mean, 3)} | ${f(m.tpotMs.p99, 3)} | ${f(m.userTokensPerS, 1)} | ${f(m.tokensPerS, 0)} | ${f(m.acceptedPerStep)} | ${m.acceptanceRate === null ? '–' : f(m.acceptanceRate)} | ${m.speedup === null ? '–' : `${f(m.speedup)}×`} | ${f(r.detail?.targetStepMs ?? NaN, 3)} | ${r.detail?.targetBound ?? ''} |`);
    }
    lines.push('');
    for (const method of [...new Set(rs.filter((r) => r.detail?.kind !== 'autoregressive').map((r) => r.method))]) {
      const pts = rs.filter((r) => r.method === method).sort((a, b) => a.batch - b.batch);
      const stop = pts.find((r) => (r.metrics.speedup ?? 0) <= 1);
      const best = pts.reduce((a, b) => ((b.metrics.speedup ?? 0) > (a.metrics.speedup ?? 0) ? b : a), pts[0]!);
      lines.push(stop
        ? `- **${method}**: best ${f(best.metrics.speedup ?? NaN)}× at batch ${best.batch}; speculation stops paying at batch ${stop.batch} (${f(stop.metrics.speedup ?? NaN)}×; verify step ${stop.detail?.targetBound ?? '?'}-bound).`
        : `- **${method}**: best ${f(best.metrics.speedup ?? NaN)}× at batch ${best.batch}; still pays at the largest batch (${pts.at(-1)?.batch}, ${f(pts.at(-1)?.metrics.speedup ?? NaN)}×; verify step ${pts.at(-1)?.detail?.targetBound ?? '?'}-bound).`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
