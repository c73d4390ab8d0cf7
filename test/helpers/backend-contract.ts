/**
 * The contract every hardware backend passes, on the profiles and models given (test/backends.test.ts runs it on every
 * registered kind; test/hardware-one-file.test.ts on a kind added in one file, with the modules of its copy).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../src/catalog/model-schema.js';
import type { HardwareBackend } from '../../src/cost/backend.js';
import { DEFAULT_COST_OPTIONS } from '../../src/cost/operators.js';

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** `isUserError`: whether a thrown value is the UserError of the modules `backend` comes from. */
export function describeBackendContract(kind: string, backend: HardwareBackend, profiles: readonly { id: string }[], models: readonly ModelSpec[], isUserError: (e: unknown) => boolean): void {
  const profile = fc.constantFrom(...profiles);
  const model = fc.constantFrom(...models);
  const shape = fc.record({
    batch: fc.integer({ min: 1, max: 64 }), tokens: fc.integer({ min: 1, max: 64 }), context: fc.integer({ min: 0, max: 4096 }),
    phase: fc.constantFrom<'decode' | 'prefill'>('decode', 'prefill'),
  });

  describe(`${kind} (${profiles.map((p) => p.id).join(', ')})`, () => {
    it('a step (uniform or mixed) totals the sum of its breakdown and of its time by limiter', () => {
      fc.assert(fc.property(profile, model, shape, fc.option(shape, { nil: undefined }), (hw, m, s, s2) => {
        const c = backend.stepCost(hw as never, m, s2 ? { groups: [s, s2] } : s, DEFAULT_COST_OPTIONS);
        expect(c.ms).toBeGreaterThan(0);
        expect(close(sum(Object.values(c.breakdown)), c.ms)).toBe(true);
        expect(close(sum(Object.values(c.byBound)), c.ms)).toBe(true);
      }), { numRuns: 150 });
    });

    it('time never falls as batch, tokens or context grow', () => {
      fc.assert(fc.property(profile, model, shape, fc.constantFrom<'batch' | 'tokens' | 'context'>('batch', 'tokens', 'context'), (hw, m, s, grow) => {
        const more = { ...s, [grow]: s[grow] * 2 + 1 };
        const cost = (x: typeof s) => backend.stepCost(hw as never, m, x, DEFAULT_COST_OPTIONS).ms;
        expect(cost(more)).toBeGreaterThanOrEqual(cost(s) * (1 - 1e-9));
      }), { numRuns: 150 });
    });

    it('memory: at least one device, KV never shrinks with batch or context, and a batch of maxBatch fits', () => {
      fc.assert(fc.property(profile, model, fc.integer({ min: 1, max: 256 }), fc.integer({ min: 1, max: 8192 }), (hw, m, batch, ctx) => {
        const fp = (b: number, c: number) => backend.memoryFootprint(hw as never, [m], { batch: b, contextTokens: c }, DEFAULT_COST_OPTIONS);
        const f = fp(batch, ctx);
        expect(f.devices).toBeGreaterThanOrEqual(1);
        expect(fp(batch * 2, ctx).kvBytes * fp(batch * 2, ctx).devices).toBeGreaterThanOrEqual(f.kvBytes * f.devices * (1 - 1e-9));
        expect(fp(batch, ctx * 2).kvBytes * fp(batch, ctx * 2).devices).toBeGreaterThanOrEqual(f.kvBytes * f.devices * (1 - 1e-9));
        if (f.maxBatch !== null && f.maxBatch > 0) expect(fp(f.maxBatch, ctx).fits).toBe(true);
      }), { numRuns: 100 });
    });

    it(`parallelism: a bad tp is a UserError; a system that sizes itself (${backend.sizesItself}) refuses any tp`, () => {
      const refuses = (hw: { id: string }, tp: number): boolean => {
        try { backend.checkParallelism(hw as never, models[0]!, tp, '--tp'); return false; } catch (e) { return isUserError(e); }
      };
      for (const hw of profiles) {
        expect(refuses(hw, 3)).toBe(true);
        if (backend.sizesItself) expect(refuses(hw, 2)).toBe(true);
      }
    });
  });
}
