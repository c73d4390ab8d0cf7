/** Mixed steps (decode/verify rows beside prefill chunks): the shape a chunked-prefill policy asks the cost model for. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import { stepOperators, type StepShape } from '../src/cost/operators.js';
import { stepCost } from '../src/cost/step-cost.js';
import { cachedCost } from '../src/sim/cost-cache.js';

const h100 = resolveHardware('h100-sxm');
const groq = resolveHardware('groq-lpu');
const model = resolveModel('llama2-7b');
const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

describe('mixed steps', () => {
  it('a mixed step of one group is the uniform step, operator for operator and in cost', () => {
    const s: StepShape = { batch: 8, tokens: 5, context: 700, phase: 'decode' };
    expect(stepOperators(model, { groups: [s] }, { weightDtype: 'bf16', kvDtype: 'bf16', tp: 1, cudaGraphs: true })).toEqual(stepOperators(model, s, { weightDtype: 'bf16', kvDtype: 'bf16', tp: 1, cudaGraphs: true }));
    expect(stepCost(h100, model, { groups: [s] })).toEqual(stepCost(h100, model, s));
  });

  it('on a GPU, decode rows beside a prefill chunk cost less than the two steps apart (weights read once) and more than either; total = sum of parts', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 128 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 16, max: 2048 }),
      (batch, tokens, context, chunk) => {
        const decode: StepShape = { batch, tokens, context, phase: 'decode' };
        const prefill: StepShape = { batch: 1, tokens: chunk, context: 0, phase: 'prefill' };
        const mixed = stepCost(h100, model, { groups: [decode, prefill] });
        const a = stepCost(h100, model, decode).ms;
        const b = stepCost(h100, model, prefill).ms;
        expect(mixed.ms).toBeLessThan(a + b);
        expect(mixed.ms).toBeGreaterThanOrEqual(Math.max(a, b) * (1 - 1e-9));
        expect(Math.abs(sum(mixed.breakdown) - mixed.ms)).toBeLessThan(1e-9 * mixed.ms);
      },
    ), { numRuns: 60 });
  });

  it('on Groq the groups stream one after another: the sum of their steps', () => {
    const decode: StepShape = { batch: 4, tokens: 1, context: 512, phase: 'decode' };
    const prefill: StepShape = { batch: 1, tokens: 256, context: 0, phase: 'prefill' };
    const mixed = stepCost(groq, model, { groups: [decode, prefill] });
    expect(mixed.ms).toBeCloseTo(stepCost(groq, model, decode).ms + stepCost(groq, model, prefill).ms, 9);
    expect(Math.abs(sum(mixed.breakdown) - mixed.ms)).toBeLessThan(1e-9 * mixed.ms);
  });

  it('the cost cache keys on the whole shape: same groups, same cost object; a group in another bucket, another cost', () => {
    const cost = cachedCost(h100, { weightDtype: 'bf16', kvDtype: 'bf16', tp: 1, cudaGraphs: true });
    const groups = (ctx: number): StepShape[] => [{ batch: 8, tokens: 1, context: ctx, phase: 'decode' }, { batch: 1, tokens: 512, context: 0, phase: 'prefill' }];
    expect(cost.mixed(model, groups(1000))).toBe(cost.mixed(model, groups(1010)));
    expect(cost.mixed(model, groups(1000))).not.toBe(cost.mixed(model, groups(3000)));
    expect(cost.mixed(model, [groups(640)[0]!])).toBe(cost(model, 8, 1, 640, 'decode'));
  });
});
