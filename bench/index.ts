/**
 * `npm run bench`: speed of the cost model, the event kernel and end-to-end
 * simulation (tinybench), then the wall time and peak RSS of the
 * 20-million-token run in a child process. Prints a Markdown table, or with
 * `--json` one JSON document. Speed goals live here, never in unit tests.
 */
import { cpus } from 'node:os';
import { Bench } from 'tinybench';
import { resolveHardware } from '../src/catalog/hardware.js';
import { resolveModel } from '../src/catalog/models.js';
import { stepCost } from '../src/cost/step-cost.js';
import { cachedCost } from '../src/sim/cost-cache.js';
import { EXTRA_BENCHES, PERF_SCENARIO, type BenchSpec } from './extra.js';
import { measureRun } from './rss.js';

const json = process.argv.includes('--json');
const h100 = resolveHardware('h100-sxm');
const llama = resolveModel('llama3-8b');
let i = 0;
const specs: BenchSpec[] = [
  {
    name: 'cost model: one decode step (llama3-8b, h100), uncached',
    unit: 'evaluations',
    perOp: 1,
    fn: () => {
      i = (i + 1) % 256;
      stepCost(h100, llama, { batch: 1 + i, tokens: 1 + (i % 8), context: 512 + i, phase: 'decode' });
    },
  },
  (() => {
    const cost = cachedCost(h100, { tp: 1, weightDtype: 'bf16', kvDtype: 'bf16', cudaGraphs: true });
    let j = 0;
    return {
      name: 'cost model: cached lookup of a repeated step shape',
      unit: 'evaluations',
      perOp: 1,
      fn: () => {
        j = (j + 1) % 64;
        cost(llama, 256, 61, 512 + 64 * (j % 8), 'decode');
      },
    };
  })(),
  ...EXTRA_BENCHES,
];

const bench = new Bench({ time: 1000, warmupTime: 200 });
for (const s of specs) bench.add(s.name, s.fn);
await bench.run();

interface Row { name: string; opsPerS: number; meanMs: number; unit: string; unitsPerS: number; maxRssMB?: number }
const rows: Row[] = bench.tasks.map((t, k) => {
  const r = t.result as { throughput?: { mean: number }; latency?: { mean: number } } | undefined;
  const spec = specs[k]!;
  const opsPerS = r?.throughput?.mean ?? 0;
  return { name: t.name, opsPerS, meanMs: r?.latency?.mean ?? 0, unit: spec.unit, unitsPerS: opsPerS * spec.perOp };
});
for (const jobs of [1, 2]) {
  const m = measureRun(PERF_SCENARIO, jobs);
  rows.push({ name: `${m.name}, ${(m.outputTokens / 1e6).toFixed(0)}M tokens`, opsPerS: 1000 / m.wallMs, meanMs: m.wallMs, unit: 'output tokens', unitsPerS: m.tokensPerS, maxRssMB: m.maxRssMB });
}

const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` };
if (json) process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), machine, benches: rows }, null, 2)}\n`);
else {
  const si = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(1));
  console.log(`${machine.cpus} × ${machine.cpu}, Node ${machine.node}, ${machine.platform}`);
  console.log('');
  console.log('| benchmark | rate | mean ms per op | peak RSS |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.name} | ${si(r.unitsPerS)} ${r.unit}/s | ${r.meanMs.toFixed(r.meanMs < 1 ? 4 : 1)} | ${r.maxRssMB !== undefined ? `${r.maxRssMB.toFixed(0)} MB` : ''} |`);
}
