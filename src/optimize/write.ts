/**
 * The optimize report directory, written atomically with the report writer:
 * the confirmation simulations as a normal report (report.json, results.csv,
 * the charts of the registry, the optimize chart first, index.html) plus
 * optimize.json and summary.md (the optimize table first).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { objectiveText, settingLabel } from '../charts/optimize.js';
import { writeCharts } from '../charts/write.js';
import { writeHtml } from '../report/html.js';
import type { WriteOptions } from '../report/write.js';
import { summaryMarkdown } from '../report/summary.js';
import { mdText } from '../report/escape.js';
import { writeReport } from '../report/write.js';
import type { OptimizeOutcome } from './search.js';
import { policyScoreText } from './policy.js';

/** The optimize.json bytes (the `--json` document). */
export function optimizeJson(o: Pick<OptimizeOutcome, 'doc'>): string {
  return `${JSON.stringify(o.doc, null, 2)}\n`;
}

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

/** The table people read first: one row per batch. */
export function optimizeSummary(o: OptimizeOutcome): string {
  const { doc, meta } = o;
  const several = (meta.contexts?.length ?? 1) > 1;
  const lines = [
    `# Best ${meta.methods.join(' / ')} setting per batch size: ${mdText(meta.model)} on ${mdText(meta.hardware)}`,
    '',
    `objective: ${objectiveText(meta)} · tp ${meta.tp} · ${mdText(meta.dtype)} weights · engine ${mdText(meta.engine)}${meta.drafts ? ` · draft models ${meta.drafts.map((d) => mdText(d)).join(', ')}` : ''} · prompt ${several ? meta.contexts!.join(', ') : meta.context} tokens, output ≈ ${meta.outputTokens} tokens · seed ${meta.seed}`,
    '',
    ...meta.acceptance.map((a) => `- acceptance assumed, ${mdText(a)}`),
    ...(meta.policy && meta.policyScore ? [`- ${meta.policy === 'one-setting' ? 'one setting for every batch (SGLang and TensorRT-LLM fix it at launch)' : 'one method kind with K per batch range (vLLM)'}: ${policyScoreText(meta.policyScore)}`] : []),
    ...(meta.alphaRange ? [`- α uncertain over ${meta.alphaRange[0]}:${meta.alphaRange[1]}: each pick is the setting best in the worst case over α ${doc.points[0]?.robust?.alphas.join(', ')}; the table, the speedups and the simulation are at the midpoint; regret = how far below the best setting at that α the pick falls`] : []),
    '',
    'Searched analytically (cost model × expected accepted length), confirmed by simulation; settings within 1% of the best count as ties and the smallest wins. Speedup is against autoregressive decoding at the same batch; "sim / analytic" is how far the simulation is from the analytic estimate at the pick.',
    '',
    rerankText(meta),
    '',
    `| ${several ? 'context | ' : ''}batch | best setting | speedup (sim) | speedup (analytic) | sim / analytic | tokens/s per user | tokens/s aggregate | tokens per step | ms per token | $/M tokens | J/token |${meta.alphaRange ? ' worst regret over α |' : ''}`,
    `| ${several ? '---: | ' : ''}---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |${meta.alphaRange ? ' ---: |' : ''}`,
    ...doc.points.map((p) => `| ${several ? `${p.context} | ` : ''}${p.batch} | ${mdText(settingLabel(p.best))}${p.simulated.rejected ? ` (simulation rejected ${mdText(settingLabel(p.simulated.rejected))})` : p.simulated.analyticPick ? ` (analytic pick ${mdText(settingLabel(p.simulated.analyticPick))})` : ''}${p.analytic.meetsSlo === false ? ' (no setting meets the limit)' : ''} | ${f(p.speedup)}× | ${f(p.analytic.speedup)}× | ${p.agreement >= 0 ? '+' : ''}${f(p.agreement * 100, 1)}% | ${f(p.userTokensPerS, 1)} | ${f(p.tokensPerS, 0)} | ${f(p.simulated.acceptedPerStep)} | ${f(p.simulated.tpotMs, 3)} | ${p.analytic.usdPerMTokens === null ? '–' : f(p.analytic.usdPerMTokens, 3)} | ${p.analytic.joulesPerToken === null ? '–' : f(p.analytic.joulesPerToken, 3)} |${p.robust ? ` ${f(p.robust.worstRegret * 100, 1)}% |` : ''}`),
    '',
    several
      ? `Speculation stops paying at: ${(doc.crossovers ?? []).map((c) => `context ${c.context}: ${c.batch === null ? `still pays at batch ${doc.points.at(-1)?.batch}` : `batch ${c.batch}`}`).join('; ')}.`
      : doc.crossoverBatch === null
      ? `Speculation still pays at the largest batch (${doc.points.at(-1)?.batch}).`
      : `Speculation stops paying at batch ${doc.crossoverBatch}: no ${meta.methods.join(' / ')} setting beats autoregressive decoding there.`,
    '',
    '$/M tokens and J/token are analytic, at the pick\'s throughput: the device price amortised over its lifetime of continuous use plus energy, every device at TDP (an upper bound; defaults 4 years and $0.10/kWh, --lifetime-years, --usd-per-kwh, --price, --power).',
    '',
    ...rateLines(o),
    '',
  ];
  return lines.join('\n');
}

/** How the picks were simulated: the finalists re-ranked, and how often that changed the analytic pick. */
function rerankText(meta: OptimizeOutcome['meta']): string {
  const r = meta.reranked;
  const why = meta.policy === 'one-setting' ? ' (one setting for every batch: the engine cannot switch it, so it is confirmed, not re-ranked)' : meta.alphaRange ? ' (under an α range the worst-case pick is confirmed against autoregressive, not re-ranked at the midpoint)' : '';
  if (r.finalists <= 1) return `Simulated at each ${meta.contexts ? 'cell' : 'batch'}: the analytic pick and autoregressive${why}; the pick is the better of the two in simulation.`;
  return `Re-ranked by simulation: at each ${meta.contexts ? '(context, batch)' : 'batch'} the analytic top ${r.finalists} the policy allows (the analytic pick first) and autoregressive were simulated, and the pick is the best by the objective in simulation; that changed the analytic pick at ${r.changed} of ${r.cells} (\`simulated.finalists\` in --json has both speedups of each).`;
}

/** The rate sweep's table: per rate the least-cost setting meeting the SLO, and the goodput rate. */
function rateLines(o: OptimizeOutcome): string[] {
  const sweep = o.doc.rates;
  if (!sweep) return [];
  const slo = Object.entries(sweep.slo).map(([k, v]) => `${k} ≤ ${v} ms`).join(', ');
  const ms = (x: number): string => f(x, 1);
  return [
    `## Under load: SLO ${slo}`,
    '',
    `Poisson arrivals, batch cap ${sweep.maxBatch}, ${sweep.requests} requests per run; each batch's pick and autoregressive simulated at every rate. A setting meets the SLO when every limit holds and the queue keeps up; the pick is the one that meets it at the least $ per million output tokens (ties: the lower p99 time per token).`,
    '',
    '| requests/s | pick (meets the SLO at least cost) | p99 TTFT ms | p99 ms/token | $/M tokens | settings meeting the SLO |',
    '| ---: | --- | ---: | ---: | ---: | --- |',
    ...sweep.points.map((p) => {
      const t = p.trials.find((x) => x.label === p.bestLabel);
      const ok = p.trials.filter((x) => x.meets).map((x) => mdText(x.label));
      return `| ${p.rate} | ${t ? mdText(t.label) : 'none meets it'} | ${t ? ms(t.ttftP99Ms) : '–'} | ${t ? f(t.tpotP99Ms, 2) : '–'} | ${t && t.usdPerMTokens !== null ? f(t.usdPerMTokens, 3) : '–'} | ${ok.length > 0 ? ok.join(', ') : '–'} |`;
    }),
    '',
    sweep.goodputRate === null ? 'No setting meets the SLO at any rate asked.' : `Goodput: the highest rate asked at which a setting meets the SLO is ${sweep.goodputRate} requests/s.`,
    '',
  ];
}

export async function writeOptimizeReport(o: OptimizeOutcome, dir: string, opts: WriteOptions = {}): Promise<void> {
  await writeReport(o.report, dir, (tmp) => {
    writeFileSync(join(tmp, 'optimize.json'), optimizeJson(o));
    const summary = `${optimizeSummary(o)}\n${summaryMarkdown(o.report).replace(/^# /, '## Confirmation simulations: ')}`;
    writeFileSync(join(tmp, 'summary.md'), summary);
    writeHtml(o.report, tmp, summary, opts.charts === false ? [] : writeCharts(o.report, tmp));
  }, opts);
}
