/**
 * The findings of the hostile sweep in issue #12, one probe table per class:
 * "exit 1 where the input is at fault", "silent wrong numbers" and
 * "messages". Each row is an input and the words of the one-line error (or
 * the finite result) it must give. In-process where the CLI only forwards.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli, userLine } from './helpers/cli.js';
import { loadMeasurements } from '../src/calibrate/measurements.js';
import { resolveHardware } from '../src/hardware/resolve.js';
import { modelFromHfConfig } from '../src/catalog/hf-config.js';
import { resolveModel } from '../src/catalog/models.js';
import { buildCompareScenario } from '../src/cli/compare.js';
import { stepCost } from '../src/cost/step-cost.js';
import { UserError } from '../src/errors.js';
import { checkScenarioSense, parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import { writeOwnedDir } from '../src/report/write.js';
import { parseTrace } from '../src/workload/trace.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'specsim-findings-'));

const H100 = JSON.parse(readFileSync('data/hardware/h100-sxm.json', 'utf8')) as Record<string, unknown>;
const EFF = H100.efficiency as Record<string, unknown>;
function profileFile(over: Record<string, unknown>): string {
  const p = join(tmp(), 'hw.json');
  writeFileSync(p, JSON.stringify({ ...H100, ...over }));
  return p;
}

const base = {
  name: 'f', seed: 1, hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1, 2],
  workload: { kind: 'closed', requests: 4, promptTokens: 32, outputTokens: 8 },
  methods: [{ kind: 'autoregressive' }, { kind: 'draft', draft: 'llama-68m', gamma: 2, acceptance: { kind: 'iid', alpha: 0.6 } }],
};

describe('exit 1 where the input is at fault: now one line, exit 2', () => {
  it.each([
    ['tiny bandwidth', { memBwBytesPerS: 1e-300 }, /'memBwBytesPerS' = 1e-300 is outside what a device can have/],
    ['tiny FLOP/s', { flopsPerS: { bf16: 1e-300, fp16: 1e-300 } }, /'flopsPerS\.bf16' = 1e-300 is outside/],
    ['a huge kernel cost', { efficiency: { ...EFF, kernelUs: 1e300 } }, /'efficiency\.kernelUs' = 1e\+300 is outside .* µs/],
    ['a zero-ish link', { link: { bwBytesPerS: 1e-300, collectiveUs: 0 } }, /'link\.bwBytesPerS' = 1e-300/],
    ['a link that takes forever', { link: { bwBytesPerS: 1e11, collectiveUs: 1e300 } }, /'link\.collectiveUs'/],
  ])('a hardware profile with %s names the field', (_what, over, want) => {
    expect(userLine(() => resolveHardware(profileFile(over)))).toMatch(want);
  });

  it('the slowest plausible device still gives finite step times, at tp 2 too', () => {
    const hw = resolveHardware(profileFile({ memBwBytesPerS: 1e3, flopsPerS: { bf16: 1e6, fp16: 1e6 }, link: { bwBytesPerS: 1e3, collectiveUs: 1e9 } }));
    const model = resolveModel('llama2-7b');
    for (const tp of [1, 2]) {
      const c = stepCost(hw, model, { batch: 4, tokens: 4, context: 512, phase: 'decode' }, { tp });
      expect(Number.isFinite(c.ms) && c.ms > 0).toBe(true);
    }
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('calibration rows of kind %j are informational rows, not a crash', (kind) => {
    const d = tmp();
    const good = '{"kind": "model", "model": "m", "shape": [4096, 32, 32, 32, 11008, 32000]}\n{"kind": "decode", "model": "m", "batch": 1, "q": 1, "ctx": 512, "ms": 6.5}\n';
    writeFileSync(join(d, 'a.jsonl'), `{"kind": ${JSON.stringify(kind)}, "x": 1}\n${good}`);
    expect(loadMeasurements(join(d, 'a.jsonl')).steps).toHaveLength(1);
    writeFileSync(join(d, 'b.jsonl'), `{"kind": ${JSON.stringify(kind)}}\n`);
    expect(userLine(() => loadMeasurements(join(d, 'b.jsonl')))).toMatch(/no step or GEMM measurement rows/);
  });

  it.concurrent.each([
    [['calibrate', '--hold-out', '.'], /'\.' holds out every measurement row; nothing is left to fit/],
    [['calibrate', '--hold-out', '('], /'\(' is not a regular expression/],
    [['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'draft', '--out', '/proc/specsim'], /--out is inside a virtual file system/],
    [['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'draft', '--draft', 'llama3-8b'], /draft 'llama3-8b' has a vocabulary of 128256 tokens and target 'llama2-7b' of 32000/],
    [['optimize', '--hardware', 'h100-sxm', '--model', 'llama3.1-405b', '--method', 'draft', '--batch', '1'], /the weights of llama3\.1-405b do not fit in h100-sxm memory at any tp × dtype asked: 811\.7 GB per device at tp 1 bf16 against 81\.0 GB; use more GPUs \(--tp\) or smaller weights \(--dtype fp8, int8 or int4\) \(--tp\)/],
    [['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'eagle', '--context', '1000000'], /requests of up to 1000256 tokens \(prompt \+ output\) exceed the 4096-token context/],
  ])('%j: exit 2, one line, at once', async (args, want) => {
    const r = await cli(tmp(), args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(want);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.concurrent('optimize into a folder it may not replace fails before its search (no table printed)', async () => {
    const d = tmp();
    writeFileSync(join(d, 'notes.txt'), 'mine');
    const r = await cli(d, ['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'eagle', '--batch', '1,8,64,256', '--out', '.']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--out holds files specsim did not write \(notes\.txt\)/);
  });

  it('a full disk while writing is a user-facing line, and the previous report stays', async () => {
    const dir = join(tmp(), 'rep');
    await writeOwnedDir(dir, (v) => writeFileSync(join(v, 'report.json'), '{"specsim": "x", "n": 1}'));
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    await expect(writeOwnedDir(dir, () => { throw enospc; })).rejects.toThrow(/cannot write the report \(no space left on the device, ENOSPC\); nothing was replaced/);
    await expect(writeOwnedDir(dir, () => { throw Object.assign(new Error('EROFS'), { code: 'EROFS' }); })).rejects.toBeInstanceOf(UserError);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).n).toBe(1);
  });
});

describe('silent wrong numbers: refused or right', () => {
  const sense = (doc: unknown): string => userLine(() => checkScenarioSense(parseScenario(doc), '.', 's.json'));

  it.each([
    ['all requests of one output token', { ...base, workload: { ...base.workload, outputTokens: 1 } }, /every request has 1 output token, so there is no time per output token/],
    ['a uniform length of at most one token', { ...base, workload: { ...base.workload, outputTokens: { dist: 'uniform', min: 1, max: 1 } } }, /every request has 1 output token/],
    ['duplicate batch sizes', { ...base, batch: [1, 4, 1] }, /batch 1 is listed twice \(also at \$\.batch\[0\]\).*\(s\.json at \$\.batch\[2\]\)/],
    ['a draft method labelled autoregressive', { ...base, methods: [{ ...base.methods[1], label: 'autoregressive' }] }, /a draft method cannot be labelled 'autoregressive'/],
    ['a draft of another tokenizer', { ...base, model: 'llama3-8b' }, /draft 'llama-68m' has a vocabulary of 32000 tokens and target 'llama3-8b' of 128256/],
    ['Medusa heads as a draft model', { ...base, methods: [{ ...base.methods[1], draft: 'llama2-7b+medusa4' }] }, /draft 'llama2-7b\+medusa4' is Medusa heads, not a model that drafts alone/],
    ['an EAGLE head as a draft model', { ...base, methods: [{ ...base.methods[1], draft: 'llama2-7b+eagle' }] }, /is an EAGLE draft head/],
    ['a 100k prompt on a 4k-context model', { ...base, workload: { ...base.workload, promptTokens: 100_000 } }, /requests of up to 100008 tokens \(prompt \+ output\) exceed the 4096-token context of 'llama2-7b'/],
  ])('%s', (_what, doc, want) => {
    expect(sense(doc)).toMatch(want);
  });

  it.concurrent('a wide lognormal whose samples are all one token: run refuses the point instead of reporting 0 ms/token', async () => {
    const d = tmp();
    writeFileSync(join(d, 's.json'), JSON.stringify({ ...base, batch: [1], methods: [{ kind: 'autoregressive' }], workload: { kind: 'closed', requests: 50, promptTokens: 8, outputTokens: { dist: 'lognormal', mean: 50, sigma: 10 } } }));
    const r = await cli(d, ['run', 's.json', '--quiet', '--out', 'r']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/every sampled request of h100-sxm · autoregressive · batch 1 has 1 output token, so there is no time per output token to report/);
    expect(readdirSync(d)).toEqual(['s.json']);
  });

  it('a trace of one-token requests is refused too', () => {
    const d = tmp();
    writeFileSync(join(d, 't.csv'), '0,10,1\n5,10,1\n');
    expect(userLine(() => checkScenarioSense(parseScenario({ ...base, workload: { kind: 'trace', file: 't.csv' } }), d, 's.json'))).toMatch(/every request has 1 output token.*\$\.workload\.file/);
  });

  it.each([
    [1e-300, /100 requests at 1e-300 per second arrive over .* days, beyond the 115 days the simulated clock resolves; use a rate of at least 0\.00001 per second/],
    [1e-5 / 2, /use a rate of at least/],
  ])('a Poisson rate of %s', (rate, want) => {
    expect(userLine(() => parseScenario({ ...base, workload: { kind: 'poisson', rate, requests: 100, promptTokens: 8, outputTokens: 8 } }))).toMatch(want);
  });

  it('a slow but resolvable Poisson rate keeps its latencies (not collapsed to 0)', () => {
    const r = runScenario(parseScenario({ ...base, batch: [1], methods: [{ kind: 'autoregressive' }], workload: { kind: 'poisson', rate: 0.001, requests: 3, promptTokens: 8, outputTokens: 8 } }));
    expect(r.results[0]!.metrics.tpotMs.mean).toBeGreaterThan(1);
  });

  it.each([
    ['an arrival at 1e308', '0,10,5\n1e308,10,5\n', /row 2: arrival '1e308' is not a time in ms between 0 and 10000000000/],
    ['a hex arrival', '0x10,10,5\n', /row 1: arrival '0x10'/],
    ['four columns', '0,10,5,7\n', /row 1: expected 3 columns separated by commas/],
    ['nothing but a header', 'arrival,prompt,output\n', /the trace has no requests/],
  ])('a trace with %s', (_what, text, want) => {
    expect(userLine(() => parseTrace(text, 't.csv'))).toMatch(want);
  });

  it('runScenario blames a KV cache that does not fit on the KV cache, not the weights', () => {
    const doc = { ...base, model: 'llama2-70b', tp: 2, batch: [1], methods: [{ kind: 'autoregressive' }], workload: { kind: 'closed', requests: 1, promptTokens: 900_000, outputTokens: 8 } };
    expect(userLine(() => runScenario(parseScenario(doc)))).toMatch(/the weights fit \(.* GB per device\) but not the KV cache of one sequence of 900008 tokens, so shorten the context, use kvDtype fp8 or more GPUs/);
    const weights = { ...doc, tp: 1, workload: { ...doc.workload, promptTokens: 16 } };
    expect(userLine(() => runScenario(parseScenario(weights)))).toMatch(/the weights alone \(\d+\.\d GB per device\) exceed the 81\.0 GB of one device, so use more GPUs \(tp\)/);
  });
});

describe('messages', () => {
  it.each([
    ['tabs', 'arrival\tprompt\toutput\n0\t10\t5\n3\t20\t6\n'],
    ['semicolons', 'arrival;prompt;output\n0;10;5\n3;20;6\n'],
    ['quoted cells', '"arrival","prompt","output"\n"0","10","5"\n"3", "20" ,"6"\n'],
    ['CRLF and a comment', '# exported\r\narrival,prompt,output\r\n0,10,5\r\n3,20,6\r\n'],
  ])('a trace with %s is read, not "no requests"', (_what, text) => {
    expect(parseTrace(text, 't.csv')).toEqual([{ arrivalMs: 0, promptTokens: 10, outputTokens: 5 }, { arrivalMs: 3, promptTokens: 20, outputTokens: 6 }]);
  });

  const cfg = { architectures: ['MixtralForCausalLM'], model_type: 'mixtral', hidden_size: 1024, num_hidden_layers: 2, num_attention_heads: 8, num_key_value_heads: 8, intermediate_size: 2048, vocab_size: 32000 };
  function config(over: Record<string, unknown>, dir = tmp()): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...cfg, ...over }));
    return join(dir, 'config.json');
  }

  it('num_local_experts 1 is a dense model (one expert routed top-1 is a dense MLP)', () => {
    const m = modelFromHfConfig(config({ num_local_experts: 1, num_experts_per_tok: 1 }));
    expect(m.experts).toBeUndefined();
    expect(modelFromHfConfig(config({ num_local_experts: 8, num_experts_per_tok: 2 })).experts).toEqual({ count: 8, topK: 2 });
    expect(userLine(() => modelFromHfConfig(config({ num_local_experts: 0 })))).toMatch(/'num_local_experts' = 0; expected a positive integer/);
  });

  it.each([['hidden_size', 1e200], ['num_hidden_layers', 2 ** 31], ['vocab_size', Number.MAX_SAFE_INTEGER]])('%s = %s: below 2^31', (key, v) => {
    expect(userLine(() => modelFromHfConfig(config({ [key]: v })))).toMatch(new RegExp(`'${key}' = .*; expected a positive integer below 2\\^31`));
  });

  it('a model config at a long path: compare names its report without a "$.name" error', () => {
    const dir = join(tmp(), ...Array.from({ length: 12 }, (_, i) => `a-rather-long-folder-name-${i}`));
    const path = config({ architectures: ['LlamaForCausalLM'], model_type: 'llama', max_position_embeddings: 4096 }, dir);
    const { scenario } = buildCompareScenario({ hardware: ['h100-sxm'], model: path, methods: ['autoregressive'], batch: [1] });
    expect(scenario.name.length).toBeLessThanOrEqual(100);
  });
});
