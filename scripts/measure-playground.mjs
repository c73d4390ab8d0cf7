// How fast the playground answers (the "interactive speed" figure):
// opens dist/playground/playground.html from disk in headless Chromium
// (Debian's, through playwright-core), waits for the default scenario (the
// quickstart: 4 methods × 8 batch sizes × 256 requests), then changes α of
// the draft method N times and reports the simulator's time per update as
// the page measures it (worker: validate, simulate, chart) and the time from
// the change to the new table.  Usage: node scripts/measure-playground.mjs [N]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const N = Number(process.argv[2] ?? 5);
const page0 = resolve('dist/playground/playground.html');
const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(page0) || !existsSync(exe)) { console.error(`needs ${page0} (npm run build) and Chromium at ${exe}`); process.exit(2); }
const browser = await chromium.launch({ executablePath: exe, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const runs = (n) => page.waitForFunction((k) => document.querySelector('#results').dataset.runs === String(k), n, { timeout: 120_000 });
const simMs = async () => Number(/in (\d+) ms/.exec(await page.textContent('#status'))[1]);
let t = Date.now();
await page.goto(pathToFileURL(page0).href);
await runs(1);
console.log(`first results after opening: ${Date.now() - t} ms (simulation ${await simMs()} ms)`);
const alpha = page.getByLabel('draft: Acceptance α (per drafted token)', { exact: true });
const sims = [];
const walls = [];
for (let i = 0; i < N; i++) {
  await alpha.fill(String(0.6 + i * 0.05));
  t = Date.now();
  await alpha.press('Enter');
  await runs(i + 2);
  walls.push(Date.now() - t);
  sims.push(await simMs());
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`α change → new table, median of ${N}: ${med(walls)} ms (simulation and charts in the worker ${med(sims)} ms); all: ${walls.join(', ')} ms`);
await browser.close();
