/**
 * Where worker threads pay: the same sweep run with `--jobs 1` and
 * `--jobs 2` (the built CLI, end to end, wall time), for sweeps of growing
 * size. A sweep is perf-20m.json's model, hardware and methods at batches
 * 32, 64, 128 and 256 (8 points); its size is set by the requests per point.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, measureChild } from './child.js';

export interface SweepMeasure {
  /** Simulated output tokens of the sweep. */
  tokens: number;
  points: number;
  /** Median wall ms with one thread and with two workers. */
  wallMs1: number;
  wallMs2: number;
  cpuMs1: number;
  cpuMs2: number;
}

const BATCHES = [32, 64, 128, 256];
const OUTPUT_TOKENS = 500;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** One sweep of `tokens` simulated output tokens in all, jobs 1 and 2 interleaved, `runs` each. */
export function measureSweep(tokens: number, runs: number): SweepMeasure {
  const dir = mkdtempSync(join(tmpdir(), 'specsim-bench-workers-'));
  const points = BATCHES.length * 2;
  const requests = Math.max(1, Math.round(tokens / points / OUTPUT_TOKENS));
  const scenario = {
    name: 'bench-workers', seed: 7, hardware: ['h100-sxm'], model: 'llama3-8b', batch: BATCHES,
    workload: { kind: 'closed', requests, promptTokens: 512, outputTokens: OUTPUT_TOKENS },
    methods: [
      { kind: 'autoregressive' },
      { kind: 'eagle', tree: { kind: 'dynamic', depth: 6, topK: 10, nodes: 60 }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } },
    ],
  };
  const file = join(dir, 'sweep.json');
  writeFileSync(file, JSON.stringify(scenario));
  const m1: { wall: number; cpu: number }[] = [];
  const m2: { wall: number; cpu: number }[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      for (const [jobs, into] of [[1, m1], [2, m2]] as const) {
        const m = measureChild([BIN, 'run', file, '--out', join(dir, `out${jobs}`), '--quiet', '--no-charts', '--jobs', String(jobs)]);
        into.push({ wall: m.wallMs, cpu: m.cpuMs });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    tokens: requests * OUTPUT_TOKENS * points, points,
    wallMs1: median(m1.map((m) => m.wall)), wallMs2: median(m2.map((m) => m.wall)),
    cpuMs1: median(m1.map((m) => m.cpu)), cpuMs2: median(m2.map((m) => m.cpu)),
  };
}

/**
 * The sweep size (tokens) from which two workers beat one thread at every
 * larger size measured, interpolated on log tokens; undefined if they never
 * do (or always do). A single win among losses is no crossover (noise on a
 * loaded machine: jobs 2 / jobs 1 of 0.99 at 3M between 1.97 at 1M and 1.06 at 10M).
 */
export function crossover(ms: SweepMeasure[]): number | undefined {
  const s = [...ms].sort((a, b) => a.tokens - b.tokens);
  const gain = (m: SweepMeasure): number => Math.log(m.wallMs1 / m.wallMs2);
  let first = s.length;
  while (first > 0 && gain(s[first - 1]!) > 0) first--;
  if (first === 0 || first === s.length) return undefined;
  const a = s[first - 1]!;
  const b = s[first]!;
  const t = -gain(a) / (gain(b) - gain(a));
  return Math.exp(Math.log(a.tokens) + t * (Math.log(b.tokens) - Math.log(a.tokens)));
}
