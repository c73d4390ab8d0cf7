/**
 * `index.html`: one self-contained page (no network) with the scenario, the
 * summary tables, where speculation stops paying, and every chart as inline
 * SVG. A small inline script lets the reader hide methods in the tables.
 */
import { thousands, thousands6 } from '../thousands.js';
import { batchIsCap, overloadWarnings, runningCapNotes } from './load.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { methodColorScale } from '../charts/index.js';
import { contextSentences } from '../charts/context.js';
import { crossovers, hardwareOrder, methodOrder } from './analysis.js';
import { writeCharts, renderCharts, type RenderedChart } from '../charts/write.js';
import { prefixSvgIds } from './render-svg.js';
import type { Report } from './types.js';
import { economicsNote } from './economics.js';
import { glanceColumns, glanceRows, resultColumns, settingsColumns, settingsRows, type Column } from './tables.js';
import { devicesText, draftDeploymentLines } from './devices.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Numbers rounded for reading: 3 significant digits, thousands separated. */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 10 ** digits) return thousands(Math.round(x));
  return thousands6(Number(x.toPrecision(digits)));
}

const CSS = `
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #e2e2e2; --bg-alt: #f7f7f8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 Helvetica, Arial, sans-serif; color: var(--fg); margin: 0 auto; padding: 1.5rem 2rem 4rem; max-width: 1200px; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
dl.scenario { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.2rem; margin: 0; }
dl.scenario dt { font-weight: bold; }
dl.scenario dd { margin: 0; }
th[data-col] { cursor: pointer; user-select: none; }
th[aria-sort=ascending]::after { content: ' ▲'; font-size: .7em; }
th[aria-sort=descending]::after { content: ' ▼'; font-size: .7em; }
td.text, th.text { text-align: left; }
td.text { white-space: nowrap; }
.tablewrap, section#tables { overflow-x: auto; }
table.sortable { font-size: .85rem; }
tr.slower-row td:nth-child(15) { color: #b3261e; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: .3rem 0 1rem; }
th, td { padding: .25rem .7rem; border-bottom: 1px solid var(--line); text-align: right; }
th { background: var(--bg-alt); font-weight: 600; }
td.method, th.method { text-align: left; }
tr.batch-start td { border-top: 1px solid #bbb; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .4em; vertical-align: -1px; }
.toggles { margin: .4rem 0 .8rem; }
.toggles label { margin-right: 1rem; cursor: pointer; }
.slower { color: #b3261e; }
.warning { border-left: 4px solid #b3261e; background: #fdecea; padding: 0.4em 0.8em; margin: 0.6em 0; }
figure.chart { margin: 1.2rem 0 2rem; }
figure.chart figcaption { text-align: right; margin-bottom: .2rem; }
figure.chart .files { font-weight: normal; font-size: .85rem; color: var(--muted); margin-left: .6rem; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
nav a { margin-right: 1rem; }
pre { background: var(--bg-alt); padding: .8rem; overflow-x: auto; font-size: .85rem; }
`;

const SCRIPT = `
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th) {
    th.addEventListener('click', function () {
      var col = Number(th.getAttribute('data-col'));
      var numeric = th.classList.contains('num');
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
        if (x === '' || y === '') return x === y ? 0 : x === '' ? 1 : -1;
        var d = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return asc ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
document.querySelectorAll('.toggles input[data-method]').forEach(function (box) {
  box.addEventListener('change', function () {
    var m = box.getAttribute('data-method');
    document.querySelectorAll('tr[data-method]').forEach(function (tr) {
      if (tr.getAttribute('data-method') === m) tr.hidden = !box.checked;
    });
  });
});
`;

function describeMethod(m: unknown): string {
  if (!m || typeof m !== 'object') return String(m);
  const o = m as Record<string, unknown>;
  const { kind, label, ...rest } = o;
  const params = Object.entries(rest).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ');
  return `${String(label ?? kind)}${label && label !== kind ? ` (${String(kind)})` : ''}${params ? `: ${params}` : ''}`;
}

function scenarioSection(report: Report): string {
  const s = report.scenario;
  // Every key is shown the same way, whichever kind of report this is.
  const fields: Readonly<Record<string, unknown>> = s;
  const rows: [string, string][] = [];
  const show = (k: string, label: string, f: (v: unknown) => string = (v) => (Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v))) => {
    if (fields[k] !== undefined) rows.push([label, f(fields[k])]);
  };
  show('model', 'model');
  // Hardware entries are ids, or objects with their own settings: show the results' names.
  show('hardware', 'hardware', () => hardwareOrder(report).join(', '));
  show('batch', 'batch sizes');
  show('workload', 'workload', (w) => Object.entries(w as Record<string, unknown>).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', '));
  for (const k of ['tp', 'dtype', 'kvDtype', 'draftDevice', 'batching', 'temperature']) show(k, k);
  const methods = Array.isArray(s.methods) ? s.methods.map(describeMethod) : [];
  const notes = 'notes' in s ? s.notes : undefined;
  const drafts = draftDeploymentLines(report.results);
  return `<section id="scenario"><h2>Scenario</h2>
<dl class="scenario">${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}
<dt>methods</dt><dd>${methods.map((m) => escapeHtml(m)).join('<br>')}</dd>${drafts.length > 0 ? `<dt>draft deployment</dt><dd>${drafts.map((d) => escapeHtml(d)).join('<br>')}</dd>` : ''}${Array.isArray(notes) && notes.length > 0 ? `<dt>assumptions</dt><dd><ul class="notes">${notes.map((n) => `<li>${escapeHtml(String(n))}</li>`).join('')}</ul></dd>` : ''}</dl>
<details><summary>scenario as resolved (JSON)</summary><pre>${escapeHtml(JSON.stringify(s, null, 2))}</pre></details></section>`;
}

/** A sortable table: each cell carries its sort value; clicking a header sorts by it (SCRIPT). */
function htmlTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[], cls: string, attrs: string, rowAttrs: (r: Row) => string = () => '', first?: (r: Row) => string): string {
  const head = columns.map((c, i) => `<th class="${c.numeric ? 'num' : 'text'}" data-col="${i}" title="sort by ${escapeHtml(c.title)}">${escapeHtml(c.title)}</th>`).join('');
  const body = rows.map((r) => `<tr${rowAttrs(r)}>${columns.map((c, i) => {
    const v = c.value(r);
    const sortv = v === null ? '' : String(v);
    return `<td class="${c.numeric ? 'num' : 'text'}" data-v="${escapeHtml(sortv)}">${i === 1 && first ? first(r) : ''}${escapeHtml(c.text(r))}</td>`;
  }).join('')}</tr>`).join('\n');
  return `<table class="${cls ? `${cls} ` : ''}sortable"${attrs}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function tablesSection(report: Report): string {
  const colors = methodColorScale(report);
  const colorOf = (m: string) => colors.range[colors.domain.indexOf(m)] ?? '#000';
  const methods = methodOrder(report);
  const toggles = `<div class="toggles">Show methods: ${methods.map((m) => `<label><input type="checkbox" checked data-method="${escapeHtml(m)}"> <span class="swatch" style="background:${colorOf(m)}"></span>${escapeHtml(m)}</label>`).join('')}</div>`;
  const swatch = (m: string) => `<span class="swatch" style="background:${colorOf(m)}"></span>`;
  const parts = [`<section id="tables"><h2>Summary</h2><p class="meta">Click a column heading to sort.</p>${toggles}`];
  const settings = settingsRows(report);
  if (settings.length > 0) parts.push('<h3>Hardware settings</h3>', htmlTable(settingsColumns(settings), settings, 'settings', ''));
  if (hardwareOrder(report).length > 1) {
    parts.push('<h3>Hardware at a glance</h3>', htmlTable(glanceColumns(report), glanceRows(report), 'glance', '', (g) => ` data-method="${escapeHtml(g.method)}"`, (g) => swatch(g.method)));
  }
  if (report.economics) parts.push(`<p class="economics">Cost and energy: ${escapeHtml(economicsNote(report.economics))}</p>`);
  const decay = contextSentences(report);
  if (decay.length > 0) parts.push(`<p class="context-decay">Acceptance decays with context (chart “Acceptance vs. context”):</p><ul>${decay.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`);
  const cross = crossovers(report);
  const columns = resultColumns(report);
  for (const hw of hardwareOrder(report)) {
    const results = report.results.filter((r) => r.hardware === hw);
    const model = [...new Set(results.map((r) => r.model))].join(', ');
    const devices = devicesText(results);
    parts.push(`<h3>${escapeHtml(hw)} · ${escapeHtml(model)}${devices ? ` · ${devices}` : ''}</h3>`);
    const hwCross = cross.filter((c) => c.hardware === hw);
    if (hwCross.length > 0) {
      parts.push(`<p class="crossover">Speculation stops paying: ${hwCross.map((c) => `${escapeHtml(c.method)} at batch ≈ ${fmt(c.batch, 2)}`).join('; ')}.</p>`);
    }
    parts.push(htmlTable(columns, results, 'summary', ` data-hardware="${escapeHtml(hw)}"`, (r) => ` data-method="${escapeHtml(r.method)}"${r.metrics.speedup !== null && r.metrics.speedup < 1 ? ' class="slower-row"' : ''}`, (r) => swatch(r.method)));
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** Open workloads: the batch is a cap; overloaded points are warned about. */
function loadSection(report: Report): string {
  const warnings = overloadWarnings(report);
  const capped = runningCapNotes(report);
  if (!batchIsCap(report) && warnings.length === 0 && capped.length === 0) return '';
  const cap = batchIsCap(report) ? '<p>Open workload: the batch is a cap on the running batch, not a concurrency.</p>' : '';
  const warn = warnings.length > 0 ? `<div class="warning" role="alert"><strong>Overloaded points</strong><ul>${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></div>` : '';
  const caps = capped.length > 0 ? `<div class="note"><strong>Engine cap on running requests</strong><ul>${capped.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></div>` : '';
  return `<section id="load"><h2>Load</h2>${cap}${warn}${caps}</section>`;
}

function chartsSection(charts: RenderedChart[]): string {
  if (charts.length === 0) return '';
  const figs = charts.map((c) => `<figure class="chart" id="chart-${c.name}" data-chart="${c.name}">
<figcaption><span class="files"><a href="charts/${c.name}.svg">SVG</a> · <a href="charts/${c.name}.vl.json">Vega-Lite spec</a></span></figcaption>
${prefixSvgIds(c.svg, c.name).replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(c.caption)}" `)}
</figure>`);
  return `<section id="charts"><h2>Charts</h2>\n${figs.join('\n')}\n</section>`;
}

/** The page as a string. */
export function renderHtml(report: Report, charts: RenderedChart[], summaryMarkdown?: string): string {
  const name = report.scenario.name;
  const summary = summaryMarkdown
    ? `<section id="summary-md"><details><summary>summary.md</summary><pre>${escapeHtml(summaryMarkdown)}</pre></details></section>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>specsim · ${escapeHtml(name)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(name)}</h1>
<p class="meta">specsim ${escapeHtml(report.specsim)} · seed ${report.seed} · ${report.results.length} simulated points</p>
<nav><a href="#scenario">Scenario</a><a href="#tables">Summary</a>${charts.length > 0 ? '<a href="#charts">Charts</a>' : ''}</nav></header>
${scenarioSection(report)}
${loadSection(report)}
${tablesSection(report)}
${summary}
${chartsSection(charts)}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** Write `dir/index.html`; renders the charts itself when not given them. */
export function writeHtml(report: Report, dir: string, summaryMarkdown?: string, charts?: RenderedChart[]): void {
  const rendered = charts ?? renderCharts(report);
  writeFileSync(join(dir, 'index.html'), renderHtml(report, rendered, summaryMarkdown));
}

/**
 * The report writer hook: `charts/*.vl.json`, `charts/*.svg` and `index.html`
 * into `dir` (the atomic writer's temporary directory); with `charts: false`
 * only `index.html`, without charts.
 */
export function writeChartsAndHtml(report: Report, dir: string, opts: { charts?: boolean } = {}): void {
  const charts = opts.charts === false ? [] : writeCharts(report, dir);
  writeHtml(report, dir, undefined, charts);
}
