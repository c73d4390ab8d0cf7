/**
 * The results table `run`, `compare` and `optimize` print: one row per
 * result under a header per hardware, aligned columns, numbers that match
 * the report; stdout stays pure JSON with --json and empty with --quiet.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import { resultsTable } from '../src/report/terminal.js';

const BIN = resolve('dist/src/bin.js');
const exec = promisify(execFile);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function small(): any {
  const q = JSON.parse(readFileSync('scenarios/quickstart.json', 'utf8'));
  q.batch = [1, 8];
  q.workload.requests = 16;
  q.workload.outputTokens = 32;
  return q;
}

describe('resultsTable', () => {
  test('one row per result, columns aligned, values from the report', () => {
    const report = runScenario(parseScenario(small(), 'test'));
    const lines = resultsTable(report).trimEnd().split('\n');
    expect(lines[0]).toBe('h100-sxm · llama2-7b · 1 device');
    expect(lines[1]).toMatch(/^batch +method +ms\/token +tokens\/s +speedup +thr. speedup +bound$/);
    expect(lines.length).toBe(2 + report.results.length);
    const header = lines[1]!;
    // Right-aligned numeric columns end where their titles end.
    const end = header.indexOf('ms/token') + 'ms/token'.length;
    for (const [i, r] of report.results.entries()) {
      const row = lines[2 + i]!;
      expect(row.slice(0, end).trimEnd().split(/ +/).at(-1)).toBe(r.metrics.tpotMs.mean.toFixed(r.metrics.tpotMs.mean >= 10 ? 1 : 2));
      expect(row).toContain(r.method);
      expect(row.trimEnd().endsWith(r.detail!.targetBound!)).toBe(true);
    }
    // The batch is printed where it changes only.
    expect(lines[2]!.trimStart().startsWith('1 ')).toBe(true);
    expect(lines[3]!.startsWith(' '.repeat(5))).toBe(true);
  });

  test('a throughput-speedup column appears when results carry it; labels are one line', () => {
    const report = runScenario(parseScenario(small(), 'test'));
    report.results[1]!.method = 'bad\nlabel';
    (report.results[1]!.metrics as unknown as Record<string, number>).throughputSpeedup = 1.5;
    const text = resultsTable(report);
    expect(text).toContain('thr. speedup');
    expect(text).toContain('1.50×');
    expect(text).toContain('bad\\nlabel');
  });
});

describe('run prints the table', () => {
  test('on stdout by default; --json stdout is one JSON document; --quiet prints nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-table-'));
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify(small()));
    const plain = await exec(process.execPath, [BIN, 'run', file, '--out', join(dir, 'a')]);
    expect(plain.stdout).toMatch(/batch +method +ms\/token/);
    const json = await exec(process.execPath, [BIN, 'run', file, '--out', join(dir, 'b'), '--json']);
    expect(JSON.parse(json.stdout).results.length).toBeGreaterThan(0);
    const quiet = await exec(process.execPath, [BIN, 'run', file, '--out', join(dir, 'c'), '--quiet']);
    expect(quiet.stdout).toBe('');
  });
});
