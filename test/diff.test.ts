/**
 * `specsim diff`: the same scenario at two seeds differs only by sampling
 * (the scenario diff is the seed alone, means move by a few percent, the
 * deterministic autoregressive points not at all); a changed scenario names
 * the key that moved; the CLI's exit codes (0, 1 with --fail-above, 2).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import { diffReports, diffText, exceeds, jsonChanges, metricSummary } from '../src/report/diff.js';
import { reportJson } from '../src/report/write.js';

const BIN = resolve('dist/src/bin.js');
const exec = promisify(execFile);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function small(): any {
  const q = JSON.parse(readFileSync('scenarios/quickstart.json', 'utf8'));
  q.batch = [1, 4, 16];
  q.workload.requests = 48;
  q.workload.outputTokens = 64;
  return q;
}

const run = (doc: unknown, seed?: number) => runScenario(parseScenario(doc, 'test'), seed !== undefined ? { seed } : {});

describe('diffReports', () => {
  test('two seeds of one scenario: only the seed differs in the scenario, and only sampling moves the metrics', () => {
    const a = run(small(), 1);
    const b = run(small(), 2);
    const d = diffReports(a, b);
    expect(d.onlySeed).toBe(true);
    expect(d.scenario.map((c) => c.path)).toEqual(['seed']);
    expect(d.onlyInA).toEqual([]);
    expect(d.onlyInB).toEqual([]);
    expect(d.points).toHaveLength(a.results.length);
    // Autoregressive decoding draws nothing random in a closed workload of fixed lengths.
    for (const p of d.points.filter((x) => x.key.method === 'autoregressive')) expect(p.changes).toEqual([]);
    // Means over 48 requests move by sampling only: a few percent, not more.
    const byMetric = new Map(metricSummary(d).map((s) => [s.metric, s]));
    expect(byMetric.get('tpotMs.mean')!.largest!).toBeGreaterThan(0);
    expect(byMetric.get('tpotMs.mean')!.largest!).toBeLessThan(0.05);
    expect(byMetric.get('tokensPerS')!.largest!).toBeLessThan(0.05);
    expect(diffText(d)).toContain('identical but for the seed (1 → 2)');
    // A CI gate on the means passes at 5%.
    expect(exceeds(diffReports(a, b, { metrics: ['tpotMs.mean', 'tokensPerS'] }), 0.05)).toBe(false);
  });

  test('a changed scenario names what moved, and the metrics it moved', () => {
    const doc = small();
    const changed = small();
    changed.methods[1].gamma = 6;
    changed.workload.promptTokens = 256;
    const d = diffReports(run(doc), run(changed));
    expect(d.onlySeed).toBe(false);
    expect(d.scenario).toEqual([
      { path: 'workload.promptTokens', a: '512', b: '256' },
      { path: 'methods[1].gamma', a: '4', b: '6' },
    ]);
    const text = diffText(d);
    expect(text).toContain('methods[1].gamma: 4 → 6');
    expect(text).toContain('workload.promptTokens: 512 → 256');
    // Shorter prompts: a faster first token everywhere.
    for (const p of d.points) expect(p.changes.find((c) => c.metric === 'ttftMs.mean')!.relative!).toBeLessThan(0);
  });

  test('points on one side only are listed and count as a move', () => {
    const doc = small();
    const fewer = small();
    fewer.batch = [1, 4];
    const d = diffReports(run(doc), run(fewer));
    expect(d.onlyInA.length).toBe(4);
    expect(d.onlyInA[0]).toContain('batch 16');
    expect(exceeds(d, 1e9)).toBe(true);
    expect(jsonChanges({ x: [1, 2] }, { x: [1, 2, 3] })).toEqual([{ path: 'x', a: '[1,2]', b: '[1,2,3]' }]);
  });
});

describe('specsim diff (CLI)', () => {
  test('exit 0 by default, 1 with --fail-above when a metric moved more, 2 for a missing report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-diff-'));
    const doc = small();
    const changed = small();
    changed.methods[1].acceptance.alpha = 0.5;
    const a = join(dir, 'a'), b = join(dir, 'b.json');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(a);
    writeFileSync(join(a, 'report.json'), reportJson(run(doc)));
    writeFileSync(b, reportJson(run(changed)));
    const ok = await exec(process.execPath, [BIN, 'diff', a, b]);
    expect(ok.stdout).toContain('methods[1].acceptance.alpha: 0.7 → 0.5');
    const same = await exec(process.execPath, [BIN, 'diff', a, a, '--fail-above', '0']);
    expect(same.stdout).toContain('no metric moved');
    const fail = await exec(process.execPath, [BIN, 'diff', a, b, '--fail-above', '1%']).then(() => 0, (e: { code: number; stderr: string }) => { expect(e.stderr).toContain('--fail-above'); return e.code; });
    expect(fail).toBe(1);
    const json = JSON.parse((await exec(process.execPath, [BIN, 'diff', a, b, '--json', '--metrics', 'tpotMs.mean'])).stdout);
    expect(json.points.every((p: { changes: { metric: string }[] }) => p.changes.every((c) => c.metric === 'tpotMs.mean'))).toBe(true);
    const missing = await exec(process.execPath, [BIN, 'diff', a, join(dir, 'nope')]).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });
});
