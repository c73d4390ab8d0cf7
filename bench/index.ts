/**
 * `npm run bench`: speed of the cost model, the event kernel and end-to-end
 * simulation (tinybench). `--json` prints the results as one JSON document.
 * Speed goals live here, never in unit tests.
 */
import { Bench } from 'tinybench';
import { resolveHardware } from '../src/catalog/hardware.js';
import { resolveModel } from '../src/catalog/models.js';
import { stepCost } from '../src/cost/step-cost.js';
import { EXTRA_BENCHES } from './extra.js';

const json = process.argv.includes('--json');
const bench = new Bench({ time: 1000 });
const h100 = resolveHardware('h100-sxm');
const llama = resolveModel('llama3-8b');
let i = 0;
bench.add('cost model: one decode step (llama3-8b, h100)', () => {
  i = (i + 1) % 256;
  stepCost(h100, llama, { batch: 1 + i, tokens: 1 + (i % 8), context: 512 + i, phase: 'decode' });
});
for (const [name, fn] of EXTRA_BENCHES) bench.add(name, fn);

await bench.run();
const rows = bench.tasks.map((t) => {
  const r = t.result as { throughput?: { mean: number }; latency?: { mean: number } } | undefined;
  return { name: t.name, opsPerS: r?.throughput?.mean ?? 0, meanMs: r?.latency?.mean ?? 0 };
});
if (json) process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), node: process.version, benches: rows }, null, 2)}\n`);
else {
  console.log('| benchmark | ops/s | mean ms |');
  console.log('| --- | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.name} | ${r.opsPerS.toFixed(0)} | ${r.meanMs.toFixed(4)} |`);
}
