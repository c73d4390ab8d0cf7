/**
 * Opens the generated index.html (from the fixture report) in real headless
 * Chromium: no console errors, no network, every chart visible with a
 * non-zero size; saves a screenshot under test-output/.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import type { Report } from '../src/report/types.js';
import { writeChartsAndHtml } from '../src/report/html.js';
import { loadVega } from '../src/report/render-svg.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const present = existsSync(CHROMIUM);
if (!present && !process.env.CI) {
  console.warn(`html-browser.test: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium); in CI this test runs`);
}
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-output', 'html-browser');

let browser: Browser | undefined;
beforeAll(async () => {
  await loadVega(); // the report writer does this before it writes
  if (!present && !process.env.CI) return;
  const report = JSON.parse(readFileSync(new URL('./fixtures/report-small.json', import.meta.url), 'utf8')) as Report;
  mkdirSync(outDir, { recursive: true });
  writeChartsAndHtml(report, outDir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
afterAll(async () => { await browser?.close(); });

test.skipIf(!present && !process.env.CI)('index.html shows every chart in headless Chromium, with no console errors or network', async () => {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push(`network: ${r.url()}`); });
  await page.goto(pathToFileURL(join(outDir, 'index.html')).href, { waitUntil: 'load' });

  const charts = await page.$$('figure.chart');
  expect(charts.length).toBe(8);
  for (const fig of charts) {
    const name = await fig.getAttribute('data-chart');
    const svg = await fig.$('svg');
    expect(svg, `${name} has an inline SVG`).not.toBeNull();
    expect(await svg!.isVisible(), `${name} visible`).toBe(true);
    const box = await svg!.boundingBox();
    expect(box!.width, `${name} width`).toBeGreaterThan(100);
    expect(box!.height, `${name} height`).toBeGreaterThan(100);
    expect(await svg!.$$eval('text', (ts) => ts.filter((t) => (t.textContent ?? '').trim().length > 0).length), `${name} has text`).toBeGreaterThan(5);
  }
  expect(await page.locator('table.summary').count()).toBe(2);

  // Unticking a method hides its table rows.
  await page.locator('.toggles input[data-method="eagle"]').uncheck();
  expect(await page.locator('tr[data-method="eagle"]:visible').count()).toBe(0);
  await page.locator('.toggles input[data-method="eagle"]').check();

  // Clicking a heading sorts its table by that column, then the other way.
  const table = page.locator('table.summary').first();
  const col = await table.locator('th', { hasText: 'ms/token mean' }).getAttribute('data-col');
  const values = async () => (await table.locator(`tbody tr td:nth-child(${Number(col) + 1})`).evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-v')))));
  await table.locator('th', { hasText: 'ms/token mean' }).click();
  const up = await values();
  expect(up).toEqual([...up].sort((a, b) => a - b));
  await table.locator('th', { hasText: 'ms/token mean' }).click();
  const down = await values();
  expect(down).toEqual([...up].reverse());

  await page.screenshot({ path: join(outDir, 'index.png'), fullPage: true });
  expect(problems).toEqual([]);
  await page.close();
});
