/**
 * The browser playground in real headless Chromium, opened from disk as
 * `specsim playground` writes it: the page simulates a scenario given in its
 * URL; changing hardware, a method's γ (by keyboard) and α updates the charts
 * and the table, as does adding a method from the registry's list; its results are `specsim run --json`'s for the same scenario
 * and seed; "Download scenario" gives that scenario; α out of range shows the
 * CLI's exact error line next to the α control and keeps the last results; the
 * same URL in a fresh page gives the same results; no console errors, no
 * network; under 2 MB.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Result } from '../src/report/types.js';

const exec = promisify(execFile);
const BIN = resolve('dist/src/bin.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const present = existsSync(CHROMIUM);
if (!present && !process.env.CI) {
  console.warn(`playground-browser.test: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium); in CI this test runs`);
}

const SCENARIO = {
  name: 'playground-test', seed: 7, hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1, 8, 32],
  workload: { kind: 'closed', requests: 48, promptTokens: 256, outputTokens: 64 },
  methods: [
    { kind: 'autoregressive' },
    { kind: 'draft', draft: 'llama-68m', gamma: 4, acceptance: { kind: 'iid', alpha: 0.7 } },
    { kind: 'eagle', tree: { kind: 'dynamic', depth: 4, topK: 4, nodes: 16 }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } },
  ],
};

let dir: string;
let url: string;
let browser: Browser | undefined;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'specsim-playground-'));
  await exec(process.execPath, [BIN, 'playground', '--out', dir, '--quiet']);
  url = `${pathToFileURL(join(dir, 'playground.html')).href}#s=${encodeURIComponent(JSON.stringify(SCENARIO))}`;
  if (present || process.env.CI) browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
afterAll(async () => { await browser?.close(); });

type Win = { playground: { scenario(): Record<string, unknown>; results(): Result[] } };

async function open(problems: string[]): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => { if (!/^(file|blob|data):/.test(r.url())) problems.push(`network: ${r.url()}`); });
  await page.goto(url, { waitUntil: 'load' });
  await runs(page, 1);
  return page;
}

/** Wait until the page has shown `n` results. */
async function runs(page: Page, n: number): Promise<void> {
  await page.waitForFunction((k) => document.querySelector<HTMLElement>('#results')!.dataset['runs'] === String(k), n, { timeout: 60_000 });
}

const tableText = (page: Page) => page.locator('#table tbody').innerText();
const chartText = (page: Page, name: string) => page.locator(`figure[data-chart="${name}"] svg`).evaluate((svg) => svg.textContent ?? '');
const pageState = (page: Page) => page.evaluate(() => { const p = (window as unknown as Win).playground; return { scenario: p.scenario(), results: p.results() }; });

/** `specsim run --json` (or its error line) for a scenario saved as scenario.json. */
async function cli(scenario: unknown): Promise<{ results?: Result[]; stderr: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'specsim-playground-cli-'));
  writeFileSync(join(cwd, 'scenario.json'), JSON.stringify(scenario));
  try {
    const { stdout } = await exec(process.execPath, [BIN, 'run', 'scenario.json', '--json', '--quiet', '--no-charts', '--jobs', '1', '--out', 'report'], { cwd });
    return { results: (JSON.parse(stdout) as { results: Result[] }).results, stderr: '' };
  } catch (e) {
    return { stderr: String((e as { stderr: string }).stderr).trim() };
  }
}

test('the page is one file under 2 MB', () => {
  expect(statSync(join(dir, 'playground.html')).size).toBeLessThan(2 * 1024 * 1024);
});

test.skipIf(!present && !process.env.CI)('controls update the charts and table, and the page gives the CLI\'s numbers and messages', async () => {
  const problems: string[] = [];
  const page = await open(problems);
  expect(await page.locator('figure[data-chart] svg').count()).toBe(2);
  expect(await page.locator('#table tbody tr').count()).toBe(9);
  const first = await tableText(page);

  // Hardware: every row and the charts now say a100-sxm, and the numbers moved.
  await page.getByLabel('Hardware').selectOption('a100-sxm');
  await runs(page, 2);
  expect(await page.locator('#table tbody tr[data-hardware="a100-sxm"]').count()).toBe(9);
  expect(await chartText(page, 'speedup-vs-batch')).toContain('a100-sxm');
  const a100 = await tableText(page);
  expect(a100).not.toBe(first.replaceAll('h100-sxm', 'a100-sxm'));

  // A method setting by keyboard: γ 4 → 5 on the draft's slider.
  const gamma = page.locator('input[type=range][data-slider-for="methods.1.gamma"]');
  await gamma.focus();
  await page.keyboard.press('ArrowRight');
  await runs(page, 3);
  expect((await pageState(page)).scenario).toMatchObject({ methods: [{}, { gamma: 5 }, {}] });

  // α typed into its box.
  const speedupBefore = await page.locator('tr[data-method="draft"][data-batch="8"] td:nth-child(6)').innerText();
  const alpha = page.getByLabel('draft: Acceptance α (per drafted token)', { exact: true });
  await alpha.fill('0.55');
  await alpha.press('Enter');
  await runs(page, 4);
  expect(await page.locator('tr[data-method="draft"][data-batch="8"] td:nth-child(6)').innerText()).not.toBe(speedupBefore);

  // A method added from the registry's list starts from its compare default and joins the charts and table.
  await page.getByLabel('Add a method').selectOption('ngram');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await runs(page, 5);
  expect(await page.locator('#table tbody tr[data-method="ngram"]').count()).toBe(3);
  expect(await chartText(page, 'tpot-vs-batch')).toContain('ngram');

  // Same scenario and seed through the CLI: the same numbers.
  const { scenario, results } = await pageState(page);
  expect(scenario).toMatchObject({ hardware: ['a100-sxm'], methods: [{}, { gamma: 5, acceptance: { alpha: 0.55 } }, {}, { kind: 'ngram' }] });
  const ran = await cli(scenario);
  expect(ran.stderr).toBe('');
  expect(results.map((r) => [r.hardware, r.method, r.batch])).toEqual(ran.results!.map((r) => [r.hardware, r.method, r.batch]));
  results.forEach((r, i) => {
    for (const [k, v] of Object.entries(r.metrics)) expect(ran.results![i]!.metrics[k as keyof Result['metrics']], `${r.method} batch ${r.batch} ${k}`).toEqual(v);
  });
  const shown = await page.locator('tr[data-method="draft"][data-batch="8"] td:nth-child(4)').innerText();
  const cliDraft8 = ran.results!.find((r) => r.method === 'draft' && r.batch === 8)!.metrics.tpotMs.mean;
  expect(Number(shown)).toBeCloseTo(cliDraft8, 2);

  // "Download scenario" saves what the page shows.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download scenario' }).click()]);
  expect(JSON.parse(readFileSync((await download.path())!, 'utf8'))).toEqual(scenario);

  // α out of range: the CLI's line beside the α box; the last good results stay.
  const good = await tableText(page);
  await alpha.fill('1.5');
  await alpha.press('Enter');
  const badScenario = structuredClone(scenario) as { methods: { acceptance?: { alpha?: number } }[] };
  badScenario.methods[1]!.acceptance!.alpha = 1.5;
  const bad = await cli(badScenario);
  expect(bad.stderr).toMatch(/^specsim: .*alpha.*\(scenario\.json at \$\.methods\[1\]\.acceptance\.alpha\)$/);
  const slot = page.locator(`#${await alpha.getAttribute('aria-describedby')}`);
  await expect.poll(() => slot.innerText(), { timeout: 60_000 }).toBe(bad.stderr);
  expect(await alpha.getAttribute('aria-invalid')).toBe('true');
  expect(await tableText(page)).toBe(good);

  // The address is the scenario: a fresh page at the same URL shows the same results.
  await alpha.fill('0.55');
  await alpha.press('Enter');
  await runs(page, 6);
  url = page.url();
  const again = await open(problems);
  expect((await pageState(again)).results).toEqual(results);
  await page.screenshot({ path: join(dir, 'playground.png'), fullPage: true });
  expect(problems).toEqual([]);
  await again.close();
  await page.close();
});
