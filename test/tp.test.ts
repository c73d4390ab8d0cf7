import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import type { GpuProfile } from '../src/catalog/hardware-schema.js';
import { stepCost } from '../src/cost/step-cost.js';
import { memoryFootprint } from '../src/cost/memory.js';
import { stepOperators, DEFAULT_COST_OPTIONS, type CostOptions } from '../src/cost/operators.js';

const h100 = resolveHardware('h100-sxm') as GpuProfile;
const a100 = resolveHardware('a100-sxm') as GpuProfile;
const models = ['llama2-7b', 'llama2-70b', 'llama3-70b', 'mixtral-8x7b', 'llama3.1-8b', 'llama2-7b+eagle', 'llama2-7b+medusa4'];

describe('tensor parallelism on GPUs', () => {
  test('tp = 1 equals the single-GPU model (no all-reduce, same time)', () => {
    fc.assert(fc.property(fc.constantFrom(...models), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 4096 }),
      fc.constantFrom('decode', 'prefill'), fc.constantFrom(h100, a100), (id, batch, tokens, context, phase, hw) => {
        const m = resolveModel(id);
        const shape = { batch, tokens, context, phase: phase as 'decode' | 'prefill' };
        expect(stepCost(hw, m, shape, { tp: 1 })).toEqual(stepCost(hw, m, shape));
        expect(stepOperators(m, shape, DEFAULT_COST_OPTIONS).some((op) => op.kind === 'allreduce')).toBe(false);
        expect(memoryFootprint(hw, m, { batch, contextTokens: context }, { tp: 1 })).toEqual(memoryFootprint(hw, m, { batch, contextTokens: context }));
      }), { numRuns: 100 });
  });

  test('more tp never increases per-GPU weight bytes (footprint and bytes streamed per step)', () => {
    fc.assert(fc.property(fc.constantFrom(...models), fc.constantFrom<CostOptions['weightDtype']>('bf16', 'fp8', 'int4'), (id, weightDtype) => {
      const m = resolveModel(id);
      const shape = { batch: 1, tokens: 1, context: 512, phase: 'decode' as const };
      let prevFoot = Infinity, prevOps = Infinity;
      for (const tp of [1, 2, 4, 8]) {
        const foot = memoryFootprint(h100, m, { batch: 1, contextTokens: 512 }, { tp, weightDtype }).weightBytes;
        const ops = stepOperators(m, shape, { ...DEFAULT_COST_OPTIONS, tp, weightDtype })
          .reduce((s, op) => s + (op.kind === 'gemm' ? op.weightBytes * op.repeat : 0), 0);
        expect(foot).toBeLessThanOrEqual(prevFoot);
        expect(ops).toBeLessThanOrEqual(prevOps * (1 + 1e-12));
        prevFoot = foot; prevOps = ops;
      }
    }), { numRuns: 30 });
  });

  test('all-reduce time = 2(tp−1)/tp × bytes / per-direction link bandwidth + collective latency, 2 per layer + the LM head', () => {
    for (const hw of [h100, a100]) for (const tp of [2, 4, 8]) for (const batch of [1, 16]) {
      const m = resolveModel('llama3-70b');
      const shape = { batch, tokens: 1, context: 512, phase: 'decode' as const };
      const ops = stepOperators(m, shape, { ...DEFAULT_COST_OPTIONS, tp }).filter((op) => op.kind === 'allreduce');
      expect(ops.reduce((s, op) => s + op.repeat, 0)).toBe(2 * m.layers + 1);
      const link = hw.link!;
      const expected = ops.reduce((s, op) => s + op.repeat * (((2 * (tp - 1)) / tp) * (op.kind === 'allreduce' ? op.bytes : 0) / link.bwBytesPerS * 1e3 + link.collectiveUs / 1e3), 0);
      expect(stepCost(hw, m, shape, { tp }).breakdown.allReduce).toBeCloseTo(expected, 12);
    }
  });

  test('links are per direction: H100 NVLink 900 GB/s total → 450, A100 600 → 300', () => {
    expect(h100.link!.bwBytesPerS).toBe(450e9);
    expect(a100.link!.bwBytesPerS).toBe(300e9);
  });

  test('h100-sxm llama3-70b tp 2 fp8 batch 1: within 30% of NVIDIA NIM Llama-3.3-70B 2×H100 FP8 TP2 ITL 18.58 ms', () => {
    const c = stepCost(h100, resolveModel('llama3-70b'), { batch: 1, tokens: 1, context: 512, phase: 'decode' }, { tp: 2, weightDtype: 'fp8' });
    console.log(`h100 tp2 fp8 llama3-70b: ${c.ms.toFixed(2)} ms (NIM 18.58 ms, ${((c.ms / 18.58 - 1) * 100).toFixed(1)}%)`);
    expect(Math.abs(c.ms / 18.58 - 1)).toBeLessThan(0.3);
    // fp8 halves the weight bytes; bf16 would be ~1.6× slower.
    const bf16 = stepCost(h100, resolveModel('llama3-70b'), { batch: 1, tokens: 1, context: 512, phase: 'decode' }, { tp: 2 });
    expect(bf16.ms / c.ms).toBeGreaterThan(1.4);
    expect(memoryFootprint(h100, resolveModel('llama3-70b'), { batch: 1, contextTokens: 512 }, { tp: 2, weightDtype: 'fp8' }).fits).toBe(true);
  });

  test('h100-sxm llama3.1-8b tp 1 fp8 batch 1: near NVIDIA NIM Llama-3.1-8B ITL 4.4–4.6 ms (±30%; NIM runs fp8 on H100)', () => {
    const c = stepCost(h100, resolveModel('llama3.1-8b'), { batch: 1, tokens: 1, context: 512, phase: 'decode' }, { weightDtype: 'fp8' });
    console.log(`h100 llama3.1-8b fp8: ${c.ms.toFixed(2)} ms (NIM 4.4-4.6 ms)`);
    expect(Math.abs(c.ms / 4.5 - 1)).toBeLessThan(0.3);
  });
});

describe('tensor-parallel checks', () => {
  test('tp must split the heads evenly, needs a link on GPUs, and does not apply to Groq', async () => {
    const { checkParallelism } = await import('../src/cost/parallelism.js');
    const { resolveHardware } = await import('../src/hardware/resolve.js');
    const { resolveModel } = await import('../src/catalog/models.js');
    const h100 = resolveHardware('h100-sxm');
    expect(() => checkParallelism(h100, resolveModel('llama2-7b'), 3, '--tp')).toThrow(/use one of 1, 2, 4, 8, 16, 32/);
    expect(() => checkParallelism(h100, resolveModel('llama3-70b'), 16, '--tp')).not.toThrow(); // 8 KV heads replicate over 16 GPUs
    expect(() => checkParallelism(resolveHardware('groq-lpu'), resolveModel('llama2-7b'), 2, '--tp')).toThrow(/chip count follows from the model/);
    const noLink = { ...h100, link: undefined };
    expect(() => checkParallelism(noLink, resolveModel('llama2-7b'), 2, '--tp')).toThrow(/no 'link'/);
  });

  test('KV heads per GPU round up, each model splits its own, and heads alone have no batch limit', async () => {
    const { memoryFootprint, kvCacheBytes } = await import('../src/cost/memory.js');
    const { resolveHardware } = await import('../src/hardware/resolve.js');
    const { resolveModel } = await import('../src/catalog/models.js');
    const h100 = resolveHardware('h100-sxm');
    const l70 = resolveModel('llama3-70b'); // 8 KV heads
    const at = (tp: number) => memoryFootprint(h100, l70, { batch: 1, contextTokens: 1000 }, { tp }).kvBytes;
    const whole = kvCacheBytes(l70, 1, 1000, { kvDtype: 'bf16' });
    expect(at(2)).toBeCloseTo(whole / 2, 0);
    expect(at(8)).toBeCloseTo(whole / 8, 0);
    expect(at(16)).toBeCloseTo(whole / 8, 0); // one KV head per GPU, replicated
    expect(memoryFootprint(h100, resolveModel('llama2-7b+medusa4'), { batch: 1, contextTokens: 100 }).maxBatch).toBeNull();
  });
});
