/** `specsim optimize --alpha lo:hi`: the setting best in the worst case over the range, and each pick's regret across it. */
import { describe, expect, test } from 'vitest';
import { optimize, TIE_TOLERANCE } from '../src/optimize/search.js';
import { optimizeSummary } from '../src/optimize/write.js';

const base = { hardware: 'h100-sxm', model: 'llama2-7b', methods: ['draft'], drafts: ['llama-68m'], batch: [1, 64], objective: 'user' as const, context: 256, outputTokens: 128, seed: 5, requests: 32 };

describe('acceptance range', () => {
  const robust = optimize({ ...base, alpha: 0.7, alphaRange: [0.5, 0.9] });

  test('with i.i.d. acceptance every setting is worst at the low end, so the robust pick is the pick at α = lo, with regret there within the 1% tie rule', () => {
    const low = optimize({ ...base, alpha: 0.5 });
    robust.doc.points.forEach((p, i) => {
      expect(p.best).toEqual(low.doc.points[i]!.best);
      expect(p.robust!.alphas).toEqual([0.5, 0.6, 0.7, 0.8, 0.9]);
      expect(p.robust!.regret[0]).toBeLessThanOrEqual(TIE_TOLERANCE + 1e-12);
      for (const r of p.robust!.regret) { expect(r).toBeGreaterThanOrEqual(-1e-12); expect(r).toBeLessThan(1); }
      expect(p.robust!.worstRegret).toBe(Math.max(...p.robust!.regret));
    });
    // Betting on the low end costs something at the high end: a longer γ would have done better at α = 0.9.
    expect(robust.doc.points[0]!.robust!.regret.at(-1)!).toBeGreaterThan(0);
    expect(robust.meta.alphaRange).toEqual([0.5, 0.9]);
    expect(optimizeSummary(robust)).toMatch(/worst regret over α/);
  });

  test('the reported analytic numbers and the simulation are at the midpoint', () => {
    const mid = optimize({ ...base, alpha: 0.7 });
    expect(robust.meta.acceptance[0]).toBe(mid.meta.acceptance[0]);
  });
});
