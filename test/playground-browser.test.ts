/**
 * The browser playground in real headless Chromium, opened from disk as
 * `specsim playground` writes it. Its numbers and messages are the CLI's:
 * changing hardware, γ (by keyboard), α, temperature and adding a method update the
 * charts and table, and `specsim run --json` gives the same metrics for the
 * page's scenario; a custom hardware profile edited in the page changes the
 * results and matches the CLI run with that profile file beside the
 * scenario; a batch that does not fit, α out of range, a bad profile field
 * and a malformed config.json show the CLI's line next to their control and
 * keep the last good results. Loading a scenario file or a report.json
 * restores the page; the frontier and timeline charts render; the page's
 * address reproduces the same charts in a fresh page; at a phone's width
 * nothing scrolls sideways and every control is reachable; every control has
 * a label; no console errors, no network; under 2 MB.
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
const browserTest = test.skipIf(!present && !process.env.CI);
// Alone each takes 10–25 s; beside the whole suite on two busy cores, several times that. A ceiling, not a speed check.
const BROWSER_TIMEOUT_MS = 240_000;

const SCENARIO = {
  name: 'playground-test', seed: 7, hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1, 8, 32],
  workload: { kind: 'closed', requests: 48, promptTokens: 256, outputTokens: 64 },
  methods: [
    { kind: 'autoregressive' },
    { kind: 'draft', draft: 'llama-68m', gamma: 4, acceptance: { kind: 'iid', alpha: 0.7 } },
    { kind: 'eagle', tree: { kind: 'dynamic', depth: 4, topK: 4, nodes: 16 }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } },
  ],
};

/** A TinyLlama-shaped Hugging Face config (the Llama tokenizer, so the llama-68m draft fits it). */
const CONFIG = { _name_or_path: 'my-llama', architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 2048, intermediate_size: 5632, num_attention_heads: 32, num_key_value_heads: 4, num_hidden_layers: 22, vocab_size: 32000, max_position_embeddings: 2048, torch_dtype: 'bfloat16' };

let dir: string;
let page0: string;
let browser: Browser | undefined;
const problems: string[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'specsim-playground-'));
  await exec(process.execPath, [BIN, 'playground', '--out', dir, '--quiet']);
  page0 = pathToFileURL(join(dir, 'playground.html')).href;
  if (present || process.env.CI) browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
afterAll(async () => { await browser?.close(); });

type Win = { playground: { scenario(): Record<string, unknown>; files(): Record<string, string>; results(): Result[]; load(f: { name: string; text: string }[]): Promise<void> } };

const urlOf = (scenario: unknown): string => `${page0}#s=${encodeURIComponent(JSON.stringify(scenario))}`;

async function open(url: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await browser!.newPage({ viewport, acceptDownloads: true });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => { if (!/^(file|blob|data):/.test(r.url())) problems.push(`network: ${r.url()}`); });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#results')!.dataset['done'] === '1', undefined, { timeout: 60_000 });
  return page;
}

const counters = (page: Page) => page.evaluate(() => { const d = document.querySelector<HTMLElement>('#results')!.dataset; return { done: Number(d['done']), errors: Number(d['errors']) }; });

/** Do `action`, then wait until the page has either drawn new results with every chart, or shown an error. */
async function update(page: Page, action: () => Promise<unknown>): Promise<'results' | 'error'> {
  const before = await counters(page);
  await action();
  // Finished and idle: an action may post more than one request (a loaded file, then the controls it fills);
  // the results to check are those of the last, when no request is in flight.
  await page.waitForFunction((b) => {
    const r = document.querySelector<HTMLElement>('#results')!;
    const d = r.dataset;
    return (Number(d['done']) > b.done || Number(d['errors']) > b.errors) && r.getAttribute('aria-busy') === 'false';
  }, before, { timeout: 60_000 });
  return (await counters(page)).errors > before.errors ? 'error' : 'results';
}

const tableText = (page: Page) => page.locator('#table tbody').innerText();
const chartText = (page: Page, name: string) => page.locator(`figure[data-chart="${name}"] svg`).evaluate((svg) => svg.textContent ?? '');
const chartsHtml = (page: Page) => page.locator('#charts').evaluate((c) => c.innerHTML);
const pageState = (page: Page) => page.evaluate(() => { const p = (window as unknown as Win).playground; return { scenario: p.scenario(), files: p.files(), results: p.results() }; });
const errorBy = async (page: Page, control: ReturnType<Page['locator']>) => page.locator(`#${(await control.getAttribute('aria-describedby'))!.split(' ')[0]}`).innerText();

/** `specsim run --json` (or its error line) for a scenario saved as scenario.json beside `files`. */
async function cli(scenario: unknown, files: Record<string, string> = {}): Promise<{ results?: Result[]; report?: { scenario: object }; stderr: string; cwd: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'specsim-playground-cli-'));
  writeFileSync(join(cwd, 'scenario.json'), JSON.stringify(scenario));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  try {
    const { stdout } = await exec(process.execPath, [BIN, 'run', 'scenario.json', '--json', '--quiet', '--no-charts', '--jobs', '1', '--out', 'report'], { cwd });
    const report = JSON.parse(stdout) as { scenario: object; results: Result[] };
    return { results: report.results, report, stderr: '', cwd };
  } catch (e) {
    return { stderr: String((e as { stderr: string }).stderr).trim(), cwd };
  }
}

/** Every metric the page shows equals the CLI's. */
function expectSameResults(page: Result[], ran: Result[]): void {
  expect(page.map((r) => [r.hardware, r.model, r.method, r.batch])).toEqual(ran.map((r) => [r.hardware, r.model, r.method, r.batch]));
  page.forEach((r, i) => {
    for (const [k, v] of Object.entries(r.metrics)) expect(ran[i]!.metrics[k as keyof Result['metrics']], `${r.method} batch ${r.batch} ${k}`).toEqual(v);
  });
}

test('the page is one file under 2 MB', () => {
  expect(statSync(join(dir, 'playground.html')).size).toBeLessThan(2 * 1024 * 1024);
});

browserTest('controls update the charts and table, and the page gives the CLI\'s numbers and messages', async () => {
  const page = await open(urlOf(SCENARIO));
  // All four charts: time per token, speedup, the throughput/latency frontier and the step timeline.
  expect(await page.locator('figure[data-chart] svg').count()).toBe(4);
  expect(await chartText(page, 'frontier')).toContain('aggregate tokens/s');
  expect(await chartText(page, 'timeline')).toMatch(/target on h100-sxm/);
  expect(await page.locator('#table tbody tr').count()).toBe(9);
  const first = await tableText(page);

  // Hardware: every row and the charts now say a100-sxm, and the numbers moved.
  await update(page, () => page.getByLabel('Hardware', { exact: true }).selectOption('a100-sxm'));
  expect(await page.locator('#table tbody tr[data-hardware="a100-sxm"]').count()).toBe(9);
  expect(await chartText(page, 'speedup-vs-batch')).toContain('a100-sxm');
  expect(await tableText(page)).not.toBe(first.replaceAll('h100-sxm', 'a100-sxm'));

  // A method setting by keyboard: γ 4 → 5 on the draft's slider.
  await update(page, async () => { await page.locator('input[type=range][data-slider-for="methods.1.gamma"]').focus(); await page.keyboard.press('ArrowRight'); });
  expect((await pageState(page)).scenario).toMatchObject({ methods: [{}, { gamma: 5 }, {}] });

  // α typed into its box.
  const cell = page.locator('tr[data-method="draft"][data-batch="8"] td:nth-child(6)');
  const speedupBefore = await cell.innerText();
  const alpha = page.getByLabel('draft: Acceptance α (per drafted token)', { exact: true });
  await update(page, async () => { await alpha.fill('0.55'); await alpha.press('Enter'); });
  expect(await cell.innerText()).not.toBe(speedupBefore);

  // A method added from the registry's list starts from its compare default and joins the charts and table.
  await page.getByLabel('Add a method').selectOption('ngram');
  await update(page, () => page.getByRole('button', { name: 'Add', exact: true }).click());
  expect(await page.locator('#table tbody tr[data-method="ngram"]').count()).toBe(3);
  expect(await chartText(page, 'tpot-vs-batch')).toContain('ngram');

  // Sampling temperature (the scenario's key; absent = greedy): acceptance falls, so does the speedup.
  const greedy = await cell.innerText();
  const temperature = page.getByLabel('Sampling temperature (empty = greedy)', { exact: true });
  await update(page, async () => { await temperature.fill('1'); await temperature.press('Enter'); });
  expect(Number(await cell.innerText())).toBeLessThan(Number(greedy));

  // Same scenario and seed through the CLI: the same numbers.
  const { scenario, results } = await pageState(page);
  expect(scenario).toMatchObject({ hardware: ['a100-sxm'], temperature: 1, methods: [{}, { gamma: 5, acceptance: { alpha: 0.55 } }, {}, { kind: 'ngram' }] });
  const ran = await cli(scenario);
  expect(ran.stderr).toBe('');
  expectSameResults(results, ran.results!);
  const shown = await page.locator('tr[data-method="draft"][data-batch="8"] td:nth-child(4)').innerText();
  expect(Number(shown)).toBeCloseTo(ran.results!.find((r) => r.method === 'draft' && r.batch === 8)!.metrics.tpotMs.mean, 2);

  // "Download scenario" saves what the page shows.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download scenario' }).click()]);
  expect(JSON.parse(readFileSync((await download.path())!, 'utf8'))).toEqual(scenario);

  // α out of range: the CLI's line beside the α box; the last good results stay.
  const good = await tableText(page);
  const goodCharts = await chartsHtml(page);
  const bad = await cli({ ...scenario, methods: (scenario['methods'] as object[]).map((m, i) => (i === 1 ? { ...m, acceptance: { kind: 'iid', alpha: 1.5 } } : m)) });
  expect(bad.stderr).toMatch(/^specsim: .*alpha.*\(scenario\.json at \$\.methods\[1\]\.acceptance\.alpha\)$/);
  expect(await update(page, async () => { await alpha.fill('1.5'); await alpha.press('Enter'); })).toBe('error');
  expect(await errorBy(page, alpha)).toBe(bad.stderr);
  expect(await alpha.getAttribute('aria-invalid')).toBe('true');
  expect(await tableText(page)).toBe(good);

  // A batch that does not fit: the CLI's line beside the batch box; results and charts stay.
  await update(page, async () => { await alpha.fill('0.55'); await alpha.press('Enter'); });
  const batch = page.getByLabel('Batch sizes (comma-separated)');
  const tooBig = await cli({ ...scenario, batch: [1, 8, 32, 4096] });
  expect(tooBig.stderr).toMatch(/^specsim: batch 4096 of llama2-7b .* does not fit in a100-sxm memory.*\(scenario\.json at \$\.batch\[3\]\)$/);
  expect(await update(page, async () => { await batch.fill('1, 8, 32, 4096'); await batch.press('Enter'); })).toBe('error');
  expect(await errorBy(page, batch)).toBe(tooBig.stderr);
  expect(await tableText(page)).toBe(good);
  expect(await chartsHtml(page)).toBe(goodCharts);

  // The address is the scenario: a fresh page at the same URL draws the same charts and table.
  await update(page, async () => { await batch.fill('1, 8, 32'); await batch.press('Enter'); });
  // The address follows the page shortly after a change (browsers throttle history updates).
  await expect.poll(() => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('s')), { timeout: 10_000 }).toBe(JSON.stringify(scenario));
  const again = await open(page.url());
  expect((await pageState(again)).results).toEqual(results);
  expect(await chartsHtml(again)).toBe(await chartsHtml(page));
  expect(await tableText(again)).toBe(good);

  // Every control has a label a screen reader reads.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('input, select, textarea, button')]
    .filter((c) => !((c as HTMLInputElement).labels?.length || c.getAttribute('aria-label') || (c.tagName === 'BUTTON' && c.textContent?.trim())))
    .map((c) => c.outerHTML.slice(0, 80)));
  expect(unlabelled).toEqual([]);
  await page.screenshot({ path: join(dir, 'playground.png'), fullPage: true });
  expect(problems).toEqual([]);
  await again.close();
  await page.close();
}, BROWSER_TIMEOUT_MS);

browserTest('the engine\'s batching controls: a cap on running requests, a batch policy, left out when emptied', async () => {
  const scenario = { ...SCENARIO, engine: 'sglang', batch: [1, 8], methods: [SCENARIO.methods[0], SCENARIO.methods[2]] };
  const page = await open(urlOf(scenario));
  const running = page.getByLabel('Requests running at once (empty = the engine\'s: SGLang 48 when speculating)', { exact: true });
  await update(page, async () => { await running.fill('4'); await running.press('Enter'); });
  const capped = await pageState(page);
  expect(capped.scenario).toMatchObject({ engine: 'sglang', maxRunningRequests: 4 });
  // What the page shows is what the CLI gives for the scenario it holds: batch 8 runs at the cap of 4.
  const ran = await cli(capped.scenario);
  expectSameResults(capped.results, ran.results!);
  expect(ran.results!.find((r) => r.batch === 8)?.detail?.runningCap).toBe(4);
  await update(page, () => page.getByLabel('Batching', { exact: true }).selectOption('static'));
  expect((await pageState(page)).scenario).toMatchObject({ batching: 'static' });
  await update(page, () => page.getByLabel('Batching', { exact: true }).selectOption(''));
  await update(page, async () => { await running.fill(''); await running.press('Enter'); });
  const back = (await pageState(page)).scenario;
  expect('batching' in back || 'maxRunningRequests' in back).toBe(false);
  expect(problems).toEqual([]);
  await page.close();
}, BROWSER_TIMEOUT_MS);

browserTest('hardware side by side, custom hardware, a pasted config.json, loaded files and a phone\'s width', async () => {
  const page = await open(urlOf(SCENARIO));
  const before = (await pageState(page)).results;

  // Hardware side by side: a second entry adds a panel per chart and its rows; removing it restores the page.
  await update(page, () => page.getByRole('button', { name: 'Compare with other hardware' }).click());
  expect((await pageState(page)).scenario['hardware']).toEqual(['h100-sxm', 'h200-sxm']);
  expect(await page.locator('#table tbody tr[data-hardware="h200-sxm"]').count()).toBe(9);
  expect(await chartText(page, 'tpot-vs-batch')).toMatch(/h100-sxm[\s\S]*h200-sxm|h200-sxm[\s\S]*h100-sxm/);
  await update(page, () => page.getByRole('button', { name: 'Remove hardware 2' }).click());
  expect((await pageState(page)).results).toEqual(before);

  // Custom hardware: a copy of the H100 profile with half its memory bandwidth, edited in the page.
  await update(page, () => page.getByRole('button', { name: 'Edit a copy of h100-sxm' }).click());
  const bw = page.getByLabel('my-h100-sxm.json: Memory bandwidth (bytes/s)', { exact: true });
  await update(page, async () => { await bw.fill('1.675e12'); await bw.press('Enter'); });
  const custom = await pageState(page);
  expect(custom.scenario['hardware']).toEqual(['my-h100-sxm.json']);
  expect(Object.keys(custom.files)).toEqual(['my-h100-sxm.json']);
  const tpot = (rs: Result[], m: string, b: number) => rs.find((r) => r.method === m && r.batch === b)!.metrics.tpotMs.mean;
  // Decoding at batch 1 is bandwidth-bound: half the bandwidth, well over 1.5× the time per token.
  expect(tpot(custom.results, 'autoregressive', 1)).toBeGreaterThan(1.5 * tpot(before, 'autoregressive', 1));
  const ran = await cli(custom.scenario, custom.files);
  expect(ran.stderr).toBe('');
  expectSameResults(custom.results, ran.results!);

  // A profile field out of range: the CLI's line (the profile file's name and field) next to that field.
  const mem = page.getByLabel('my-h100-sxm.json: Memory (bytes)', { exact: true });
  const badProfile = JSON.parse(custom.files['my-h100-sxm.json']!) as Record<string, unknown>;
  badProfile['memoryBytes'] = -1;
  const badHw = await cli(custom.scenario, { 'my-h100-sxm.json': JSON.stringify(badProfile) });
  expect(badHw.stderr).toMatch(/\(my-h100-sxm\.json at \$\.memoryBytes\)$/);
  expect(await update(page, async () => { await mem.fill('-1'); await mem.press('Enter'); })).toBe('error');
  expect(await errorBy(page, mem)).toBe(badHw.stderr);
  await update(page, () => page.getByLabel('Hardware', { exact: true }).selectOption('h100-sxm'));

  // A malformed config.json: the CLI's line (its path as the page names the file).
  await page.locator('#paste-config summary').click();
  await page.getByLabel('Paste the model\'s config.json').fill('{ "hidden_size": 4096,');
  expect(await update(page, () => page.getByRole('button', { name: 'Use this config.json' }).click())).toBe('error');
  const malformed = await cli({ ...SCENARIO, model: 'config.json' }, { 'config.json': '{ "hidden_size": 4096,' });
  expect(malformed.stderr).toMatch(/^specsim: invalid JSON .*config\.json\)$/);
  const configBox = page.getByLabel('config.json (Hugging Face config)');
  expect(await errorBy(page, configBox)).toBe(malformed.stderr.replace(`${malformed.cwd}/`, ''));
  // Fixed in place: the pasted model runs, and the CLI agrees.
  await update(page, async () => { await configBox.fill(JSON.stringify(CONFIG, null, 1)); await configBox.blur(); });
  const pasted = await pageState(page);
  expect(pasted.results.every((r) => r.model === 'my-llama')).toBe(true);
  expectSameResults(pasted.results, (await cli(pasted.scenario, pasted.files)).results!);

  // Loading a scenario file restores the page (its controls, results and address); a report.json restores its scenario.
  const loaded = { ...SCENARIO, name: 'loaded', batch: [2, 4], workload: { kind: 'poisson', rate: 6, requests: 40, promptTokens: 200, outputTokens: 50 } };
  await update(page, () => page.locator('#load').setInputFiles({ name: 'loaded.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(loaded)) }));
  expect((await pageState(page)).scenario).toEqual(loaded);
  expect(await page.getByLabel('Batch sizes (comma-separated)').inputValue()).toBe('2, 4');
  expect(await page.getByLabel('Arrival rate (requests/s)', { exact: true }).inputValue()).toBe('6');
  expect(await page.locator('#table tbody tr').count()).toBe(6);
  expectSameResults((await pageState(page)).results, (await cli(loaded)).results!);
  // A trace: the CSV loaded, then chosen as the workload; the CLI with the same CSV beside the scenario agrees.
  const csv = ['arrival_ms,prompt_tokens,output_tokens', ...Array.from({ length: 30 }, (_x, i) => `${i * 40},${100 + 10 * i},${30 + (i % 7)}`)].join('\n');
  await page.evaluate((t) => (window as unknown as Win).playground.load([{ name: 'trace.csv', text: t }]), csv);
  await update(page, () => page.getByLabel('Requests', { exact: true }).selectOption('trace'));
  const traced = await pageState(page);
  expect(traced.scenario['workload']).toEqual({ kind: 'trace', file: 'trace.csv' });
  expect(Object.keys(traced.files)).toEqual(['trace.csv']);
  expectSameResults(traced.results, (await cli(traced.scenario, traced.files)).results!);

  const { report } = await cli(SCENARIO);
  await update(page, () => page.evaluate((t) => (window as unknown as Win).playground.load([{ name: 'report.json', text: t }]), JSON.stringify(report)));
  expect((await pageState(page)).scenario).toEqual(report!.scenario);
  expect(await page.locator('#table tbody tr').count()).toBe(9);

  // A phone's width: nothing scrolls sideways, every control is inside the screen and reachable by Tab.
  const phone = await open(page.url(), { width: 390, height: 844 });
  const layout = await phone.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
    outside: [...document.querySelectorAll<HTMLElement>('#controls input, #controls select, #controls button, #controls textarea')]
      .filter((c) => c.offsetParent !== null).filter((c) => { const r = c.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth; }).map((c) => c.id || c.outerHTML.slice(0, 60)),
  }));
  expect(layout.scroll).toBeLessThanOrEqual(layout.inner);
  expect(layout.outside).toEqual([]);
  const reached = new Set<string>();
  for (let i = 0; i < 40; i++) {
    await phone.keyboard.press('Tab');
    reached.add(await phone.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute('aria-label') ?? (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? ''));
  }
  expect([...reached]).toEqual(expect.arrayContaining(['Hardware', 'Model', 'Batch sizes (comma-separated)', 'draft: γ (tokens drafted per step) (slider)']));
  expect(problems).toEqual([]);
  await phone.close();
  await page.close();
}, BROWSER_TIMEOUT_MS);
