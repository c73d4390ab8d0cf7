import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import { routedExpertParams } from '../src/catalog/layer-params.js';
import { moeLayerCount } from '../src/catalog/layer-params.js';
import { stepCost } from '../src/cost/step-cost.js';
import { memoryFootprint } from '../src/cost/memory.js';
import { DEFAULT_COST_OPTIONS, remoteGpusPerToken, stepOperators, type AllToAllOp, type CostOptions, type GemmOp } from '../src/cost/operators.js';
import { checkExpertParallelism } from '../src/cost/parallelism.js';
import { runCli } from './helpers/cli.js';

const h200 = resolveHardware('h200-sxm');
const v3 = resolveModel('deepseek-v3');
const fp8 = (o: Partial<CostOptions>): CostOptions => ({ ...DEFAULT_COST_OPTIONS, weightDtype: 'fp8', ...o });
const decode = (batch: number) => ({ batch, tokens: 1, context: 4096, phase: 'decode' as const });

describe('expert parallelism (EP) beside tensor parallelism', () => {
  test('a token is sent once to each other GPU holding one of its experts: (ep−1)/ep for top-1, closed form for top-k', () => {
    expect(remoteGpusPerToken(256, 1, 8)).toBeCloseTo(7 / 8, 12);
    expect(remoteGpusPerToken(64, 6, 1)).toBe(0);
    // top-k of distinct experts: a given other GPU (32 of 256 experts) is missed with probability C(224, 8) / C(256, 8).
    let miss = 1;
    for (let i = 0; i < 8; i++) miss *= (224 - i) / (256 - i);
    expect(remoteGpusPerToken(256, 8, 8)).toBeCloseTo(7 * (1 - miss), 12);
    expect(remoteGpusPerToken(256, 8, 8)).toBeLessThan(7);
  });

  test('with data-parallel attention each MoE layer dispatches and combines: bytes = local tokens × hidden × 2 bytes × remote GPUs per token, each way', () => {
    const o = fp8({ tp: 1, ep: 8, dpAttention: true });
    const ops = stepOperators(v3, decode(64), o);
    const a2a = ops.filter((x): x is AllToAllOp => x.kind === 'alltoall');
    expect(a2a).toHaveLength(2); // dispatch and combine
    const localTokens = 64 / 8;
    for (const op of a2a) {
      expect(op.repeat).toBe(moeLayerCount(v3));
      expect(op.bytes).toBeCloseTo(localTokens * v3.hidden * 2 * remoteGpusPerToken(256, 8, 8), 6);
    }
    const c = stepCost(h200, v3, decode(64), o);
    expect(c.breakdown.allToAll).toBeGreaterThan(0);
    expect(c.breakdown.allReduce ?? 0).toBe(0); // attention tp 1: nothing to all-reduce
  });

  test('with TP attention every GPU holds every token: EP inside the tp group has no all-to-all, and each GPU computes its whole experts for all tokens', () => {
    const ops = stepOperators(v3, decode(64), fp8({ tp: 8, ep: 8 }));
    expect(ops.some((x) => x.kind === 'alltoall')).toBe(false);
    const up = ops.find((x): x is GemmOp => x.kind === 'gemm' && x.group === 'experts')!;
    expect(up.n).toBe(2 * v3.experts!.intermediate!); // whole experts, not a 1/tp slice
    const pairs = up.m * up.groups;
    expect(pairs).toBeCloseTo((64 * 8) / 8, 9); // 64 tokens × top-8 over 8 GPUs
  });

  test('data-parallel attention splits the batch: attention at batch 64 over 8 replicas costs what batch 8 costs on one GPU', () => {
    const dp = stepCost(h200, v3, decode(64), fp8({ tp: 1, ep: 8, dpAttention: true }));
    const one = stepCost(h200, v3, decode(8), fp8({ tp: 1 }));
    expect(dp.breakdown.mlaAttention).toBeCloseTo(one.breakdown.mlaAttention!, 9);
  });

  test('memory per GPU: routed experts / ep, the rest whole per replica, KV only for the replica\'s sequences; DeepSeek-V3 fp8 on 8 × H200 at 4k context holds about 6× the batch of TP 8', () => {
    const load = { batch: 64, contextTokens: 4096 };
    const tp = memoryFootprint(h200, v3, load, fp8({ tp: 8 }));
    const ep = memoryFootprint(h200, v3, load, fp8({ tp: 1, ep: 8, dpAttention: true }));
    const routed = routedExpertParams(v3);
    const total = tp.weightBytes * 8; // fp8: one byte per parameter, split 8 ways
    expect(ep.weightBytes).toBeCloseTo(total - routed + routed / 8, -3);
    expect(ep.weightBytes).toBeGreaterThan(tp.weightBytes); // attention and shared weights are whole on every GPU
    expect(ep.kvBytes).toBeCloseTo(tp.kvBytes / 8, 0); // MLA's latent is whole on every TP GPU; DP keeps 1/8 of the sequences
    expect(ep.devices).toBe(8);
    expect(ep.maxBatch!).toBeGreaterThan(5 * tp.maxBatch!);
    // bf16 does not fit either way (1.3 TB of weights over 8 × 141 GB).
    expect(memoryFootprint(h200, v3, load, { tp: 8 }).fits).toBe(false);
    expect(memoryFootprint(h200, v3, load, { tp: 1, ep: 8, dpAttention: true }).fits).toBe(false);
  });

  test('bad set-ups are one-line user errors naming the problem', () => {
    const check = (model: string, o: Partial<CostOptions>) => () => checkExpertParallelism(h200, resolveModel(model), { tp: 1, ...o }, '--ep');
    expect(check('deepseek-v3', { ep: 3, dpAttention: true })).toThrow(/does not split the 256 experts/);
    expect(check('llama3-8b', { tp: 2, ep: 2 })).toThrow(/no experts/);
    expect(check('deepseek-v3', { tp: 4, ep: 8 })).toThrow(/must equal tp/);
    expect(check('deepseek-v3', { tp: 2, ep: 1, dpAttention: true })).toThrow(/ep of 2 or more/);
    expect(check('deepseek-v3', { tp: 8, ep: 8 })).not.toThrow();
    expect(check('deepseek-v3', { tp: 1, ep: 8, dpAttention: true })).not.toThrow();
  });

  test('specsim cost --ep 7 --dp-attention on DeepSeek-V3: exit 2, one line', async () => {
    const r = await runCli('.', ['cost', '--hardware', 'h200-sxm', '--model', 'deepseek-v3', '--dtype', 'fp8', '--ep', '7', '--dp-attention']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^specsim: ep 7 does not split the 256 experts of deepseek-v3 evenly.*\(--ep\)/);
  });

  test('specsim cost --ep 8 --dp-attention prints the all-to-all and the devices', async () => {
    const r = await runCli('.', ['cost', '--hardware', 'h200-sxm', '--model', 'deepseek-v3', '--dtype', 'fp8', '--ep', '8', '--dp-attention', '--batch', '256', '--context', '4096', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { ep: number; dpAttention: boolean; devices: number; points: { breakdown: Record<string, number> }[] };
    expect(j.ep).toBe(8);
    expect(j.dpAttention).toBe(true);
    expect(j.devices).toBe(8);
    expect(j.points[0]!.breakdown.allToAll).toBeGreaterThan(0);
  });
});

describe('expert parallelism in a scenario (hardware entry ep, dpAttention)', () => {
  const scenario = (entry: Record<string, unknown>) => ({
    name: 'ep', seed: 1, model: 'deepseek-v2-lite', batch: [64],
    hardware: [entry, { id: 'h100-sxm', tp: 8 }],
    workload: { kind: 'closed', requests: 64, promptTokens: 256, outputTokens: 16 },
    methods: [{ kind: 'autoregressive' }],
  });

  test('an entry with ep 8 and data-parallel attention runs beside TP 8, labelled by its settings, at its own speed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-ep-'));
    writeFileSync(join(dir, 's.json'), JSON.stringify(scenario({ id: 'h100-sxm', tp: 1, ep: 8, dpAttention: true })));
    const r = await runCli(dir, ['run', 's.json', '--json', '--no-charts', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const results = (JSON.parse(r.stdout) as { results: { hardware: string; metrics: { tpotMs: { mean: number } } }[] }).results;
    const ep = results.find((x) => x.hardware === 'h100-sxm-tp1-ep8-dp-attention')!;
    const tp = results.find((x) => x.hardware === 'h100-sxm-tp8')!;
    expect(ep).toBeDefined();
    expect(tp).toBeDefined();
    expect(ep.metrics.tpotMs.mean).not.toBeCloseTo(tp.metrics.tpotMs.mean, 3);
  });

  test('an entry whose ep does not split the experts: exit 2, one line naming the entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-ep-'));
    writeFileSync(join(dir, 's.json'), JSON.stringify(scenario({ id: 'h100-sxm', tp: 1, ep: 6, dpAttention: true })));
    const r = await runCli(dir, ['run', 's.json', '--quiet', '--no-charts']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/ep 6 does not split the 64 experts of deepseek-v2-lite evenly.*\$\.hardware\[0\]\.ep/);
  });
});
