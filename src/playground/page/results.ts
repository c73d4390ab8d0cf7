/** The results area: the table as soon as the numbers arrive, then each chart as the worker renders it. */
import type { ResultCore } from '../../report/metrics-types.js';
import { PLAYGROUND_CHARTS } from '../protocol.js';
import { $, el, fmt } from './doc.js';

const COLUMNS: { head: string; cell: (r: ResultCore) => string }[] = [
  { head: 'hardware', cell: (r) => r.hardware },
  { head: 'method', cell: (r) => r.method },
  { head: 'batch', cell: (r) => String(r.batch) },
  { head: 'ms/token', cell: (r) => fmt(r.metrics.tpotMs.mean) },
  { head: 'p99 ms/token', cell: (r) => fmt(r.metrics.tpotMs.p99) },
  { head: 'speedup', cell: (r) => fmt(r.metrics.speedup) },
  { head: 'throughput speedup', cell: (r) => fmt(r.metrics.throughputSpeedup) },
  { head: 'tokens/step', cell: (r) => fmt(r.metrics.acceptedPerStep) },
  { head: 'tokens/s', cell: (r) => fmt(r.metrics.tokensPerS) },
];

export function showTable(results: ResultCore[]): void {
  const head = el('tr');
  for (const c of COLUMNS) head.append(el('th', { scope: 'col' }, c.head));
  $('#table thead').replaceChildren(head);
  $('#table tbody').replaceChildren(...results.map((r) => {
    const tr = el('tr', { 'data-method': r.method, 'data-batch': String(r.batch), 'data-hardware': r.hardware });
    for (const c of COLUMNS) tr.append(el('td', {}, c.cell(r)));
    return tr;
  }));
}

/** Keep the figures the next update will fill, drop the ones it will not (e.g. no speedup without a baseline). */
export function expectCharts(names: string[]): void {
  const box = $('#charts');
  for (const fig of [...box.querySelectorAll<HTMLElement>('figure[data-chart]')]) if (!names.includes(fig.dataset['chart']!)) fig.remove();
  for (const c of PLAYGROUND_CHARTS) {
    if (!names.includes(c.name) || box.querySelector(`figure[data-chart="${c.name}"]`)) continue;
    // The chart's own title is its caption; the label names it for screen readers.
    const fig = el('figure', { 'data-chart': c.name, 'aria-label': c.label });
    fig.append(el('div'));
    const next = PLAYGROUND_CHARTS.slice(PLAYGROUND_CHARTS.indexOf(c) + 1).map((x) => box.querySelector(`figure[data-chart="${x.name}"]`)).find((x) => x);
    box.insertBefore(fig, next ?? null);
  }
}

export function showChart(name: string, svg: string): void {
  const holder = document.querySelector(`figure[data-chart="${name}"] > div`);
  // The SVG comes from vega's renderer in our own worker, which escapes every label.
  if (holder) holder.innerHTML = svg;
}
