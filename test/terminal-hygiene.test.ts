/**
 * What the terminal says must be true: `cost` on Groq names the chips and
 * the precision the weights are stored in (not "bf16", not a `null` batch
 * limit); `validate` prints one-sided claims as bounds, not as errors
 * against a tolerance of 0.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { caseLine } from '../src/cli/validate.js';
import { judge } from '../src/validate/types.js';

const BIN = resolve('dist/src/bin.js');
const exec = promisify(execFile);

describe('cost on Groq', () => {
  test('chips and stored precision in the text; no null batch limit', async () => {
    const { stdout } = await exec(process.execPath, [BIN, 'cost', '--hardware', 'groq-lpu', '--model', 'llama2-70b', '--batch', '1,8']);
    const [head] = stdout.split('\n');
    expect(head).toMatch(/\d+–\d+ chips/);
    expect(head).toContain('weights 8-bit as stored');
    expect(head).not.toMatch(/weights bf16/);
    expect(stdout).not.toContain('null');
    expect(stdout).toContain('no batch limit');
    const json = JSON.parse((await exec(process.execPath, [BIN, 'cost', '--hardware', 'groq-lpu', '--model', 'llama2-70b', '--json'])).stdout);
    expect(json.weightBits).toBe(8);
    expect(json.devices).toBeGreaterThan(500);
    const fp16 = (await exec(process.execPath, [BIN, 'cost', '--hardware', 'groq-lpu', '--model', 'llama2-70b', '--dtype', 'fp16'])).stdout;
    expect(fp16.split('\n')[0]).toContain('weights fp16');
  });

  test('a GPU keeps its tp and batch limit', async () => {
    const { stdout } = await exec(process.execPath, [BIN, 'cost', '--hardware', 'h100-sxm', '--model', 'llama2-7b']);
    expect(stdout.split('\n')[0]).toContain('tp 1 · weights bf16');
    expect(stdout).toMatch(/largest batch that fits at this context: \d+/);
  });
});

describe('validate lines', () => {
  const base = { id: 'x', source: 'test', conditions: '', reference: 1, tolerance: 0, unit: 'ratio', why: '' };
  test('one-sided claims print their bound, two-sided ones their error and tolerance', () => {
    const atLeast = caseLine(judge({ ...base, predicted: 2.305, compare: 'atLeast' }));
    expect(atLeast).toContain('≥ 1.000');
    expect(atLeast).toContain('one-sided');
    expect(atLeast).not.toContain('err');
    expect(atLeast.startsWith('pass')).toBe(true);
    const atMost = caseLine(judge({ ...base, predicted: 1.2, compare: 'atMost', tolerance: 0.1 }));
    expect(atMost).toContain('≤ 1.100');
    expect(atMost.startsWith('FAIL')).toBe(true);
    const rel = caseLine(judge({ ...base, predicted: 1.1, tolerance: 0.15 }));
    expect(rel).toContain('err   10.0%');
    expect(rel).toContain('tol ±15%');
  });
});
