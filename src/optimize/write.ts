/**
 * The optimize report directory, written atomically with the report writer:
 * the confirmation simulations as a normal report (report.json, results.csv,
 * the standard charts, index.html) plus optimize.json, summary.md (the
 * optimize table first) and charts/optimize.vl.json + .svg.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { optimizeChart, settingLabel } from '../charts/optimize.js';
import { renderCharts } from '../charts/write.js';
import { writeHtml } from '../report/html.js';
import type { WriteOptions } from '../report/write.js';
import { renderSvg } from '../report/render-svg.js';
import { summaryMarkdown } from '../report/summary.js';
import { mdText, xmlSafe } from '../report/escape.js';
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
  const objective = meta.objective === 'slo' ? `aggregate throughput with mean time per token ≤ ${meta.sloMs} ms` : meta.objective === 'throughput' ? 'aggregate throughput' : 'per-user tokens/s';
  const lines = [
    `# Best ${meta.family} setting per batch size: ${mdText(meta.model)} on ${mdText(meta.hardware)}`,
    '',
    `objective: ${objective} · acceptance: ${mdText(meta.acceptance)}${meta.draft ? ` · draft model ${mdText(meta.draft)}` : ''} · prompt ${meta.context} tokens, output ≈ ${meta.outputTokens} tokens · seed ${meta.seed}`,
    '',
    'Searched analytically (cost model × expected accepted length), confirmed by simulation; settings within 1% of the best count as ties and the smallest wins. Speedup is against autoregressive decoding at the same batch.',
    '',
    '| batch | best setting | speedup (sim) | speedup (analytic) | tokens/s per user | tokens/s aggregate | tokens per step | ms per token |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...doc.points.map((p) => `| ${p.batch} | ${settingLabel(p.best)}${p.simulated.rejected ? ` (simulation rejected ${settingLabel(p.simulated.rejected)})` : ''}${p.analytic.meetsSlo === false ? ' (no setting meets the limit)' : ''} | ${f(p.speedup)}× | ${f(p.analytic.speedup)}× | ${f(p.userTokensPerS, 1)} | ${f(p.tokensPerS, 0)} | ${f(p.simulated.acceptedPerStep)} | ${f(p.simulated.tpotMs, 3)} |`),
    '',
    doc.crossoverBatch === null
      ? `Speculation still pays at the largest batch (${doc.points.at(-1)?.batch}).`
      : `Speculation stops paying at batch ${doc.crossoverBatch}: no ${meta.family} setting beats autoregressive decoding there.`,
    '',
  ];
  return lines.join('\n');
}

export async function writeOptimizeReport(o: OptimizeOutcome, dir: string, opts: WriteOptions = {}): Promise<void> {
  await writeReport(o.report, dir, (tmp) => {
    writeFileSync(join(tmp, 'optimize.json'), optimizeJson(o));
    const summary = `${optimizeSummary(o)}\n${summaryMarkdown(o.report).replace(/^# /, '## Confirmation simulations: ')}`;
    writeFileSync(join(tmp, 'summary.md'), summary);
    if (opts.charts === false) { writeHtml(o.report, tmp, summary, []); return; }
    const spec = optimizeChart(o.doc, o.meta);
    const specJson = `${JSON.stringify(spec, null, 2)}\n`;
    const svg = xmlSafe(renderSvg(spec));
    mkdirSync(join(tmp, 'charts'), { recursive: true });
    writeFileSync(join(tmp, 'charts', 'optimize.vl.json'), specJson);
    writeFileSync(join(tmp, 'charts', 'optimize.svg'), svg);
    const charts = [{ name: 'optimize', caption: 'Best setting and its speedup per batch size', svg, specJson }, ...renderCharts(o.report)];
    writeHtml(o.report, tmp, summary, charts);
  }, opts);
}
