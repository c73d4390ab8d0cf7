// How fast the playground answers (the "interactive speed" figure):
// the playground case of `npm run bench` alone (bench/playground.ts: opens
// dist/playground/playground.html in headless Chromium, changes α of the
// default scenario's draft method N times, then the hardware, and prints the
// page's own timings and the load average).  Usage: node scripts/measure-playground.mjs [N] [--json]
// after `npm run build`.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const bench = resolve('dist/bench/playground.js');
if (!existsSync(bench)) { console.error(`needs ${bench}: npm run build`); process.exit(2); }
const { measurePlayground, describePlayground } = await import(pathToFileURL(bench).href);
const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 9);
const m = await measurePlayground(n);
console.log(process.argv.includes('--json') ? JSON.stringify(m, null, 2) : describePlayground(m));
