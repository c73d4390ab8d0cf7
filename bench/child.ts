/**
 * Measuring a child process: CPU time (user + system, all threads), wall
 * time and peak RSS, read from the preload print-rss.ts. CPU time is what
 * start-up goals use: wall time on a shared machine moves with the load.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildMeasure {
  cpuMs: number;
  wallMs: number;
  maxRssMB: number;
  stdout: string;
}

const PRELOAD = fileURLToPath(new URL('./print-rss.js', import.meta.url));
export const BIN = fileURLToPath(new URL('../src/bin.js', import.meta.url));
export const EMPTY = fileURLToPath(new URL('./empty.js', import.meta.url));

/** Run `node <args>` once; throws unless it exits 0. */
export function measureChild(args: string[]): ChildMeasure {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', PRELOAD, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const m = /specsim-bench-usage (\d+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no usage line from node ${args.join(' ')}`);
  return { cpuMs: Number(m[1]) / 1000, wallMs, maxRssMB: Number(m[2]) / 1024, stdout: r.stdout };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The median CPU, wall time and peak RSS of `runs` runs of each command,
 * interleaved (a, b, c, a, b, c, ...) so a change in the machine's load
 * falls on all of them alike.
 */
export function medianChildren(commands: string[][], runs: number): ChildMeasure[] {
  const all = commands.map(() => [] as ChildMeasure[]);
  for (let r = 0; r < runs; r++) commands.forEach((args, k) => all[k]!.push(measureChild(args)));
  return all.map((ms) => ({
    cpuMs: median(ms.map((m) => m.cpuMs)), wallMs: median(ms.map((m) => m.wallMs)), maxRssMB: median(ms.map((m) => m.maxRssMB)), stdout: ms[0]!.stdout,
  }));
}
