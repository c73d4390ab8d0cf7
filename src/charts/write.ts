/** Writes `charts/<name>.vl.json` and `charts/<name>.svg` for every applicable chart. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../report/types.js';
import { renderSvg } from '../report/render-svg.js';
import { xmlSafe } from '../report/escape.js';
import { buildCharts } from './index.js';

export interface RenderedChart {
  name: string;
  caption: string;
  svg: string;
  /** The Vega-Lite spec as written to `<name>.vl.json`. */
  specJson: string;
}

/** Build and render every chart, in display order (synchronous: see render-svg.ts). */
export function renderCharts(report: Report): RenderedChart[] {
  return buildCharts(report).map((c) => ({
    name: c.name, caption: c.caption, svg: xmlSafe(renderSvg(c.spec)), specJson: `${JSON.stringify(c.spec, null, 2)}\n`,
  }));
}

/** `dir/charts/<name>.vl.json` + `dir/charts/<name>.svg`; returns the rendered charts for the page. */
export function writeCharts(report: Report, dir: string): RenderedChart[] {
  const charts = renderCharts(report);
  const chartsDir = join(dir, 'charts');
  mkdirSync(chartsDir, { recursive: true });
  for (const c of charts) {
    writeFileSync(join(chartsDir, `${c.name}.vl.json`), c.specJson);
    writeFileSync(join(chartsDir, `${c.name}.svg`), c.svg);
  }
  return charts;
}
