/**
 * `specsim calibrate` on bad input: every bad measurement row, unreadable
 * file or unwritable --write path is a UserError (one line naming the file
 * and line, exit 2), never an internal error or a silent NaN.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadMeasurements } from '../src/calibrate/measurements.js';
import { dataPath } from '../src/catalog/data-dir.js';
import { UserError } from '../src/errors.js';

const MODEL = '{"kind": "model", "model": "m", "shape": [4096, 32, 32, 32, 11008, 32000]}';
const STEP = '{"kind": "decode", "model": "m", "batch": 1, "q": 1, "ctx": 512, "ms": 6.5}';

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'specsim-cal-'));
  const path = join(dir, 'm.jsonl');
  writeFileSync(path, text);
  return path;
}

/** The UserError loadMeasurements throws for the file at `path`, as the CLI's one line. */
function errorLine(path: string): string {
  try {
    loadMeasurements(path);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as UserError).line();
  }
  throw new Error('loadMeasurements accepted bad input');
}

describe('loadMeasurements on bad input', () => {
  test('the shipped measurements load', () => {
    const set = loadMeasurements(dataPath('calibration', 'h100-measurements.jsonl'));
    expect(set.steps.length).toBeGreaterThan(0);
    for (const s of set.steps) expect(Number.isFinite(s.batch + s.q + s.ctx + s.ms), JSON.stringify(s)).toBe(true);
  });

  test('a line `null`', () => {
    const p = file(`${MODEL}\nnull\n${STEP}\n`);
    expect(errorLine(p)).toBe(`specsim: a row must be a JSON object, got null (${p}:2)`);
  });

  test('a model row without shape', () => {
    const p = file('{"kind": "model", "model": "m"}\n');
    expect(errorLine(p)).toMatch(new RegExp(`^specsim: model row: missing required field 'shape'.*\\(${p}:1\\)$`));
  });

  test('a model row with a short shape', () => {
    const p = file(`{"kind": "model", "model": "m", "shape": [4096, 32]}\n${STEP}\n`);
    expect(errorLine(p)).toMatch(new RegExp(`^specsim: model row: shape .*\\(${p}:1\\)$`));
  });

  test('step rows missing fields or with non-numbers are errors, not NaN', () => {
    const p = file(`${MODEL}\n{"kind": "decode", "model": "m", "batch": 1, "ctx": 512, "ms": 6.5}\n`);
    expect(errorLine(p)).toMatch(new RegExp(`^specsim: decode row: missing required field 'q'.*\\(${p}:2\\)$`));
    const p2 = file(`${MODEL}\n{"kind": "decode", "model": "m", "batch": "8", "q": 1, "ctx": 512, "ms": 6.5}\n`);
    expect(errorLine(p2)).toMatch(new RegExp(`^specsim: decode row: batch .*'8'.*\\(${p2}:2\\)$`));
    const p3 = file(`${MODEL}\n{"kind": "gemm", "m": 1, "n": 2, "ms": 0.1}\n`);
    expect(errorLine(p3)).toMatch(new RegExp(`^specsim: gemm row: missing required field 'k'.*\\(${p3}:2\\)$`));
  });

  test('the first bad row is named, with a count of the others', () => {
    const p = file(`${MODEL}\n[1]\n${STEP}\n{"kind": "decode"}\n{"kind": 3}\n`);
    const line = errorLine(p);
    expect(line).toMatch(/^specsim: a row must be a JSON object, got \[1\]; 2 more bad rows after it/);
    expect(line.endsWith(`(${p}:2)`)).toBe(true);
  });

  test('a step row naming a model with no model row gives its line', () => {
    const p = file(`${MODEL}\n${STEP.replace('"m"', '"other"')}\n`);
    expect(errorLine(p)).toBe(`specsim: decode row refers to model 'other' with no model row (${p}:2)`);
  });

  test('invalid JSON, a directory, a missing file, a file with no rows', () => {
    const p = file(`${MODEL}\n{"kind": \n`);
    expect(errorLine(p)).toBe(`specsim: invalid JSON line (${p}:2)`);
    const dir = mkdtempSync(join(tmpdir(), 'specsim-cal-'));
    expect(errorLine(dir)).toBe(`specsim: is a directory, expected a JSONL file of measurements (${dir})`);
    expect(errorLine(join(dir, 'none.jsonl'))).toBe(`specsim: no such file (${join(dir, 'none.jsonl')})`);
    const empty = file(`${MODEL}\n{"kind": "device", "name": "x"}\n`);
    expect(errorLine(empty)).toMatch(/^specsim: no step or GEMM measurement rows/);
  });
});

const BIN = resolve('dist/src/bin.js');
const run = promisify(execFile);

async function specsim(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args]);
    return { code: 0, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
}

describe('specsim calibrate (built CLI) on bad input', () => {
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` (npm test builds first)`);
  });

  test('--write into a missing directory: exit 2, one line', async () => {
    const r = await specsim(['calibrate', '--check', '--write', '/nonexistent/dir/x.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('specsim: cannot write the fitted profile (its directory does not exist); choose another --write (/nonexistent/dir/x.json)\n');
  });

  test('--data a directory or a file with a bad row: exit 2, one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-cal-'));
    const a = await specsim(['calibrate', '--check', '--data', dir]);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe(`specsim: is a directory, expected a JSONL file of measurements (${dir})\n`);
    const p = file(`${MODEL}\nnull\n`);
    const b = await specsim(['calibrate', '--check', '--data', p]);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(`specsim: a row must be a JSON object, got null (${p}:2)\n`);
  });

  test('--write to a good path writes the profile', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'specsim-cal-')), 'h100.json');
    const r = await specsim(['calibrate', '--check', '--json', '--write', out]);
    expect(r.code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { id: string }).id).toBe('h100-sxm');
  });

  test('--write never overwrites the measurements (even with --force) nor a file calibrate did not write (without --force); its own output it replaces', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-cal-'));
    const data = join(dir, 'm.jsonl');
    const shipped = readFileSync(dataPath('calibration', 'h100-measurements.jsonl'), 'utf8');
    writeFileSync(data, shipped);
    for (const force of [[], ['--force']]) {
      const r = await specsim(['calibrate', '--check', '--data', data, '--write', data, ...force]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`specsim: is the file given with --data; specsim never overwrites its inputs: choose another --write (${data})\n`);
    }
    expect(readFileSync(data, 'utf8')).toBe(shipped);
    const mine = join(dir, 'thesis.json');
    writeFileSync(mine, '{"my": "notes"}');
    const refused = await specsim(['calibrate', '--check', '--write', mine]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^specsim: exists and specsim did not write it; add --force to replace it, or choose another --write \(/);
    expect(readFileSync(mine, 'utf8')).toBe('{"my": "notes"}');
    const out = join(dir, 'fit.json');
    expect((await specsim(['calibrate', '--check', '--write', out])).code).toBe(0);
    expect((await specsim(['calibrate', '--check', '--write', out])).code).toBe(0); // its own file: replaced
    expect(JSON.parse(readFileSync(out, 'utf8')).source).toMatch(/efficiency fitted by specsim calibrate/);
    expect((await specsim(['calibrate', '--check', '--write', mine, '--force'])).code).toBe(0);
    expect(JSON.parse(readFileSync(mine, 'utf8')).kind).toBe('gpu');
    expect(readdirSync(dir).sort()).toEqual(['fit.json', 'm.jsonl', 'thesis.json']);
  });
});
