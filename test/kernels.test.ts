import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { resolveHardware } from '../src/hardware/resolve.js';
import type { GpuProfile } from '../src/catalog/hardware-schema.js';
import { resolveModel } from '../src/catalog/models.js';
import { explainKernels } from '../src/cost/explain.js';
import { packsGqa } from '../src/cost/kernels.js';
import { DEFAULT_COST_OPTIONS, stepOperators } from '../src/cost/operators.js';
import { stepCost } from '../src/cost/step-cost.js';
import { UserError } from '../src/errors.js';

const tmp = mkdtempSync(join(tmpdir(), 'specsim-kernels-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const h100 = resolveHardware('h100-sxm') as GpuProfile;
const llama3 = resolveModel('llama3-8b');
const shape = (tokens: number) => ({ batch: 64, tokens, context: 512, phase: 'decode' as const });

describe('kernel families', () => {
  test('GQA packing follows each family\'s source rule', () => {
    expect(packsGqa('single-query', 1, 4, 64)).toBe(true);
    expect(packsGqa('single-query', 4, 4, 64)).toBe(false);
    expect(packsGqa('when-denser', 4, 4, 64)).toBe(true); // 4/64 filled unpacked vs 16/64 packed
    expect(packsGqa('when-denser', 64, 4, 64)).toBe(false);
    expect(packsGqa('never', 1, 8, 64)).toBe(false);
    expect(packsGqa('always', 7, 1, 64)).toBe(false); // no group to pack
  });

  test('on a GQA model, verifying 4 tokens costs FlashAttention-2 more than FlashAttention-3, which packs the group', () => {
    const t = (attention: 'flash2-dense' | 'flash3-dense') => stepCost(h100, llama3, shape(4), { kernels: { attention, fusion: 'harness-unfused' } }).breakdown.attention!;
    expect(t('flash2-dense')).toBeGreaterThan(t('flash3-dense'));
  });

  test('sdpa-cudnn runs a prompt at cuDNN\'s Hopper rate (faster than FlashAttention-2) and decode and verify exactly as the harness was calibrated', () => {
    const att = (attention: 'flash2-dense' | 'sdpa-cudnn', s: Parameters<typeof stepCost>[2]) => stepCost(h100, llama3, s, { kernels: { attention, fusion: 'harness-unfused' } }).breakdown.attention!;
    const prompt = { batch: 1, tokens: 4096, context: 0, phase: 'prefill' as const };
    // 0.8 against 0.46 of the GEMM peak: the compute-bound prompt attention takes 0.46 / 0.8 of the time, give or take the memory side.
    expect(att('sdpa-cudnn', prompt) / att('flash2-dense', prompt)).toBeCloseTo(0.46 / 0.8, 1);
    for (const q of [1, 4, 16]) expect(att('sdpa-cudnn', shape(q))).toBe(att('flash2-dense', shape(q)));
  });

  test('engine fusion launches fewer kernels and moves fewer bytes than the harness', () => {
    const count = (fusion: 'harness-unfused' | 'fused') => stepOperators(llama3, shape(4), { ...DEFAULT_COST_OPTIONS, kernels: { attention: 'paged-flash', fusion } })
      .reduce((s, op) => ({ kernels: s.kernels + op.kernels * op.repeat, bytes: s.bytes + (op.kind === 'elementwise' ? op.bytes * op.repeat : 0) }), { kernels: 0, bytes: 0 });
    expect(count('fused').kernels).toBeLessThan(count('harness-unfused').kernels);
    expect(count('fused').bytes).toBeLessThan(count('harness-unfused').bytes);
  });

  test('specsim cost says which attention kernel ran and why', () => {
    const q1 = explainKernels(h100, llama3, shape(1), DEFAULT_COST_OPTIONS).find((k) => k.group === 'attention' && k.kernel === 'flash2-dense')!;
    const q4 = explainKernels(h100, llama3, shape(4), DEFAULT_COST_OPTIONS).find((k) => k.group === 'attention' && k.kernel === 'flash2-dense')!;
    expect(q1.why).toMatch(/query heads of each KV head share a tile/);
    expect(q4.why).toMatch(/its own 64-row tile \(packed only at one new token\)/);
  });

  test('a profile naming an unknown kernel family, or a zero rate, is a user error naming the field', () => {
    const doc = JSON.parse(readFileSync('data/hardware/h200-sxm.json', 'utf8')) as Record<string, unknown>;
    const bad = (kernels: unknown): UserError => {
      const p = join(tmp, `k${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(p, JSON.stringify({ ...doc, kernels }));
      try { resolveHardware(p); } catch (e) { expect(e).toBeInstanceOf(UserError); return e as UserError; }
      throw new Error('expected a UserError');
    };
    const e = bad({ 'paged-flashinf': { perSeqUs: 1 } });
    expect(`${e.message} ${e.where}`).toMatch(/paged-flashinf/);
    expect(bad({ fused: { norm: 0, rope: 5, act: 5 } }).where).toMatch(/\$\.kernels\.fused\.norm$/);
  });
});
