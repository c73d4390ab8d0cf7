/** What an engine can switch between batches: the static (one-setting) and per-kind choices are by the worst case, and respect an attainable SLO. */
import { describe, expect, test } from 'vitest';
import { pickUnder, scoredPicks, winner, type PolicyKeys } from '../src/optimize/policy.js';
import type { Analytic, Evaluated } from '../src/optimize/evaluate.js';
import { optimize } from '../src/optimize/search.js';

interface S { id: string; kind: string | null; size: number[] }
const a = (tokensPerS: number, tpotMs: number): Analytic => ({ tpotMs, userTokensPerS: 1000 / tpotMs, tokensPerS, acceptedPerStep: 1, stepMs: tpotMs, usdPerMTokens: null, joulesPerToken: null });
const keys: PolicyKeys<S> = { deployment: () => 'tp1', kind: (c) => c.kind, setting: (c) => c.id };
/** One pool per batch: each setting's analytic numbers there. */
const pools = (settings: { id: string; kind?: string | null; size: number[]; at: Analytic[] }[]): Evaluated<S>[][] =>
  settings[0]!.at.map((_, i) => settings.map((s) => ({ c: { id: s.id, kind: s.kind === undefined ? s.id : s.kind, size: s.size }, a: s.at[i]! })));

describe('one setting for every batch', () => {
  // Per-user tokens/s at three batches: A best at two, far off at the third; B 15% off everywhere; C best at the third only.
  const ms = (...perUser: number[]): Analytic[] => perUser.map((u) => a(u, 1000 / u));
  const ps = pools([
    { id: 'A', size: [3], at: ms(100, 100, 62) },
    { id: 'B', size: [2], at: ms(85, 85, 85) },
    { id: 'C', size: [1], at: ms(50, 50, 100) },
  ]);

  test('the worst case decides, not the geometric mean (A has the larger geometric mean, B the better worst case)', () => {
    const geo = (r: number[]): number => Math.exp(r.reduce((s, x) => s + Math.log(x), 0) / r.length);
    expect(geo([1, 1, 0.62])).toBeGreaterThan(geo([0.85, 0.85, 0.85]));
    const { picks, score } = scoredPicks(ps, 'one-setting', 'user', undefined, keys);
    expect(picks.map((p) => p.pick.c.id)).toEqual(['B', 'B', 'B']);
    expect(score.worstRatio).toBeCloseTo(0.85, 12);
    expect(score.sloMisses).toBe(0);
  });

  test('worst cases within 1% tie; the larger geometric mean breaks it, then the smaller setting', () => {
    const w = winner([
      { size: [1], score: { sloMisses: 0, worstRatio: 0.80, geoMeanRatio: 0.85 } },
      { size: [2], score: { sloMisses: 0, worstRatio: 0.795, geoMeanRatio: 0.95 } },
      { size: [3], score: { sloMisses: 0, worstRatio: 0.70, geoMeanRatio: 0.99 } },
    ]);
    expect(w.size).toEqual([2]);
    const tie = winner([
      { size: [4], score: { sloMisses: 0, worstRatio: 0.8, geoMeanRatio: 0.9 } },
      { size: [3], score: { sloMisses: 0, worstRatio: 0.8, geoMeanRatio: 0.9 } },
    ]);
    expect(tie.size).toEqual([3]);
  });

  test('objective slo: a setting that misses the limit where another meets it loses, however fast it is elsewhere', () => {
    // D: more tokens/s at both batches, but 30 ms per token at batch 2 against a 25 ms limit E meets.
    const slo = pools([
      { id: 'D', size: [2], at: [a(1000, 5), a(2000, 30)] },
      { id: 'E', size: [1], at: [a(900, 5), a(1500, 20)] },
    ]);
    const { picks, score } = scoredPicks(slo, 'one-setting', 'slo', 25, keys);
    expect(picks.map((p) => p.pick.c.id)).toEqual(['E', 'E']);
    expect(score.sloMisses).toBe(0);
    expect(picks.every((p) => p.meetsSlo)).toBe(true);
    // Where no setting meets the limit, missing it is no penalty.
    const none = scoredPicks(slo, 'one-setting', 'slo', 1, keys);
    expect(none.score.sloMisses).toBe(0);
  });

  test('one kind with K per batch: the kind whose per-batch best is never far off wins', () => {
    // x is best at batch 1 and 30% off at batch 2 (geometric mean 0.84); y 20% off at both (0.80); z best at batch 2 only.
    const k = pools([
      { id: 'ar', kind: null, size: [0], at: ms(5, 5) },
      { id: 'x1', kind: 'x', size: [1], at: ms(100, 42) },
      { id: 'y1', kind: 'y', size: [1], at: ms(80, 48) },
      { id: 'z1', kind: 'z', size: [1], at: ms(10, 60) },
    ]);
    const picks = pickUnder(k, 'one-kind', 'user', undefined, keys);
    expect(picks.map((p) => p.pick.c.id)).toEqual(['y1', 'y1']);
  });
});

describe('optimize --emit sglang-style: the score is reported', () => {
  test('the one setting\'s worst ratio is its smallest ratio to the free pick at each batch', () => {
    const base = { hardware: 'h100-sxm', model: 'llama2-7b', methods: ['draft' as const], batch: [1, 64], objective: 'user' as const, context: 256, outputTokens: 64, requests: 32, seed: 1 };
    const fixed = optimize({ ...base, policy: 'one-setting' });
    const s = fixed.meta.policyScore!;
    expect(s.worstRatio).toBeGreaterThan(0);
    expect(s.worstRatio).toBeLessThanOrEqual(1);
    expect(s.geoMeanRatio).toBeGreaterThanOrEqual(s.worstRatio);
    expect(new Set(fixed.doc.points.map((p) => JSON.stringify(p.best))).size).toBe(1);
    expect(optimize(base).meta.policyScore).toBeUndefined();
  }, 60_000);
});
