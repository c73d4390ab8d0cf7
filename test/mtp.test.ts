/**
 * MTP: the target's own multi-token-prediction module (`<target>+mtp`: eh_proj,
 * one MLA + MoE decoder layer, the shared LM head), the method `mtp` (a chain
 * of `depth` passes, acceptance per depth), and where it plugs in: compare,
 * optimize's search space and acceptance, the playground, bad input.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveHardware } from '../src/hardware/resolve.js';
import { activeParamCount, mtpModuleOf, paramCount, resolveModel } from '../src/catalog/models.js';
import { attentionParamsPerLayer } from '../src/catalog/layer-params.js';
import { DEFAULT_COST_OPTIONS, stepOperators, type CostOptions } from '../src/cost/operators.js';
import { stepCost } from '../src/cost/step-cost.js';
import { buildCompareScenario } from '../src/cli/compare.js';
import { buildMethod, methodDefinition, type MethodSpec } from '../src/methods/index.js';
import { MTP_DEFAULT_ALPHAS } from '../src/methods/mtp.js';
import { acceptanceFor, FAMILIES } from '../src/optimize/acceptance.js';
import { catalog } from '../src/playground/catalog.js';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import { runCli, userLine } from './helpers/cli.js';

const h200 = resolveHardware('h200-sxm');
const fp8tp8: CostOptions = { ...DEFAULT_COST_OPTIONS, tp: 8, weightDtype: 'fp8', kvDtype: 'fp8' };
const dsv3 = resolveModel('deepseek-v3');

describe('the MTP module', () => {
  it('on deepseek-v3 its pass runs MLA, the MoE (router, routed and shared experts), eh_proj and the shared LM head', () => {
    const module = resolveModel('deepseek-v3+mtp');
    const groups = new Set(stepOperators(module, { batch: 1, tokens: 1, context: 4096, phase: 'decode' }, fp8tp8).map((o) => o.group));
    for (const g of ['mlaProj', 'mlaAttention', 'router', 'experts', 'sharedExperts', 'mtpProj', 'lmHead', 'allReduce']) expect(groups).toContain(g);
    expect(groups).not.toContain('qkv');
    expect(groups).not.toContain('mlp'); // the module's layer is a MoE layer, not one of the dense first layers
    const c = stepCost(h200, module, { batch: 1, tokens: 1, context: 4096, phase: 'decode' }, fp8tp8);
    for (const g of ['mlaAttention', 'experts', 'sharedExperts', 'mtpProj', 'lmHead']) expect(c.breakdown[g]).toBeGreaterThan(0);
    // One layer of 61 plus a head: a few percent of a target step, and more experts when it catches up on more tokens.
    const target = stepCost(h200, dsv3, { batch: 1, tokens: 1, context: 4096, phase: 'decode' }, fp8tp8);
    expect(c.ms / target.ms).toBeGreaterThan(0.01);
    expect(c.ms / target.ms).toBeLessThan(0.06);
    const four = stepCost(h200, module, { batch: 1, tokens: 4, context: 4096, phase: 'decode' }, fp8tp8);
    expect(four.breakdown.experts!).toBeGreaterThan(2.5 * c.breakdown.experts!);
  });

  it('weights: eh_proj 2h·h and one MoE layer with all its routed experts; embedding and LM head are the target\'s', () => {
    const m = mtpModuleOf(dsv3);
    const p = paramCount(m);
    const h = dsv3.hidden;
    const e = dsv3.experts!;
    const moe = e.count * 3 * h * e.intermediate! + h * e.count + 3 * h * e.sharedIntermediate!;
    expect(p.total).toBe(2 * h * h + attentionParamsPerLayer(dsv3) + moe);
    expect(p.embedding).toBe(0);
    expect(p.lmHead).toBe(0);
    // DeepSeek-V3 publishes 14B of MTP weights including its copies of the 0.93B embedding and LM head.
    expect(p.total / 1e9).toBeGreaterThan(11);
    expect(p.total / 1e9).toBeLessThan(14 - 2 * (dsv3.vocab * h) / 1e9);
    expect(activeParamCount(m)).toBe(p.total); // resident as a whole on the target's GPUs
    expect(m.mla).toEqual(dsv3.mla);
  });

  it('a model without MTP modules: one line naming num_nextn_predict_layers', () => {
    expect(userLine(() => resolveModel('llama3.1-8b+mtp', '--model'))).toMatch(/'llama3\.1-8b' has no multi-token-prediction modules \(num_nextn_predict_layers is absent or 0\).*\(--model\)$/);
    expect(userLine(() => resolveModel('deepseek-v2-lite+mtp', '--model'))).toMatch(/num_nextn_predict_layers/);
  });
});

describe('the mtp method', () => {
  const env = { hw: h200, target: dsv3, opts: fp8tp8, draftDevice: 'separate' as const };

  it('its work: depth passes of the module on the target\'s GPUs (the first catches up), verifying depth + 1', () => {
    const m = buildMethod({ kind: 'mtp', depth: 3, acceptance: { kind: 'positional', alphas: MTP_DEFAULT_ALPHAS } }, env, 'test');
    const w = m.iteration(1000, 2);
    expect(w.before).toHaveLength(1);
    const p = w.before[0]!;
    expect(p.device).toBe('target');
    expect('steps' in p && p.steps.map((s) => s.tokens)).toEqual([2, 1, 1]);
    expect('model' in p && p.model.id).toBe('deepseek-v3+mtp');
    expect(w.verifyTokens).toBe(4);
    expect(m.usesDraftDevice).toBe(false);
    expect(m.draftDeployment).toMatchObject({ model: { id: 'deepseek-v3+mtp' }, placement: 'shared' });
    expect(m.maxAccepted).toBe(3);
    // Acceptance per depth: E = 1 + a1 + a1·a2 + a1·a2·a3.
    const [a1, a2, a3] = MTP_DEFAULT_ALPHAS as [number, number, number];
    expect(m.expectedTokens(m.acceptance!.mean)).toBeCloseTo(1 + a1 + a1 * a2 + a1 * a2 * a3, 12);
  });

  it('simulated on deepseek-v3 (8×H200, fp8): accepted tokens follow the closed form; depth 1 at α 0.875 gives DeepSeek\'s ~1.8× within 15%', () => {
    const methods: MethodSpec[] = [
      { kind: 'autoregressive' },
      { kind: 'mtp', label: 'mtp1', depth: 1, acceptance: { kind: 'iid', alpha: 0.875 } },
      { kind: 'mtp', label: 'mtp3', depth: 3, acceptance: { kind: 'positional', alphas: MTP_DEFAULT_ALPHAS } },
    ];
    const report = runScenario(parseScenario({
      name: 'mtp', seed: 5, hardware: ['h200-sxm'], model: 'deepseek-v3', tp: 8, dtype: 'fp8', kvDtype: 'fp8', batch: [1],
      workload: { kind: 'closed', requests: 8, promptTokens: 512, outputTokens: 200 }, methods,
    }));
    for (const label of ['mtp1', 'mtp3']) {
      const r = report.results.find((x) => x.method === label)!;
      const m = buildMethod(methods.find((x) => 'label' in x && x.label === label)!, env, 'test');
      expect(Math.abs(r.metrics.acceptedPerStep / m.expectedTokens(m.acceptance!.mean) - 1)).toBeLessThan(0.06);
    }
    const one = report.results.find((x) => x.method === 'mtp1')!.metrics.speedup;
    expect(one).toBeGreaterThan(1.8 * 0.85);
    expect(one).toBeLessThan(1.8 * 1.15);
    expect(report.results.find((x) => x.method === 'mtp3')!.metrics.speedup).toBeGreaterThan(one);
  });

  it('a scenario running mtp on a model without MTP modules: exit 2, one line naming the key and the method', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-mtp-'));
    writeFileSync(join(dir, 's.json'), JSON.stringify({
      name: 'bad', hardware: ['h100-sxm'], model: 'llama3.1-8b', batch: [1],
      workload: { kind: 'closed', requests: 4, promptTokens: 16, outputTokens: 8 },
      methods: [{ kind: 'autoregressive' }, { kind: 'mtp', depth: 2, acceptance: { kind: 'iid', alpha: 0.8 } }],
    }));
    const r = await runCli(dir, ['run', 's.json', '--quiet', '--no-charts', '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^specsim: 'llama3\.1-8b' has no multi-token-prediction modules \(num_nextn_predict_layers.*\$\.methods\[1\]\)$/m);
  }, 60_000);
});

describe('mtp in compare, optimize and the playground', () => {
  it('compare runs a chain of 3 with the default acceptance per depth; a model without modules is refused, naming the key', () => {
    const s = buildCompareScenario({ hardware: ['h200-sxm'], model: 'deepseek-v3', methods: ['mtp'], batch: [1], tp: 8, dtype: 'fp8' }).scenario;
    expect(s.methods.find((m) => m.kind === 'mtp')).toMatchObject({ depth: 3, acceptance: { kind: 'positional', alphas: MTP_DEFAULT_ALPHAS } });
    const tuned = buildCompareScenario({ hardware: ['h200-sxm'], model: 'deepseek-v3', methods: ['mtp'], batch: [1], methodFlags: { alpha: 0.9 } }).scenario;
    expect((tuned.methods.find((m) => m.kind === 'mtp') as { acceptance: { alphas: number[] } }).acceptance.alphas[0]).toBe(0.9);
    expect(userLine(() => buildCompareScenario({ hardware: ['h100-sxm'], model: 'llama3.1-8b', methods: ['mtp'], batch: [1] }))).toMatch(/num_nextn_predict_layers.*\(--method mtp\)$/);
  });

  it('optimize searches depth 1..mtpLayers·4 under the per-depth acceptance', () => {
    expect(FAMILIES).toContain('mtp');
    const acc = acceptanceFor('mtp', undefined, undefined);
    expect(acc.spec).toEqual({ kind: 'positional', alphas: MTP_DEFAULT_ALPHAS });
    const scaled = acceptanceFor('mtp', 0.7, undefined).spec as { alphas: number[] };
    expect(scaled.alphas[0]).toBe(0.7);
    expect(scaled.alphas[2]).toBeCloseTo((0.36 * 0.7) / 0.875, 6);
    const d = methodDefinition('mtp')!;
    expect(d.search!.space({ acceptance: acc.spec, rows: [[0.875]], target: dsv3 }).map((p) => p.setting.depth)).toEqual([1, 2, 3, 4]);
    const two = { ...dsv3, id: 'two-mtp', mtpLayers: 2 };
    expect(d.search!.space({ acceptance: acc.spec, rows: [[0.875]], target: two })).toHaveLength(8);
  });

  it('the playground offers it where the model has MTP modules', () => {
    const c = catalog(() => '{}');
    expect(c.methods.map((m) => m.id)).toContain('mtp');
    expect(c.methodDefaults['deepseek-v3']!.mtp).toMatchObject({ kind: 'mtp', depth: 3 });
    expect(c.methodDefaults['llama3.1-8b']!.mtp).toBeUndefined();
  });
});
