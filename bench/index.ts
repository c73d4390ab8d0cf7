/**
 * `npm run bench`: how fast specsim is, as ratios against references
 * measured in the same run (the machine is shared and noisy; a ratio holds
 * where a raw time does not):
 *
 * - start-up: CPU time (user + system) of `--help`, `list` and `cost` in a
 *   child process against bare `node` loading an empty module;
 * - end to end: CPU time of the quickstart (with and without charts) and of
 *   the 20-million-token run, its tokens per CPU second and peak RSS;
 * - the hot loop: simulated tokens per second (tinybench) against a tight
 *   reference loop doing batch-1 decoding's bare work (reference.ts);
 * - workers: the same sweeps with one thread and two workers (workers.ts);
 * - the playground: an α change redrawn in headless Chromium (playground.ts,
 *   alone: `node dist/bench/playground.js`).
 *
 * `--json` prints one JSON document; `--readme` also rewrites the table
 * between the `bench:start` / `bench:end` markers of README.md. Goals live
 * here, never in unit tests.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import { stepCost } from '../src/cost/step-cost.js';
import { cachedCost } from '../src/sim/cost-cache.js';
import { BIN, EMPTY, measureChild, medianChildren } from './child.js';
import { EXTRA_BENCHES, PERF_SCENARIO, batchOneBench, type BenchSpec } from './extra.js';
import { referenceInput, referenceLoop } from './reference.js';
import { cpuOf, cpuRates } from './cpu.js';
import { parseScenario } from '../src/scenario/load.js';
import { prepareScenario, runPrepared } from '../src/scenario/run.js';
import { crossover, measureSweep, type SweepMeasure } from './workers.js';
import { measurePlayground, playgroundGoal } from './playground.js';

const json = process.argv.includes('--json');
const readme = process.argv.includes('--readme');
const log = (s: string): void => { if (!json) process.stderr.write(`${s}\n`); };
const load0 = loadavg()[0]!;

// ---- In-process rates (tinybench) --------------------------------------
const h100 = resolveHardware('h100-sxm');
const llama = resolveModel('llama3-8b');
let i = 0;
const REF_REQUESTS = 64;
const REF_OUTPUT = 500;
const refInput = referenceInput(REF_REQUESTS, 512, REF_OUTPUT);
let sink = 0;
const reference: BenchSpec = {
  name: `reference loop: batch-1 decoding, ${REF_REQUESTS} × ${REF_OUTPUT} tokens (typed arrays, cached cost per step)`,
  unit: 'tokens', perOp: REF_REQUESTS * REF_OUTPUT, fn: () => { sink += referenceLoop(refInput); },
};
const batchOne = batchOneBench(REF_REQUESTS, REF_OUTPUT);
const specs: BenchSpec[] = [
  reference,
  batchOne,
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
log('in-process rates (tinybench) ...');
const bench = new Bench({ time: 1000, warmupTime: 200 });
for (const s of specs) bench.add(s.name, s.fn);
await bench.run();
if (sink === 42) log(''); // keeps the reference loop's result alive

interface Rate { name: string; unit: string; unitsPerS: number; meanMs: number }
const rates: Rate[] = bench.tasks.map((t, k) => {
  const r = t.result as { throughput?: { mean: number }; latency?: { mean: number } } | undefined;
  const spec = specs[k]!;
  return { name: t.name, unit: spec.unit, unitsPerS: (r?.throughput?.mean ?? 0) * spec.perOp, meanMs: r?.latency?.mean ?? 0 };
});

// ---- CPU-time rates: the batch-1 goal and the 20M-token simulation alone --
log('batch 1 against the reference loop (CPU time, interleaved) ...');
const [refRate, oneRate] = cpuRates([reference, batchOne]) as [number, number];
log('the 20M-token run, simulation alone in this thread (CPU time) ...');
const perfScenario = parseScenario(JSON.parse(readFileSync(PERF_SCENARIO, 'utf8')), PERF_SCENARIO);
const simCpuMs = [0, 1, 2].map(() => cpuOf(() => runPrepared(prepareScenario(perfScenario)))).sort((a, b) => a - b)[1]!;

// ---- Child processes: start-up and end to end --------------------------
log('start-up (CPU time of child processes) ...');
const [bare, help, list, cost] = medianChildren([
  [EMPTY],
  [BIN, '--help'],
  [BIN, 'list', 'models'],
  [BIN, 'cost', '--hardware', 'h100-sxm', '--model', 'llama2-13b', '--batch', '1,2,4', '--tokens', '1,4,16'],
], 9);

log('quickstart and the 20M-token run ...');
const tmp = mkdtempSync(join(tmpdir(), 'specsim-bench-'));
const [quick, quickNoCharts] = medianChildren([
  [BIN, 'run', 'scenarios/quickstart.json', '--out', join(tmp, 'q1'), '--quiet'],
  [BIN, 'run', 'scenarios/quickstart.json', '--out', join(tmp, 'q2'), '--quiet', '--no-charts'],
], 3);
const perfTokens = (() => {
  const s = JSON.parse(readFileSync(PERF_SCENARIO, 'utf8')) as { batch: number[]; methods: unknown[]; workload: { requests: number; outputTokens: number } };
  return s.batch.length * s.methods.length * s.workload.requests * s.workload.outputTokens;
})();
const [perf1] = medianChildren([[BIN, 'run', PERF_SCENARIO, '--out', join(tmp, 'p1'), '--quiet', '--jobs', '1']], 3);
const perf2 = measureChild([BIN, 'run', PERF_SCENARIO, '--out', join(tmp, 'p2'), '--quiet', '--jobs', '2']);
const perfSame = readFileSync(join(tmp, 'p1', 'report.json'), 'utf8') === readFileSync(join(tmp, 'p2', 'report.json'), 'utf8');
rmSync(tmp, { recursive: true, force: true });

log('workers: jobs 1 vs 2 over sweeps ...');
const sweeps: SweepMeasure[] = [1e6, 3e6, 10e6, 30e6].map((t) => measureSweep(t, 1));
const cross = crossover(sweeps);

// ---- Goals --------------------------------------------------------------
interface Goal { measure: string; value: string; reference: string; ratio: string; goal: string; met: boolean }
const fmtMs = (ms: number): string => `${ms.toFixed(0)} ms`;
const startup = (name: string, m: { cpuMs: number }): Goal => ({
  measure: `\`${name}\`: CPU time`, value: fmtMs(m.cpuMs), reference: `bare node ${fmtMs(bare!.cpuMs)}`,
  ratio: `${(m.cpuMs / bare!.cpuMs).toFixed(2)}×`, goal: '≤ 3×', met: m.cpuMs <= 3 * bare!.cpuMs,
});
const perfRate = perfTokens / (perf1!.cpuMs / 1000);
const simRate = perfTokens / (simCpuMs / 1000);
const goals: Goal[] = [
  startup('specsim --help', help!),
  startup('specsim list models', list!),
  startup('specsim cost (9 points)', cost!),
  { measure: '`specsim run quickstart.json`: CPU time, end to end', value: `${(quick!.cpuMs / 1000).toFixed(2)} s`, reference: `bare node ${fmtMs(bare!.cpuMs)}`, ratio: `${(quick!.cpuMs / bare!.cpuMs).toFixed(1)}×`, goal: '≤ 0.8 s', met: quick!.cpuMs <= 800 },
  { measure: '`specsim run quickstart.json --no-charts`: CPU time', value: `${(quickNoCharts!.cpuMs / 1000).toFixed(2)} s`, reference: `bare node ${fmtMs(bare!.cpuMs)}`, ratio: `${(quickNoCharts!.cpuMs / bare!.cpuMs).toFixed(1)}×`, goal: '', met: true },
  { measure: `perf-20m.json simulated in one thread (\`runScenario\` in process): tokens per CPU second (${perfTokens / 1e6}M tokens)`, value: `${(simRate / 1e6).toFixed(1)} M/s`, reference: `CPU ${(simCpuMs / 1000).toFixed(2)} s`, ratio: '', goal: '≥ 25 M/s', met: simRate >= 25e6 },
  { measure: `\`specsim run perf-20m.json --jobs 1\`: tokens per CPU second, end to end (start-up, report, charts)`, value: `${(perfRate / 1e6).toFixed(1)} M/s`, reference: `CPU ${(perf1!.cpuMs / 1000).toFixed(2)} s, wall ${(perf1!.wallMs / 1000).toFixed(2)} s`, ratio: '', goal: '', met: true },
  { measure: '`specsim run perf-20m.json --jobs 1`: peak RSS', value: `${perf1!.maxRssMB.toFixed(0)} MB`, reference: '', ratio: '', goal: '≤ 200 MB', met: perf1!.maxRssMB <= 200 },
  { measure: '`specsim run perf-20m.json --jobs 2`: wall time, peak RSS', value: `${(perf2.wallMs / 1000).toFixed(2)} s, ${perf2.maxRssMB.toFixed(0)} MB`, reference: `jobs 1: ${(perf1!.wallMs / 1000).toFixed(2)} s`, ratio: `${(perf2.wallMs / perf1!.wallMs).toFixed(2)}×`, goal: 'same report.json', met: perfSame },
  { measure: 'batch-1 autoregressive: simulated tokens (= steps) per CPU second', value: `${(oneRate / 1e6).toFixed(2)} M/s`, reference: `reference loop ${(refRate / 1e6).toFixed(0)} M/s`, ratio: `${(refRate / oneRate).toFixed(1)}× slower`, goal: '≤ 4× slower', met: refRate <= 4 * oneRate },
];

log('playground: α changes in headless Chromium (node dist/bench/playground.js runs this case alone) ...');
goals.push(playgroundGoal(await measurePlayground()));

const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}`, loadAvgAtStart: Number(load0.toFixed(2)), loadAvgAtEnd: Number(loadavg()[0]!.toFixed(2)) };
const si = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(1));

function markdown(): string {
  const out: string[] = [];
  out.push(`${machine.cpus} × ${machine.cpu}, Node ${machine.node}, ${machine.platform}; load average ${machine.loadAvgAtStart} at start, ${machine.loadAvgAtEnd} at end`);
  out.push('');
  out.push('| measure | value | reference (same run) | ratio | goal | met |');
  out.push('| --- | ---: | ---: | ---: | ---: | :---: |');
  for (const g of goals) out.push(`| ${g.measure} | ${g.value} | ${g.reference} | ${g.ratio} | ${g.goal} | ${g.goal ? (g.met ? 'yes' : '**no**') : ''} |`);
  out.push('');
  out.push('| in-process rate (tinybench, wall time) | rate | mean ms per op |');
  out.push('| --- | ---: | ---: |');
  for (const r of rates) out.push(`| ${r.name} | ${si(r.unitsPerS)} ${r.unit}/s | ${r.meanMs.toFixed(r.meanMs < 1 ? 4 : 1)} |`);
  out.push('');
  out.push('| sweep (8 points, `run --no-charts`) | jobs 1 wall | jobs 2 wall | jobs 2 / jobs 1 | jobs 1 CPU | jobs 2 CPU |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const s of sweeps) out.push(`| ${(s.tokens / 1e6).toFixed(0)}M tokens | ${(s.wallMs1 / 1000).toFixed(2)} s | ${(s.wallMs2 / 1000).toFixed(2)} s | ${(s.wallMs2 / s.wallMs1).toFixed(2)} | ${(s.cpuMs1 / 1000).toFixed(2)} s | ${(s.cpuMs2 / 1000).toFixed(2)} s |`);
  out.push('');
  out.push(cross === undefined ? 'Two workers beat one thread at none of these sizes (or at all of them).' : `Two workers start to beat one thread at about ${(cross / 1e6).toFixed(1)}M simulated tokens.`);
  return out.join('\n');
}

const text = markdown();
if (json) process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), machine, goals, rates, sweeps, workerCrossoverTokens: cross ?? null, simCpuMs, refRate, oneRate }, null, 2)}\n`);
else process.stdout.write(`${text}\n`);
if (readme) {
  const file = 'README.md';
  const doc = readFileSync(file, 'utf8');
  const m = /(<!-- bench:start -->\n)[\s\S]*?(\n<!-- bench:end -->)/.exec(doc);
  if (!m) throw new Error('README.md has no <!-- bench:start --> … <!-- bench:end --> markers');
  writeFileSync(file, doc.replace(m[0], `${m[1]}Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --readme\`: ${text}${m[2]}`));
  log('README.md performance tables rewritten');
}
