/**
 * Where WORKER_MIN_TOKENS comes from: `node dist/bench/worker-threshold.js`
 * runs the workers sweep of `npm run bench` around the threshold, jobs 1 and
 * 2 interleaved, three runs each, and prints the wall-time ratio per size.
 * Run it on an idle machine: on a loaded one the second core is not free.
 */
import { loadavg } from 'node:os';
import { WORKER_MIN_TOKENS } from '../src/scenario/parallel.js';
import { measureSweep } from './workers.js';

const sizes = [12.5e6, 25e6, 35e6, 50e6, 100e6];
console.log(`load average ${loadavg()[0]!.toFixed(2)}; WORKER_MIN_TOKENS ${WORKER_MIN_TOKENS / 1e6}M`);
console.log('| simulated tokens | wall, 1 thread | wall, 2 workers | 2 workers / 1 thread |');
console.log('| ---: | ---: | ---: | ---: |');
for (const t of sizes) {
  const m = measureSweep(t, 3);
  console.log(`| ${t / 1e6}M | ${m.wallMs1.toFixed(0)} ms | ${m.wallMs2.toFixed(0)} ms | ${(m.wallMs2 / m.wallMs1).toFixed(2)} |`);
}
