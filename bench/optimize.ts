/**
 * How fast `specsim optimize` searches: the analytic phase over ~10⁴
 * candidates (draft with two draft models, EAGLE chains and trees, Medusa,
 * n-gram; tp 1, 2, 4 × bf16, fp8) at 8 batch sizes, then the whole command
 * with its simulations (the finalists re-ranked at each batch;
 * OPTIMIZE_FINALISTS=1 in the environment confirms the analytic pick alone). Run alone: `node dist/bench/optimize.js`
 * (`--json` for one JSON document); `npm run bench` does not run it.
 */
import { performance } from 'node:perf_hooks';
import { optimize, type OptimizeInput } from '../src/optimize/search.js';

const BATCHES = [1, 2, 4, 8, 16, 32, 64, 128];

export const OPTIMIZE_BENCH_INPUT: OptimizeInput = {
  hardware: 'h100-sxm', model: 'llama2-7b', methods: ['draft', 'eagle', 'medusa', 'ngram'], drafts: ['llama-68m', 'tinyllama-1.1b'],
  tp: [1, 2, 4], dtype: ['bf16', 'fp8'], batch: BATCHES, objective: 'cost', context: 256, outputTokens: 128, seed: 42, requests: 64,
  ...(process.env.OPTIMIZE_FINALISTS ? { finalists: Number(process.env.OPTIMIZE_FINALISTS) } : {}),
};

export interface OptimizeBench { candidates: number; batches: number; evaluations: number; finalists: number; changed: number; wallS: number; cpuS: number }

export function benchOptimize(): OptimizeBench {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const o = optimize(OPTIMIZE_BENCH_INPUT);
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const searched = o.doc.points.map((p) => p.analytic.searched);
  const finalists = o.doc.points.reduce((n, p) => n + p.simulated.finalists.length, 0);
  return { candidates: Math.max(...searched), batches: BATCHES.length, evaluations: searched.reduce((a, b) => a + b, 0), finalists, changed: o.meta.reranked.changed, wallS, cpuS: (cpu.user + cpu.system) / 1e6 };
}

if (process.argv[1]?.endsWith('optimize.js')) {
  const r = benchOptimize();
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(r)}\n`);
  else process.stdout.write(`optimize: ${r.candidates} candidates × ${r.batches} batches (${r.evaluations} analytic evaluations, memory permitting) + ${r.finalists} finalists simulated (the pick changed at ${r.changed} of ${r.batches} batches) in ${r.wallS.toFixed(2)} s wall, ${r.cpuS.toFixed(2)} s CPU\n`);
}
