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

/** The optimize.json bytes (the `--json` document). */
export function optimizeJson(o: Pick<OptimizeOutcome, 'doc'>): string {
  return `${JSON.stringify(o.doc, null, 2)}\n`;
}

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

/** The table people read first: one row per batch. */
export function optimizeSummary(o: OptimizeOutcome): string {
  const { doc, meta } = o;
  const lines = [
    `# Best ${meta.methods.join(' / ')} setting per batch size: ${mdText(meta.model)} on ${mdText(meta.hardware)}`,
    '',
    `objective: ${objectiveText(meta)} · tp ${meta.tp} · ${mdText(meta.dtype)} weights · engine ${mdText(meta.engine)}${meta.drafts ? ` · draft models ${meta.drafts.map(mdText).join(', ')}` : ''} · prompt ${meta.context} tokens, output ≈ ${meta.outputTokens} tokens · seed ${meta.seed}`,
    '',
    ...meta.acceptance.map((a) => `- acceptance assumed, ${mdText(a)}`),
    '',
    'Searched analytically (cost model × expected accepted length), confirmed by simulation; settings within 1% of the best count as ties and the smallest wins. Speedup is against autoregressive decoding at the same batch; "sim / analytic" is how far the simulation is from the analytic estimate at the pick.',
    '',
    '| batch | best setting | speedup (sim) | speedup (analytic) | sim / analytic | tokens/s per user | tokens/s aggregate | tokens per step | ms per token | $/M tokens | J/token |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...doc.points.map((p) => `| ${p.batch} | ${mdText(settingLabel(p.best))}${p.simulated.rejected ? ` (simulation rejected ${mdText(settingLabel(p.simulated.rejected))})` : ''}${p.analytic.meetsSlo === false ? ' (no setting meets the limit)' : ''} | ${f(p.speedup)}× | ${f(p.analytic.speedup)}× | ${p.agreement >= 0 ? '+' : ''}${f(p.agreement * 100, 1)}% | ${f(p.userTokensPerS, 1)} | ${f(p.tokensPerS, 0)} | ${f(p.simulated.acceptedPerStep)} | ${f(p.simulated.tpotMs, 3)} | ${p.analytic.usdPerMTokens === null ? '–' : f(p.analytic.usdPerMTokens, 3)} | ${p.analytic.joulesPerToken === null ? '–' : f(p.analytic.joulesPerToken, 3)} |`),
    '',
    doc.crossoverBatch === null
      ? `Speculation still pays at the largest batch (${doc.points.at(-1)?.batch}).`
      : `Speculation stops paying at batch ${doc.crossoverBatch}: no ${meta.methods.join(' / ')} setting beats autoregressive decoding there.`,
    '',
    '$/M tokens and J/token are analytic, at the pick\'s throughput: the device price amortised over 4 years of continuous use plus energy at $0.10/kWh, every device at TDP (an upper bound).',
    '',
  ];
  return lines.join('\n');
}

export async function writeOptimizeReport(o: OptimizeOutcome, dir: string, opts: WriteOptions = {}): Promise<void> {
  await writeReport(o.report, dir, (tmp) => {
    writeFileSync(join(tmp, 'optimize.json'), optimizeJson(o));
    const summary = `${optimizeSummary(o)}\n${summaryMarkdown(o.report).replace(/^# /, '## Confirmation simulations: ')}`;
    writeFileSync(join(tmp, 'summary.md'), summary);
    writeHtml(o.report, tmp, summary, opts.charts === false ? [] : writeCharts(o.report, tmp));
  }, opts);
}
