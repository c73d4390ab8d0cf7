/**
 * The hostile-input suite: one table of probes per class of the sweep in
 * issue #12 (input, expected exit or error words, nothing written). Most run
 * in-process against the functions the CLI calls; a few through the built
 * CLI. Add a row for every new bug.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli, userLine } from './helpers/cli.js';
import { checkBudget } from '../src/budget.js';
import { readInputFile } from '../src/catalog/read-file.js';
import { parseDecimal, parseIntList } from '../src/cli/options.js';
import { UserError } from '../src/errors.js';
import { checkScenarioBudget, loadScenario, parseScenario } from '../src/scenario/load.js';
import { FIELDS } from '../src/scenario/schema.js';

const exec = promisify(execFile);

/** These probes must answer fast: 30 s at most. */
const cli = (cwd: string, args: string[]) => runCli(cwd, args, { timeoutMs: 30_000 });

const tmp = (): string => mkdtempSync(join(tmpdir(), 'specsim-hostile-'));

const base = {
  name: 'h', seed: 1, hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1],
  workload: { kind: 'closed', requests: 4, promptTokens: 32, outputTokens: 8 },
  methods: [{ kind: 'autoregressive' }],
};

describe('numbers on the command line are decimal, as in JSON', () => {
  it.each([
    ['0x10', /'0x10' is not an integer between 1 and 65536/],
    ['0b11', /'0b11' is not an integer/],
    ['0o7', /'0o7' is not an integer/],
    ['1,,2', /'1,,2' has an empty entry/],
    [',1', /has an empty entry/],
    ['1_000', /'1_000' is not an integer/],
    ['Infinity', /'Infinity' is not an integer/],
    ['1e400', /'1e400' is not an integer/],
    [' ', /expected a comma-separated list/],
    [Array.from({ length: 300 }, (_, i) => i + 1).join(','), /a list of 300 values, above the limit of 256/],
  ])('--batch %j', (value, want) => {
    expect(userLine(() => parseIntList(value, '--batch', FIELDS.batch))).toMatch(want);
  });

  it('decimals, exponents and signs still parse', () => {
    expect(parseIntList('1, 2,1e3', '--batch', FIELDS.batch)).toEqual([1, 2, 1000]);
    expect([parseDecimal('-0.5'), parseDecimal('.5'), parseDecimal('2.'), parseDecimal('+3')]).toEqual([-0.5, 0.5, 2, 3]);
    expect([parseDecimal('0x10'), parseDecimal(''), parseDecimal('1e'), parseDecimal('NaN')].every(Number.isNaN)).toBe(true);
  });
});

describe('one budget of work per run', () => {
  it.each([
    [{ points: 20_001, tokens: 0 }, /asks for 20001 points, above the budget of 20000 per run; .* SPECSIM_MAX_POINTS=20001/],
    [{ points: 1, tokens: 5e8 + 1 }, /would simulate 5\.00e8 output tokens, above the budget of 5\.00e8 per run.*SPECSIM_MAX_TOKENS=/],
    [{ points: 1, tokens: Number.POSITIVE_INFINITY }, /above the budget/],
  ])('%j is refused, naming the limit and how to raise it', (work, want) => {
    expect(userLine(() => checkBudget(work, 'here'))).toMatch(want);
  });

  it('the environment raises it; a bad value is named', () => {
    process.env.SPECSIM_MAX_POINTS = '30000';
    try { expect(() => checkBudget({ points: 25_000, tokens: 0 }, 'here')).not.toThrow(); } finally { delete process.env.SPECSIM_MAX_POINTS; }
    process.env.SPECSIM_MAX_TOKENS = '0x10';
    try { expect(userLine(() => checkBudget({ points: 1, tokens: 1 }, 'here'))).toMatch(/must be a positive number, got '0x10' \(SPECSIM_MAX_TOKENS\)/); } finally { delete process.env.SPECSIM_MAX_TOKENS; }
  });

  it.each([
    ['256 batch sizes × 100 methods × 1 hardware of 10⁶ tokens each', { ...base, batch: Array.from({ length: 256 }, (_, i) => i + 1), methods: Array.from({ length: 100 }, (_, i) => ({ kind: 'ngram', label: `n${i}`, gamma: 2, acceptance: { kind: 'iid', alpha: 0.5 } })), workload: { kind: 'closed', requests: 1000, promptTokens: 8, outputTokens: 1000 } }, /the scenario asks for 25856 points/],
    ['10 points of 10⁸ tokens', { ...base, batch: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], workload: { kind: 'closed', requests: 100_000, promptTokens: 8, outputTokens: 1000 } }, /would simulate 1\.00e9 output tokens/],
  ])('a scenario: %s', (_what, doc, want) => {
    expect(userLine(() => checkScenarioBudget(parseScenario(doc), '.', 's.json'))).toMatch(want);
  });

  it('a trace bypasses nothing: its output tokens count per point and per run', () => {
    const d = tmp();
    writeFileSync(join(d, 'big.csv'), Array.from({ length: 200 }, (_, i) => `${i},10,1000000`).join('\n'));
    const s = parseScenario({ ...base, workload: { kind: 'trace', file: 'big.csv' } });
    expect(userLine(() => checkScenarioBudget(s, d, 's.json'))).toMatch(/the trace holds 200000000 output tokens, above the limit of 100000000 simulated tokens per point/);
    writeFileSync(join(d, 'mid.csv'), Array.from({ length: 90 }, (_, i) => `${i},10,1000000`).join('\n'));
    const s2 = parseScenario({ ...base, batch: [1, 2, 4, 8, 16, 32], workload: { kind: 'trace', file: 'mid.csv' } });
    expect(userLine(() => checkScenarioBudget(s2, d, 's.json'))).toMatch(/would simulate 5\.40e8 output tokens/);
  });

  it.concurrent.each([
    [['cost', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--batch', Array.from({ length: 200 }, (_, i) => i + 1).join(','), '--tokens', Array.from({ length: 200 }, (_, i) => i + 1).join(',')], /the cost table asks for 40000 points, above the budget of 20000/],
    [['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'draft', '--requests', '1000000', '--output-tokens', '1000'], /the search would simulate 4\.80e10 output tokens/],
    [['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'draft', '--output-tokens', '10000000'], /'10000000' is not an integer between 2 and 1000000 \(--output-tokens\)/],
    [['compare', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--batch', '1,2,3,4,5,6,7,8', '--requests', '100000', '--output-tokens', '1000'], /the comparison would simulate 1\.60e9 output tokens/],
    [['compare', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--batch', '1', '--requests', '1000000', '--output-tokens', '1000'], /requests × output tokens is 1000000000, above the limit of 100000000 simulated tokens per point/],
  ])('CLI %j: exit 2 before any work, nothing written', async (args, want) => {
    const d = tmp();
    const t0 = Date.now();
    const r = await cli(d, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(want);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(d)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});

describe('input files: regular files only, size-capped, - for standard input', () => {
  it.each([
    ['/dev/zero', /is not a regular file \(a device, FIFO or socket\); give a JSON file \(\/dev\/zero\)/],
    ['/dev/urandom', /is not a regular file/],
    ['/dev/stdin', /./],
    ['/proc/self/environ', /is binary \(it holds NUL bytes\)/],
    ['/', /is a directory, expected a JSON file/],
    ['', /no JSON file given/],
    [`/tmp/${'x'.repeat(300)}.json`, /the path is too long|no such file/],
    ['/nonexistent/s.json', /no such file \(\/nonexistent\/s\.json\)/],
  ])('%s', (path, want) => {
    expect(userLine(() => loadScenario(path))).toMatch(want);
  });

  it('a FIFO is refused at once (no writer needed), a file above the cap by its size, a file that lies about its size by what is read', () => {
    const d = tmp();
    const big = join(d, 'big.json');
    writeFileSync(big, ' '.repeat(17 * 1024 * 1024));
    expect(userLine(() => loadScenario(big))).toMatch(/is 17 MB, above the limit of 16 MB for a JSON file/);
    expect(userLine(() => readInputFile('/proc/self/maps', 'JSON file', 10))).toMatch(/is larger than the limit of 0\.00 MB/);
  });

  it.concurrent('a FIFO and /dev/zero through the CLI: exit 2 at once', async () => {
    const d = tmp();
    await exec('mkfifo', [join(d, 'pipe.json')]);
    for (const f of [join(d, 'pipe.json'), '/dev/zero']) {
      const r = await cli(d, ['run', f, '--quiet']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not a regular file/);
    }
    const cal = await cli(d, ['calibrate', '--check', '--data', '/dev/urandom']);
    expect(cal.code).toBe(2);
    expect(cal.stderr).toMatch(/is not a regular file .* give a JSONL file of measurements/);
  });
});

describe('relative paths inside a scenario resolve against the scenario file', () => {
  it.concurrent('hardware, model and draft files beside the scenario are found from any working directory, with the same result', async () => {
    const root = tmp();
    const proj = join(root, 'proj');
    mkdirSync(join(proj, 'models'), { recursive: true });
    writeFileSync(join(proj, 'gpu.json'), readFileSync('data/hardware/h100-sxm.json', 'utf8').replace('"id": "h100-sxm"', '"id": "my-gpu"'));
    const cfg = { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 4096, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 32, intermediate_size: 11008, vocab_size: 32000 };
    writeFileSync(join(proj, 'models', 'config.json'), JSON.stringify(cfg));
    writeFileSync(join(proj, 's.json'), JSON.stringify({ ...base, hardware: ['./gpu.json'], model: 'models/config.json', methods: [{ kind: 'autoregressive' }, { kind: 'draft', draft: 'llama-68m', gamma: 2, acceptance: { kind: 'iid', alpha: 0.6 } }] }));
    const a = await cli(proj, ['run', 's.json', '--json', '--out', join(root, 'a')]);
    const b = await cli(root, ['run', 'proj/s.json', '--json', '--out', join(root, 'b')]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    expect(JSON.parse(a.stdout).results[0].hardware).toBe('./gpu.json');
    expect(JSON.parse(a.stdout).results[0].metrics.tpotMs.mean).toBeGreaterThan(0);
    expect(b.stdout).toBe(a.stdout);
  });
});
