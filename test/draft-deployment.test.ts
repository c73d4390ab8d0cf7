/**
 * A draft model's own deployment (tp, dtype, placement) and the one "does it
 * fit / which tp" answer run, compare and optimize share (src/methods/fits.ts).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { resolveHardware } from '../src/hardware/resolve.js';
import { paramCount, resolveModel } from '../src/catalog/models.js';
import { WEIGHT_BYTES, type CostOptions } from '../src/cost/operators.js';
import { UserError } from '../src/errors.js';
import { buildMethod, type MethodEnv, type MethodSpec } from '../src/methods/index.js';
import { deploymentFit, smallestFittingTp } from '../src/methods/fits.js';
import { chooseTp } from '../src/cli/compare.js';
import { optimize } from '../src/optimize/search.js';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario, setupHardware } from '../src/scenario/run.js';
import { kvCacheBytes, kvShareOnDevice } from '../src/cost/memory.js';

const h100 = resolveHardware('h100-sxm');
const opts = (tp: number, weightDtype: CostOptions['weightDtype'] = 'bf16'): CostOptions => ({ tp, weightDtype, kvDtype: 'bf16', cudaGraphs: true });
const envOf = (model: string, tp: number, hw = h100, draftDevice: 'shared' | 'separate' = 'shared'): MethodEnv => ({ hw, target: resolveModel(model), opts: opts(tp), draftDevice });
const draftSpec = (draft: string, extra: Record<string, unknown> = {}): MethodSpec => ({ kind: 'draft', draft, gamma: 4, acceptance: { kind: 'iid', alpha: 0.7 }, ...extra }) as MethodSpec;
const userLine = (f: () => unknown): string => {
  try { f(); } catch (e) { if (e instanceof UserError) return e.line(); throw e; }
  throw new Error('no UserError');
};

const scenario = (over: Record<string, unknown>) => parseScenario({
  name: 'dd', model: 'llama2-70b', hardware: [{ id: 'h100-sxm', tp: 4 }], batch: [1],
  workload: { kind: 'closed', requests: 4, promptTokens: 128, outputTokens: 16 },
  methods: [{ kind: 'autoregressive' }, draftSpec('tinyllama-1.1b')],
  ...over,
}, 's.json');

describe('draft deployment defaults', () => {
  it.each([
    ['shared at the target tp, as vLLM sets draft_tensor_parallel_size', 'tinyllama-1.1b', 4, 'shared', 4],
    ['shared, heads that do not split 8 ways: tp 1 (vLLM\'s other value)', 'llama-68m', 8, 'shared', 1],
    ['separate: one GPU of its own', 'tinyllama-1.1b', 4, 'separate', 1],
  ] as const)('%s', (_why, draft, tp, placement, want) => {
    const target = draft === 'llama-68m' ? 'llama2-7b' : 'llama2-70b';
    const m = buildMethod(draftSpec(draft), envOf(target, tp, h100, placement), 'm');
    expect(m.draftDeployment).toMatchObject({ tp: want, weightDtype: 'bf16', placement });
    expect(m.residentModels).toEqual([]);
  });

  it('the method spec overrides tp, dtype and placement', () => {
    const m = buildMethod(draftSpec('tinyllama-1.1b', { draftTp: 2, draftDtype: 'fp8', draftPlacement: 'separate' }), envOf('llama2-70b', 4), 'm');
    expect(m.draftDeployment).toMatchObject({ tp: 2, weightDtype: 'fp8', placement: 'separate' });
  });
});

describe('bad draft deployments: exit 2, one line', () => {
  it.each([
    ['a draft tp that does not split its heads, naming the draft', { methods: [draftSpec('tinyllama-1.1b', { draftTp: 3, draftPlacement: 'separate' })] }, /tp 3 does not split the 32 attention heads \(4 KV heads\) of tinyllama-1\.1b evenly; use one of 1, 2, 4, 8, 16, 32 \(s\.json at \$\.methods\[0\]\.draftTp\)$/],
    ['a shared draft tp that does not divide the target\'s', { methods: [draftSpec('tinyllama-1.1b', { draftTp: 8 })] }, /draft tp 8 must divide the target's tp 4 to share its GPUs; use 1, 2, 4 or "draftPlacement": "separate" \(s\.json at \$\.methods\[0\]\.draftTp\)$/],
    ['a draft of another tokenizer family with the same vocabulary size', { model: 'mistral-7b', hardware: ['h100-sxm'], methods: [draftSpec('llama-68m')] }, /draft 'llama-68m' uses the Llama 2 \(SentencePiece\) tokenizer and target 'mistral-7b' Mistral: a draft must share the target's tokenizer/],
    ['a draft that does not fit beside the target on its GPU', { model: 'llama2-13b', hardware: [{ id: 'l4', tp: 2 }], methods: [draftSpec('llama2-7b', { draftTp: 1 })] }, /does not fit in l4-tp2 memory \(tp 2\); the largest batch that fits is 0: the weights alone \(\d+\.\d GB per device on the target \+ draft devices\) exceed the \d+\.\d GB of one device, so use more GPUs \(tp\), smaller weights \(dtype, draftDtype\) or a draft on its own GPUs \(draftPlacement separate\)/],
    ['a draft tp vLLM does not run (its draft_tensor_parallel_size is the target\'s or 1)', { engine: 'vllm', methods: [draftSpec('tinyllama-1.1b', { draftTp: 2 })] }, /engine 'vllm' runs a draft model at the target's tp \(4\) or at 1, not 2; use draftTp 1 or 4, or engine none \(s\.json at \$\.methods\[0\]\.draftTp\)$/],
    ['a separate draft that does not fit on its own GPU', { model: 'llama2-13b', hardware: ['h100-sxm'], methods: [draftSpec('llama2-70b', { draftPlacement: 'separate' })] }, /the weights alone \(1\d\d\.\d GB per device on the draft devices\) exceed the 81\.0 GB of one device, so give the draft more GPUs \(draftTp\) or smaller weights \(draftDtype\) \(s\.json at \$\.batch\[0\]\)$/],
  ])('%s', async (_why, over, want) => {
    const { checkScenarioSense } = await import('../src/scenario/load.js');
    const line = userLine(() => { const s = scenario(over); checkScenarioSense(s, '.', 's.json'); runScenario(s, { where: 's.json' }); });
    expect(line).toMatch(want);
    expect(line.split('\n')).toHaveLength(1);
  });
});

it('vLLM runs a tp-1 draft beside a tp-4 target, and the draft at the target\'s tp', () => {
  for (const extra of [{ draftTp: 1 }, {}]) {
    expect(() => setupHardware(scenario({ engine: 'vllm', methods: [{ kind: 'autoregressive' }, draftSpec('tinyllama-1.1b', extra)] }), 0, 1)).not.toThrow();
  }
});

describe('memory per device', () => {
  const target = resolveModel('llama2-70b');
  const draft = resolveModel('tinyllama-1.1b');
  const wb = WEIGHT_BYTES.bf16;
  const load = { batch: 8, contextTokens: 1000 };

  it('a tp-1 draft on a tp-4 target: its whole weights and KV on one GPU, the other three hold the target only', () => {
    const env = envOf('llama2-70b', 4);
    const m = buildMethod(draftSpec('tinyllama-1.1b', { draftTp: 1 }), env, 'm');
    const fit = deploymentFit(env, m, load);
    expect(fit.devices).toBe(4);
    expect(fit.groups.map((g) => [g.holds, g.devices])).toEqual([['target + draft', 1], ['target', 3]]);
    const ctx = load.contextTokens + m.extraKvTokens;
    const targetW = paramCount(target).total * wb / 4;
    const draftW = paramCount(draft).total * wb;
    expect(fit.groups[0]!.weightBytes).toBeCloseTo(targetW + draftW, -3);
    expect(fit.groups[1]!.weightBytes).toBeCloseTo(targetW, -3);
    const kvT = kvCacheBytes(target, load.batch, ctx, env.opts) * kvShareOnDevice(target, 4);
    const kvD = kvCacheBytes(draft, load.batch, ctx, env.opts);
    expect(fit.groups[0]!.kvBytes).toBeCloseTo(kvT + kvD, -3);
    expect(fit.groups[1]!.kvBytes).toBeCloseTo(kvT, -3);
    // The draft's GPU limits the batch.
    expect(fit.maxBatch).toBe(fit.groups[0]!.maxBatch);
    expect(fit.groups[0]!.maxBatch!).toBeLessThan(fit.groups[1]!.maxBatch!);
  });

  it('a separate draft: its own GPU holds the draft alone, the target GPUs the target alone, one more device', () => {
    const env = envOf('llama2-70b', 4);
    const m = buildMethod(draftSpec('tinyllama-1.1b', { draftPlacement: 'separate', draftDtype: 'fp8' }), env, 'm');
    const fit = deploymentFit(env, m, load);
    expect(fit.devices).toBe(5);
    expect(fit.groups.map((g) => [g.holds, g.devices])).toEqual([['target', 4], ['draft', 1]]);
    expect(fit.groups[1]!.weightBytes).toBeCloseTo(paramCount(draft).total * WEIGHT_BYTES.fp8, -3);
  });

  it('a draft at the target\'s own tp and dtype is counted as before: both on every target GPU', () => {
    const env = envOf('llama2-70b', 4);
    const fit = deploymentFit(env, buildMethod(draftSpec('tinyllama-1.1b'), env, 'm'), load);
    expect(fit.groups.map((g) => [g.holds, g.devices])).toEqual([['target + draft', 4]]);
    expect(fit.groups[0]!.weightBytes).toBeCloseTo((paramCount(target).total + paramCount(draft).total) * wb / 4, -3);
  });
});

describe('the draft priced at its own tp and dtype', () => {
  const setup = (draftExtra: Record<string, unknown>) => {
    const s = scenario({ methods: [{ kind: 'autoregressive' }, draftSpec('tinyllama-1.1b', draftExtra)] });
    const hs = setupHardware(s, 0, 1);
    const m = hs.methods[1]!;
    return { hs, m, cost: hs.serving.get(m)!.cost, draft: m.draftDeployment!.model };
  };

  it('a tp-1 draft on a tp-4 target has no all-reduce; at the target tp it has', () => {
    const own = setup({ draftTp: 1 });
    const shared = setup({});
    const c1 = own.cost(own.draft, 8, 1, 512, 'decode');
    const c4 = shared.cost(shared.draft, 8, 1, 512, 'decode');
    expect(c1.breakdown.allReduce ?? 0).toBe(0);
    expect(c4.breakdown.allReduce).toBeGreaterThan(0);
    // The target is priced at its tp 4 either way.
    expect(own.cost(own.hs.target, 8, 5, 512, 'decode').ms).toBe(shared.cost(shared.hs.target, 8, 5, 512, 'decode').ms);
  });

  it('fp8 draft weights stream fewer bytes than bf16', () => {
    const fp8 = setup({ draftTp: 1, draftDtype: 'fp8' });
    const bf16 = setup({ draftTp: 1 });
    expect(fp8.cost(fp8.draft, 1, 1, 512, 'decode').bytes).toBeLessThan(bf16.cost(bf16.draft, 1, 1, 512, 'decode').bytes * 0.7);
  });

  it('a run shows the draft deployment: devices, and the drafting time per step moves with the draft tp', () => {
    const r = runScenario(scenario({ methods: [{ kind: 'autoregressive' }, draftSpec('tinyllama-1.1b', { label: 'tp4' }), draftSpec('tinyllama-1.1b', { label: 'tp1', draftTp: 1 }), draftSpec('tinyllama-1.1b', { label: 'own-gpu', draftPlacement: 'separate' })] }));
    const at = (l: string) => r.results.find((x) => x.method === l)!;
    expect([at('tp4').detail?.devices, at('tp1').detail?.devices, at('own-gpu').detail?.devices]).toEqual([4, 4, 5]);
    expect(at('tp1').detail?.draftMsPerStep).not.toBe(at('tp4').detail?.draftMsPerStep);
    expect(at('tp1').detail?.draftDeployment).toEqual({ model: 'tinyllama-1.1b', tp: 1, dtype: 'bf16', placement: 'shared' });
    expect(at('tp4').detail?.draftDeployment).toBeUndefined();
  });
});

/**
 * One table, three callers: whether a set-up fits comes from `deploymentFit`,
 * and run, compare (which tp) and optimize agree with it.
 */
describe('one fits function for run, compare and optimize', () => {
  const rows = [
    { model: 'llama2-70b', tp: 1, batch: 1, fits: false, why: '140 GB of weights on one H100' },
    { model: 'llama2-70b', tp: 2, batch: 1, fits: true, why: '70 GB per GPU' },
    { model: 'llama2-70b', tp: 2, batch: 256, fits: false, why: 'the KV cache of 256 sequences' },
    { model: 'llama2-70b', tp: 4, batch: 256, fits: true, why: '35 GB per GPU leaves room' },
    { model: 'llama2-7b', tp: 1, batch: 64, fits: true, why: 'a 7B model' },
    { model: 'llama2-7b', tp: 1, batch: 1024, fits: false, why: 'the KV cache of 1,024 sequences' },
  ] as const;
  const prompt = 512;
  const output = 128;

  it.each(rows)('$model tp $tp batch $batch: fits $fits ($why)', ({ model, tp, batch, fits }) => {
    const env = envOf(model, tp);
    const ar = buildMethod({ kind: 'autoregressive' } as MethodSpec, env, 'm');
    expect(deploymentFit(env, ar, { batch, contextTokens: prompt + output }).fits).toBe(fits);
    // run
    const s = parseScenario({ name: 'f', model, hardware: [{ id: 'h100-sxm', tp }], batch: [batch], workload: { kind: 'closed', requests: batch, promptTokens: prompt, outputTokens: output }, methods: [{ kind: 'autoregressive' }] });
    const run = (): unknown => setupHardware(s, 0, 1);
    if (fits) expect(run).not.toThrow(); else expect(run).toThrow(/does not fit/);
    // optimize (its confirmation spreads outputs to 1.5 × the mean: a row that does not fit at the mean does not fit there either; optimize at tp 4 below)
    if (!fits) expect(() => optimize({ hardware: 'h100-sxm', model, methods: ['ngram'], batch: [batch], objective: 'user', context: prompt, outputTokens: output, seed: 1, tp: [tp], requests: 1 })).toThrow(/do(es)? not fit/);
  });

  it('compare picks the smallest tp the table says fits', () => {
    for (const model of ['llama2-70b', 'llama2-7b'] as const) for (const batch of [1, 256]) {
      const want = [1, 2, 4, 8].find((tp) => deploymentFit(envOf(model, tp), buildMethod({ kind: 'autoregressive' } as MethodSpec, envOf(model, tp), 'm'), { batch, contextTokens: prompt + output }).fits);
      const s = parseScenario({ name: 'c', model, hardware: ['h100-sxm'], batch: [batch], workload: { kind: 'closed', requests: 4, promptTokens: prompt, outputTokens: output }, methods: [{ kind: 'autoregressive' }] });
      expect(chooseTp(s).tp.get('h100-sxm')).toBe(want);
    }
  });

  it('optimize runs a 70B target at tp 4, and says the weights need more GPUs at tp 1', () => {
    const out = optimize({ hardware: 'h100-sxm', model: 'llama2-70b', methods: ['draft'], drafts: ['tinyllama-1.1b'], batch: [1], objective: 'user', context: 256, outputTokens: 32, seed: 1, tp: [4], requests: 4 });
    expect(out.doc.points[0]!.speedup).toBeGreaterThan(1);
    expect(userLine(() => optimize({ hardware: 'h100-sxm', model: 'llama2-70b', methods: ['draft'], drafts: ['tinyllama-1.1b'], batch: [1], objective: 'user', context: 256, outputTokens: 32, seed: 1, requests: 4 })))
      .toMatch(/the weights of llama2-70b do not fit .* use more GPUs \(--tp\)/);
    // The KV cache, not the weights: the batch is blamed, through the same fits function as run.
    expect(userLine(() => optimize({ hardware: 'h100-sxm', model: 'llama2-70b', methods: ['draft'], drafts: ['tinyllama-1.1b'], batch: [4096], objective: 'user', context: 2048, outputTokens: 32, seed: 1, tp: [4], requests: 4 })))
      .toMatch(/batch 4096 of llama2-70b with 'autoregressive' \(2096 tokens per sequence\) does not fit in h100-sxm memory \(tp 4\); the largest batch that fits is \d+ \(--batch\)$/);
  });

  it('smallestFittingTp skips a tp whose heads do not split and says when none fits', () => {
    const at = (tp: number) => { const env = envOf('llama2-7b', tp); if (tp === 3) throw new UserError('tp 3 does not split', 'x'); return { env, methods: [buildMethod({ kind: 'autoregressive' } as MethodSpec, env, 'm')] }; };
    expect(smallestFittingTp([3, 1], at, { batch: 1, contextTokens: 100 })).toBe(1);
    expect(smallestFittingTp([1, 2], at, { batch: 100_000, contextTokens: 4000 })).toBeUndefined();
  });
});

describe('the CLI', () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'specsim-dd-'));

  it.concurrent('compare --draft-tp 1 on a tp-4 target: the summary says where the draft runs', async () => {
    const d = tmp();
    const r = await runCli(d, ['compare', '--hardware', 'h100-sxm', '--model', 'llama2-70b', '--tp', '4', '--method', 'draft', '--draft-tp', '1', '--draft-dtype', 'fp8', '--batch', '1', '--requests', '4', '--output-tokens', '16', '--no-charts', '--quiet', '--out', 'r']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(d, 'r', 'report.json'), 'utf8')) as { results: { method: string; detail?: { draftDeployment?: unknown } }[] };
    expect(report.results.find((x) => x.method === 'draft')!.detail!.draftDeployment).toEqual({ model: 'tinyllama-1.1b', tp: 1, dtype: 'fp8', placement: 'shared' });
    expect(readFileSync(join(d, 'r', 'summary.md'), 'utf8')).toContain("- draft on h100-sxm: tinyllama-1.1b, tp 1, fp8, on 1 of the target's 4 GPUs");
  });

  it.concurrent.each([
    [['compare', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'draft', '--draft-tp', '5'], /tp 5 does not split the 12 attention heads \(12 KV heads\) of llama-68m evenly/],
    [['compare', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'ngram', '--draft-tp', '2'], /--draft-tp applies to method draft or eagle or eagle3 or mtp, not to ngram \(--draft-tp\)/],
    [['compare', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'mtp', '--draft-placement', 'separate'], /--draft-placement applies to method draft or eagle or eagle3, not to mtp \(--draft-placement\)/],
    [['compare', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'draft', '--draft-placement', 'elsewhere'], /--draft-placement/],
  ])('%j: exit 2, one line', async (args, want) => {
    const r = await runCli(tmp(), [...args, '--batch', '1', '--requests', '2', '--quiet', '--no-charts', '--out', 'r']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(want);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('EAGLE, EAGLE-3 and MTP drafters have their own deployment too', () => {
  const eagleSpec = (kind: 'eagle' | 'eagle3', extra: Record<string, unknown> = {}): MethodSpec => ({ kind, tree: { kind: 'dynamic', depth: 3, topK: 1, nodes: 3 }, acceptance: { kind: 'topk', perDepth: [[0.75]] }, ...extra }) as MethodSpec;
  const load = { batch: 8, contextTokens: 1000 };

  it('by default the drafter follows the target (tp, dtype, its GPUs): memory as before, one group of target + draft', () => {
    const env = envOf('llama2-70b', 4);
    for (const kind of ['eagle', 'eagle3'] as const) {
      const m = buildMethod(eagleSpec(kind), env, 'm');
      expect(m.draftDeployment).toMatchObject({ tp: 4, weightDtype: 'bf16', placement: 'shared' });
      expect(deploymentFit(env, m, load).groups.map((g) => [g.holds, g.devices])).toEqual([['target + draft', 4]]);
    }
  });

  it('a separate EAGLE layer is held, and checked, on a GPU of its own (it used to count a device and nothing else)', () => {
    const env = envOf('llama2-70b', 4);
    const m = buildMethod(eagleSpec('eagle', { draftPlacement: 'separate' }), env, 'm');
    const fit = deploymentFit(env, m, load);
    expect(fit.devices).toBe(5);
    expect(fit.groups.map((g) => [g.holds, g.devices])).toEqual([['target', 4], ['draft', 1]]);
    const layer = resolveModel('llama2-70b+eagle');
    expect(fit.groups[1]!.weightBytes).toBeCloseTo(paramCount(layer).total * WEIGHT_BYTES.bf16, -3);
    expect(fit.groups[1]!.kvBytes).toBeGreaterThan(0);
  });

  it('an EAGLE-3 drafter at tp 1 beside a tp-4 target: both its passes priced at tp 1 (no all-reduce), the target at 4', () => {
    const s = scenario({ methods: [{ kind: 'autoregressive' }, eagleSpec('eagle3', { draftTp: 1 })] });
    const hs = setupHardware(s, 0, 1);
    const m = hs.methods[1]!;
    const cost = hs.serving.get(m)!.cost;
    const passes = m.iteration(512, 2).before.flatMap((p) => ('steps' in p ? [p.model] : []));
    expect(new Set(passes.map((p) => p.id)).size).toBe(2);
    for (const p of passes) expect(cost(p, 8, 1, 512, 'decode').breakdown.allReduce ?? 0).toBe(0);
    expect(cost(hs.target, 8, 4, 512, 'decode').breakdown.allReduce).toBeGreaterThan(0);
    expect(deploymentFit(hs.env, m, load).groups.map((g) => [g.holds, g.devices])).toEqual([['target + draft', 1], ['target', 3]]);
  });

  it('MTP modules take their own dtype (bf16 beside an fp8 target) and stay on the target\'s GPUs', () => {
    const env: MethodEnv = { hw: resolveHardware('h200-sxm'), target: resolveModel('deepseek-v3'), opts: { ...opts(8, 'fp8') }, draftDevice: 'separate' };
    const spec = { kind: 'mtp', depth: 2, acceptance: { kind: 'positional', alphas: [0.8] } } as MethodSpec;
    const fp8 = buildMethod(spec, env, 'm');
    const bf16 = buildMethod({ ...spec, draftDtype: 'bf16' } as MethodSpec, env, 'm');
    expect(fp8.draftDeployment).toMatchObject({ tp: 8, weightDtype: 'fp8', placement: 'shared' });
    expect(bf16.draftDeployment).toMatchObject({ tp: 8, weightDtype: 'bf16', placement: 'shared' });
    const w = (m: typeof fp8) => deploymentFit(env, m, load).groups[0]!.weightBytes;
    expect(w(bf16)).toBeGreaterThan(w(fp8));
  });
});

describe('engines encode where they run a drafter (data/engines/*.json methods.<kind>.draftTp): exit 2 naming the key', () => {
  const eagle = (extra: Record<string, unknown> = {}) => ({ kind: 'eagle', tree: { kind: 'dynamic', depth: 3, topK: 1, nodes: 3 }, acceptance: { kind: 'topk', perDepth: [[0.75]] }, ...extra });
  const eagle3 = (extra: Record<string, unknown> = {}) => ({ ...eagle(extra), kind: 'eagle3' });
  it.each([
    ['SGLang runs the EAGLE drafter in the target\'s workers', 'sglang', eagle({ draftTp: 1 }), /^specsim: engine 'sglang' runs the eagle drafter in the target's workers at the target's tp \(4\), not 1; use draftTp 4 .*\(s\.json at \$\.methods\[1\]\.draftTp\)$/],
    ['SGLang runs a draft model (STANDALONE) at the target\'s tp', 'sglang', draftSpec('tinyllama-1.1b', { draftTp: 2 }), /engine 'sglang' runs the draft drafter in the target's workers at the target's tp \(4\), not 2.*\$\.methods\[1\]\.draftTp\)$/],
    ['TensorRT-LLM builds the draft engine with the target\'s mapping', 'trtllm', eagle3({ draftTp: 2 }), /engine 'trtllm' runs the eagle3 drafter .* not 2.*\$\.methods\[1\]\.draftTp\)$/],
    ['vLLM loads the EAGLE head into the target\'s model runner', 'vllm', eagle({ draftTp: 1 }), /engine 'vllm' runs the eagle drafter .*\(4\), not 1.*\$\.methods\[1\]\.draftTp\)$/],
    ['no engine runs a drafter on GPUs of its own', 'sglang', eagle({ draftPlacement: 'separate' }), /engine 'sglang' runs the eagle drafter on the target's GPUs, not on GPUs of its own; draftPlacement "separate" is a what-if for engine none \(s\.json at \$\.methods\[1\]\.draftPlacement\)$/],
    ['not even vLLM\'s draft model', 'vllm', draftSpec('tinyllama-1.1b', { draftPlacement: 'separate' }), /engine 'vllm' runs the draft drafter on the target's GPUs.*\$\.methods\[1\]\.draftPlacement\)$/],
  ])('%s', (_why, engine, method, want) => {
    const line = userLine(() => setupHardware(scenario({ engine, methods: [{ kind: 'autoregressive' }, method] }), 0, 1, { where: 's.json' }));
    expect(line).toMatch(want);
    expect(line.split('\n')).toHaveLength(1);
  });

  it('engine none takes any split (a what-if), and each engine its own deployment', () => {
    expect(() => setupHardware(scenario({ methods: [{ kind: 'autoregressive' }, eagle({ draftTp: 1 }), eagle3({ label: 'e3', draftPlacement: 'separate' })] }), 0, 1)).not.toThrow();
    for (const engine of ['sglang', 'vllm', 'trtllm']) expect(() => setupHardware(scenario({ engine, methods: [{ kind: 'autoregressive' }, eagle3({ draftTp: 4 })] }), 0, 1)).not.toThrow();
  });
});
