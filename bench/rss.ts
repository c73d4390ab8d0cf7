/**
 * Peak memory and wall time of the 20-million-token run: `specsim run
 * scenarios/perf-20m.json` (the built CLI, report files included) in a child
 * process that prints its own max RSS on exit (print-rss.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunMeasure {
  name: string;
  wallMs: number;
  outputTokens: number;
  tokensPerS: number;
  maxRssMB: number;
}

export function measureRun(scenarioFile: string, jobs: number): RunMeasure {
  const dir = mkdtempSync(join(tmpdir(), 'specsim-bench-'));
  const bin = fileURLToPath(new URL('../src/bin.js', import.meta.url));
  const preload = fileURLToPath(new URL('./print-rss.js', import.meta.url));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', preload, bin, 'run', scenarioFile, '--out', join(dir, 'out'), '--quiet', '--jobs', String(jobs)], { encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`specsim run failed (${r.status}): ${r.stderr}`);
  const kb = Number(/specsim-bench-maxrss-kb (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as { results: { metrics: { outputTokens: number } }[] };
  rmSync(dir, { recursive: true, force: true });
  const outputTokens = report.results.reduce((a, x) => a + x.metrics.outputTokens, 0);
  return { name: `specsim run ${scenarioFile} --jobs ${jobs} (CLI end to end, report written)`, wallMs, outputTokens, tokensPerS: outputTokens / (wallMs / 1000), maxRssMB: kb / 1024 };
}
