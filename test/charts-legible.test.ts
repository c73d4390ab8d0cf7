/**
 * Every chart of every example scenario is legible on a page 1,100 px wide,
 * checked in real headless Chromium: no two text boxes of a chart overlap
 * (tick labels, titles, value and batch labels, legends) and no text is
 * drawn smaller than 7 px. The scenarios run with fewer requests (the
 * charts' layout depends on the points, not on how long each ran).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { writeChartsAndHtml } from '../src/report/html.js';
import { loadVega } from '../src/report/render-svg.js';
import { economicsAssumptions, withEconomics } from '../src/report/economics.js';
import { economicsEntries } from '../src/cli/economics-flags.js';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const run = present || !!process.env.CI;
const SCENARIOS = readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== 'schema.json' && !f.startsWith('perf-'));

let browser: Browser | undefined;
beforeAll(async () => {
  await loadVega(); // the report writer does this before it writes
  if (run) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
});
afterAll(async () => { await browser?.close(); });

test.skipIf(!run)('no overlapping or tiny text in any chart of any example scenario at 1,100 px', async () => {
  expect(SCENARIOS.length).toBeGreaterThanOrEqual(5);
  const page = await browser!.newPage({ viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  let charts = 0;
  for (const file of SCENARIOS) {
    const doc = JSON.parse(readFileSync(join('scenarios', file), 'utf8'));
    doc.workload.requests = Math.max(...doc.batch) * 2;
    if (typeof doc.workload.outputTokens === 'number') doc.workload.outputTokens = 32;
    const scenario = parseScenario(doc, file);
    const report = withEconomics(runScenario(scenario), economicsAssumptions(economicsEntries(scenario)));
    const dir = mkdtempSync(join(tmpdir(), 'specsim-legible-'));
    writeChartsAndHtml(report, dir);
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);
    const found = await page.$$eval('figure.chart', (figs) => figs.map((fig) => {
      const boxes = [...fig.querySelectorAll('svg text')]
        .filter((t) => (t.textContent ?? '').trim() !== '')
        .map((t) => ({ s: (t.textContent ?? '').trim(), r: t.getBoundingClientRect() }))
        .filter((b) => b.r.width > 0 && b.r.height > 0);
      const out: string[] = [];
      for (let i = 0; i < boxes.length; i++) {
        const a = boxes[i]!.r;
        if (a.height < 7) out.push(`'${boxes[i]!.s}' is ${a.height.toFixed(1)} px tall`);
        for (let j = i + 1; j < boxes.length; j++) {
          const c = boxes[j]!.r;
          const w = Math.min(a.right, c.right) - Math.max(a.left, c.left);
          const h = Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top);
          if (w > 1 && h > 1) out.push(`'${boxes[i]!.s}' overlaps '${boxes[j]!.s}'`);
        }
      }
      return { name: fig.getAttribute('data-chart'), width: fig.getBoundingClientRect().width, out };
    }));
    charts += found.length;
    for (const f of found) {
      expect(f.width, `${file} ${f.name} fits the page`).toBeLessThanOrEqual(1100);
      problems.push(...f.out.map((o) => `${file} ${f.name}: ${o}`));
    }
  }
  expect(charts).toBeGreaterThanOrEqual(SCENARIOS.length * 7);
  expect(problems).toEqual([]);
}, 240_000);
