import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import type { GpuProfile } from '../src/catalog/hardware-schema.js';
import { compareRows, fitGpuProfile, meanAbsError, withoutRows } from '../src/calibrate/fit.js';
import { loadMeasurementFiles } from '../src/calibrate/measurements.js';
import { DEFAULT_DATA } from '../src/cli/calibrate.js';
import { stepCost } from '../src/cost/step-cost.js';
import { memoryFootprint, kvBytesPerToken } from '../src/cost/memory.js';
import { stepOperators, DEFAULT_COST_OPTIONS } from '../src/cost/operators.js';

const h100 = resolveHardware('h100-sxm') as GpuProfile;
const a100 = resolveHardware('a100-sxm') as GpuProfile;
const llama7 = resolveModel('llama2-7b');

describe('calibration against the shared H100 measurements', () => {
  const set = loadMeasurementFiles(DEFAULT_DATA);
  const rows = compareRows(h100, set).filter((r) => !r.group.startsWith('decode_eager'));

  test('in sample: mean absolute percentage error of the built-in h100-sxm profile is at most 3.5%', () => {
    const mape = meanAbsError(rows);
    console.log(`h100-sxm calibration MAPE over ${rows.length} rows: ${(mape * 100).toFixed(2)}%`);
    expect(rows.length).toBeGreaterThan(95);
    expect(mape).toBeLessThanOrEqual(0.035);
  });

  // Out of sample: fit without a model or a range of shapes, predict the rows left out.
  test.each([
    ['the draft model (llama-68m)', /llama-68m/],
    ['the grouped-query model (llama3-8b)', /llama3-8b/],
    ['llama2-7b', /llama2-7b/],
    ['verification of 8 to 64 tokens', / q(8|16|32|64) /],
    ['batches 64 and 128', / b(64|128) /],
  ])('fitted without %s, the profile predicts those rows within 6% mean error (the fit transfers)', (what, held) => {
    const { profile } = fitGpuProfile(h100, withoutRows(set, held));
    const heldRows = compareRows(profile, set).filter((r) => !r.group.startsWith('decode_eager') && held.test(r.label));
    console.log(`hold-out ${what}: ${heldRows.length} rows, MAPE ${(meanAbsError(heldRows) * 100).toFixed(2)}%`);
    expect(heldRows.length).toBeGreaterThan(10);
    expect(meanAbsError(heldRows)).toBeLessThanOrEqual(0.06);
  });

  test('no single calibration row is off by more than 12%', () => {
    const worst = Math.max(...rows.map((r) => Math.abs(r.error)));
    expect(worst).toBeLessThan(0.12);
  });
});

describe('accounting', () => {
  test('breakdown parts sum to the total, and byBound does too', () => {
    fc.assert(fc.property(
      fc.constantFrom('llama2-7b', 'llama3-8b', 'mixtral-8x7b', 'llama-68m', 'llama2-7b+medusa4', 'llama2-7b+eagle'),
      fc.integer({ min: 1, max: 256 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 0, max: 8192 }),
      fc.constantFrom(1, 2, 4, 8), fc.constantFrom('decode', 'prefill'),
      (id, batch, tokens, context, tp, phase) => {
        const c = stepCost(h100, resolveModel(id), { batch, tokens, context, phase: phase as 'decode' | 'prefill' }, { tp });
        const sum = Object.values(c.breakdown).reduce((a, b) => a + b, 0);
        const byBound = Object.values(c.byBound).reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(c.ms, 9);
        expect(byBound).toBeCloseTo(c.ms, 9);
        expect(c.ms).toBeGreaterThan(0);
      }), { numRuns: 200 });
  });

  test('time never falls as batch, tokens or context grow (GPUs and Groq, decode and prefill, tensor parallel, derived models)', () => {
    fc.assert(fc.property(
      fc.constantFrom('llama2-7b', 'llama3-70b', 'mixtral-8x7b', 'llama-68m', 'llama3.2-1b', 'llama2-7b+eagle', 'vicuna-7b+medusa4'),
      fc.integer({ min: 1, max: 128 }), fc.integer({ min: 1, max: 32 }), fc.integer({ min: 0, max: 4096 }),
      fc.constantFrom<'batch' | 'tokens' | 'context'>('batch', 'tokens', 'context'), fc.constantFrom('h100-sxm', 'a100-sxm', 'groq-lpu'),
      fc.constantFrom<'decode' | 'prefill'>('decode', 'prefill'), fc.constantFrom(1, 2, 8),
      (id, batch, tokens, context, grow, hwId, phase, tpIn) => {
        const hw = resolveHardware(hwId);
        const m = resolveModel(id);
        const tp = hw.kind === 'groq' ? 1 : tpIn;
        const base = { batch, tokens, context, phase };
        const more = { ...base, [grow]: base[grow] * 2 + 1 };
        expect(stepCost(hw, m, more, { tp }).ms).toBeGreaterThanOrEqual(stepCost(hw, m, base, { tp }).ms * (1 - 1e-9));
      }), { numRuns: 3000 });
  });

  test('int4 weights move a quarter of the bytes of bf16 weights', () => {
    const shape = { batch: 1, tokens: 1, context: 512, phase: 'decode' as const };
    const w = (dt: 'bf16' | 'int4') => stepOperators(llama7, shape, { ...DEFAULT_COST_OPTIONS, weightDtype: dt })
      .reduce((s, op) => s + (op.kind === 'gemm' ? op.weightBytes * op.repeat : 0), 0);
    expect(w('int4') / w('bf16')).toBeCloseTo(0.25, 12);
    expect(memoryFootprint(h100, llama7, { batch: 1, contextTokens: 0 }, { weightDtype: 'int4' }).weightBytes)
      .toBeCloseTo(memoryFootprint(h100, llama7, { batch: 1, contextTokens: 0 }).weightBytes / 4, 0);
  });

  test('llama3-8b (GQA, 8 KV heads) caches a quarter of llama2-7b per token', () => {
    expect(kvBytesPerToken(resolveModel('llama3-8b')) / kvBytesPerToken(llama7)).toBe(0.25);
  });

  test('llama2-7b bf16 weights are 13.5 GB', () => {
    expect(memoryFootprint(h100, llama7, { batch: 1, contextTokens: 0 }).weightBytes / 1e9).toBeCloseTo(13.48, 2);
  });

  test('a decode step at batch 1 is memory-bound and a large prefill compute-bound', () => {
    expect(stepCost(h100, llama7, { batch: 1, tokens: 1, context: 512, phase: 'decode' }).bound).toBe('memory');
    expect(stepCost(h100, llama7, { batch: 8, tokens: 2048, context: 0, phase: 'prefill' }).bound).toBe('compute');
  });

  test('the A100 profile, from its datasheet, is slower than the H100 in proportion to bandwidth at batch 1', () => {
    const shape = { batch: 1, tokens: 1, context: 512, phase: 'decode' as const };
    const ratio = stepCost(a100, llama7, shape).ms / stepCost(h100, llama7, shape).ms;
    expect(ratio).toBeGreaterThan(1.3);
    expect(ratio).toBeLessThan(3350 / 2039 + 0.05);
  });

  test('the largest batch that fits is reported and respected', () => {
    const fp = memoryFootprint(h100, llama7, { batch: 1, contextTokens: 4096 });
    expect(fp.maxBatch).toBeGreaterThan(10);
    expect(memoryFootprint(h100, llama7, { batch: fp.maxBatch!, contextTokens: 4096 }).fits).toBe(true);
    expect(memoryFootprint(h100, llama7, { batch: fp.maxBatch! + 1, contextTokens: 4096 }).fits).toBe(false);
  });

  test('tensor parallelism at tp=1 equals the single-GPU model and splits weights with tp', () => {
    const shape = { batch: 4, tokens: 1, context: 1024, phase: 'decode' as const };
    expect(stepCost(h100, llama7, shape, { tp: 1 }).ms).toBe(stepCost(h100, llama7, shape).ms);
    const w = (tp: number) => memoryFootprint(h100, resolveModel('llama3-70b'), { batch: 1, contextTokens: 0 }, { tp }).weightBytes;
    expect(w(2)).toBeLessThan(w(1));
    expect(w(8)).toBeLessThan(w(4));
  });
});
