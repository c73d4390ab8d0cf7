import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.js';
import { REPORT_FILES, writeReport } from '../src/report/write.js';
import { loadScenario, parseScenario } from '../src/scenario/load.js';
import { loadPoints, runScenario } from '../src/scenario/run.js';
import { parseTrace } from '../src/workload/trace.js';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== 'schema.json');

describe('scenarios', () => {
  it.each(files)('%s runs end to end (reduced request count)', (f) => {
    const { scenario, baseDir } = loadScenario(join('scenarios', f));
    expect(scenario.name).toBe(f.replace(/\.json$/, ''));
    if (scenario.workload.kind !== 'trace') scenario.workload.requests = Math.min(scenario.workload.requests, 24);
    const r = runScenario(scenario, { baseDir });
    expect(r.results.length).toBe(scenario.hardware.length * loadPoints(scenario).length * scenario.methods.length);
    for (const res of r.results) expect(res.metrics.speedup).not.toBeNull();
  });

  it('unknown keys and duplicate labels are one-line errors with the JSON path', () => {
    const ok = { name: 'x', hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1], workload: { kind: 'closed', requests: 2, promptTokens: 8, outputTokens: 8 }, methods: [{ kind: 'autoregressive' }] };
    expect(() => parseScenario({ ...ok, batchs: [1] }, 's.json')).toThrow(/unknown key 'batchs'; did you mean 'batch'/);
    try { parseScenario({ ...ok, methods: [{ kind: 'autoregressive' }, { kind: 'autoregressive' }] }, 's.json'); expect.unreachable(); } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).line()).toMatch(/duplicate method label 'autoregressive'.*\(s\.json at \$\.methods\[1\]\.label\)/);
    }
    expect(() => parseScenario({ ...ok, methods: [{ kind: 'draft', draft: 'llama-68m', gamma: 0, acceptance: { kind: 'iid', alpha: 0.5 } }] }, 's.json')).toThrow(UserError);
    const s = parseScenario(ok);
    // batching is left to the engine (chunked for vllm/sglang/trtllm, continuous for none/hf; run.ts batchingOf).
    expect([s.tp, s.dtype, s.kvDtype, s.draftDevice, s.batching, s.seed]).toEqual([1, 'bf16', 'bf16', 'shared', undefined, 0]);
  });

  it('trace CSV: header skipped, bad row named by number', () => {
    expect(parseTrace('arrival_ms,prompt,output\n0,10,5\n5,20,3\n', 't.csv')).toEqual([{ arrivalMs: 0, promptTokens: 10, outputTokens: 5 }, { arrivalMs: 5, promptTokens: 20, outputTokens: 3 }]);
    expect(() => parseTrace('0,10,5\n5,abc,3\n', 't.csv')).toThrow(/row 2: prompt tokens 'abc'/);
    expect(() => parseTrace('0,10\n', 't.csv')).toThrow(/row 1: expected 3 columns/);
  });

  it('a trace workload runs from a CSV beside the scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-trace-'));
    writeFileSync(join(dir, 't.csv'), 'arrival,prompt,output\n0,100,20\n1,50,30\n40,200,10\n');
    writeFileSync(join(dir, 's.json'), JSON.stringify({ name: 'tr', hardware: ['h100-sxm'], model: 'llama2-7b', batch: [2], workload: { kind: 'trace', file: 't.csv' }, methods: [{ kind: 'autoregressive' }] }));
    const { scenario, baseDir } = loadScenario(join(dir, 's.json'));
    const r = runScenario(scenario, { baseDir });
    expect(r.results[0]!.metrics.outputTokens).toBe(60);
    expect(r.results[0]!.metrics.requests).toBe(3);
  });

  it('writeReport writes report.json, results.csv, summary.md and extra writers atomically', async () => {
    const s = parseScenario({ name: 'w', hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1, 2], workload: { kind: 'closed', requests: 4, promptTokens: 64, outputTokens: 16 },
      methods: [{ kind: 'autoregressive' }, { kind: 'draft', draft: 'llama-68m', gamma: 2, acceptance: { kind: 'iid', alpha: 0.5 } }] });
    const report = runScenario(s);
    const dir = join(mkdtempSync(join(tmpdir(), 'specsim-w-')), 'out');
    await writeReport(report, dir);
    expect(readdirSync(dir).sort()).toEqual(['.specsim-report', 'charts', 'index.html', 'report.json', 'results.csv', 'summary.md']);
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv.length).toBe(5);
    expect(csv[0]).toContain('tpotMs_mean');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('| 2 | draft |');
    // A failing writer leaves the old report intact and no temp dir behind.
    await expect(writeReport({ ...report, seed: 99 }, dir, undefined, { writers: [...REPORT_FILES, () => { throw new Error('boom'); }] })).rejects.toThrow('boom');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).seed).toBe(0);
    expect(readdirSync(dirname(dir)).sort()).toEqual(['.out.specsim', 'out']);
    await writeReport(report, dir, (tmp) => writeFileSync(join(tmp, 'index.html'), '<p>'));
    expect(existsSync(join(dir, 'index.html'))).toBe(true);
  });
});

describe('scenarios/schema.json', () => {
  it('is the JSON Schema generated from ScenarioSchema (regenerate with scenarioJsonSchema())', async () => {
    const { scenarioJsonSchema } = await import('../src/scenario/schema.js');
    expect(JSON.parse(readFileSync('scenarios/schema.json', 'utf8'))).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
});

describe('trace rows', () => {
  it('a bad first data row is an error, not a header; an empty cell is not 0', () => {
    expect(() => parseTrace('1.5ms,512,128\n2,10,5\n', 't.csv')).toThrow(/row 1: arrival '1.5ms'/);
    expect(() => parseTrace('arrival,prompt,output\n,512,128\n', 't.csv')).toThrow(/row 2: arrival ''/);
    expect(parseTrace('arrival,prompt,output\n3,10,5\n', 't.csv')).toEqual([{ arrivalMs: 3, promptTokens: 10, outputTokens: 5 }]);
  });
});
