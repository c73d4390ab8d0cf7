/** Writes `charts/<name>.vl.json` and `charts/<name>.svg` for every applicable chart. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../report/types.js';
import { renderSvg } from '../report/render-svg.js';
import { buildCharts } from './index.js';

export interface RenderedChart {
  name: string;
  caption: string;
  svg: string;
}

/** Build and render every chart (display order). */
export async function renderCharts(report: Report): Promise<(RenderedChart & { specJson: string })[]> {
  const out = [];
  for (const c of buildCharts(report)) {
    out.push({ name: c.name, caption: c.caption, svg: await renderSvg(c.spec), specJson: `${JSON.stringify(c.spec, null, 2)}\n` });
  }
  return out;
}

/** `dir/charts/<name>.vl.json` + `dir/charts/<name>.svg`; returns the rendered charts for the page. */
export async function writeCharts(report: Report, dir: string): Promise<RenderedChart[]> {
  const charts = await renderCharts(report);
  const chartsDir = join(dir, 'charts');
  mkdirSync(chartsDir, { recursive: true });
  for (const c of charts) {
    writeFileSync(join(chartsDir, `${c.name}.vl.json`), c.specJson);
    writeFileSync(join(chartsDir, `${c.name}.svg`), c.svg);
  }
  return charts.map(({ name, caption, svg }) => ({ name, caption, svg }));
}
