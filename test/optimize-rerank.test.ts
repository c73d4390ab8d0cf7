/** Finalist re-ranking: the analytic top settings are simulated and the pick is the best in simulation. */
import { describe, expect, test } from 'vitest';
import { pickSimulated, topFinalists } from '../src/optimize/finalists.js';
import type { Analytic, Evaluated } from '../src/optimize/evaluate.js';
import { optimize } from '../src/optimize/search.js';

interface S { id: string; group: string; size: number[] }
const at = (userTokensPerS: number): Analytic => ({ tpotMs: 1000 / userTokensPerS, userTokensPerS, tokensPerS: userTokensPerS, acceptedPerStep: 1, stepMs: 1, usdPerMTokens: null, joulesPerToken: null });
const ev = (id: string, group: string, size: number, u: number): Evaluated<S> => ({ c: { id, group, size: [size] }, a: at(u) });

describe('the finalists and the simulated choice (synthetic numbers)', () => {
  test('finalists: the analytic pick, then the best of every other group, then the next best', () => {
    const pool = [ev('a1', 'a', 1, 100), ev('a2', 'a', 2, 99.5), ev('a3', 'a', 3, 99), ev('b1', 'b', 1, 90), ev('c1', 'c', 1, 80), ev('b2', 'b', 2, 70)];
    const ids = (n: number): string[] => topFinalists(pool, pool[0]!, 'user', undefined, n, (c) => c.group).map((e) => e.c.id);
    expect(ids(1)).toEqual(['a1']);
    expect(ids(3)).toEqual(['a1', 'b1', 'c1']);
    expect(ids(5)).toEqual(['a1', 'b1', 'c1', 'a2', 'a3']);
  });

  test('the analytic rule on simulated numbers: within 1% of the best the smallest wins', () => {
    const pick = ev('pick', 'a', 2, 100);
    expect(pickSimulated([pick, ev('larger', 'b', 3, 100.9)], 'user', undefined).id).toBe('pick');
    expect(pickSimulated([pick, ev('better', 'b', 3, 102)], 'user', undefined).id).toBe('better');
    // Autoregressive (the smallest) wins over a pick less than 1% faster in simulation, and over a slower one.
    expect(pickSimulated([pick, ev('ar', 'ar', 0, 99.5)], 'user', undefined).id).toBe('ar');
    expect(pickSimulated([pick, ev('ar', 'ar', 0, 103)], 'user', undefined).id).toBe('ar');
  });
});

describe('optimize with draft and EAGLE on llama3-8b under vllm', () => {
  const base = { hardware: 'h100-sxm', model: 'llama3-8b', methods: ['draft' as const, 'eagle' as const], batch: [1, 32, 128], engine: 'vllm', objective: 'user' as const, context: 256, outputTokens: 64, requests: 48, seed: 3 };
  const o = optimize(base);

  test('each pick is, in simulation, at least as good as every finalist and autoregressive (within the 1% tie)', () => {
    for (const p of o.doc.points) {
      const fs = p.simulated.finalists;
      expect(fs.length).toBe(3);
      // The analytic pick is simulated first; the second finalist is of the other kind.
      expect(fs[0]!.setting).toEqual(p.simulated.analyticPick ?? p.best);
      expect(fs[1]!.setting.method).not.toBe(fs[0]!.setting.method);
      const bestSim = Math.max(1, ...fs.map((f) => f.simulatedSpeedup));
      expect(p.speedup, `batch ${p.batch}`).toBeGreaterThanOrEqual(bestSim * 0.99 - 1e-12);
      // A pick the simulation changed: the analytic pick was not within 1% of it, or autoregressive was (then the pick is autoregressive).
      if (p.simulated.analyticPick && p.best.method !== 'autoregressive') expect(p.speedup).toBeGreaterThan(fs[0]!.simulatedSpeedup);
      if (p.best.method !== 'autoregressive') expect(p.speedup).toBeGreaterThan(1.01);
      const mine = fs.find((f) => JSON.stringify(f.setting) === JSON.stringify(p.best));
      if (mine) expect(mine.simulatedSpeedup).toBe(p.speedup);
    }
    const changed = o.doc.points.filter((p) => p.simulated.analyticPick).length;
    expect(o.meta.reranked).toEqual({ finalists: 3, cells: 3, changed });
  });

  test('--finalists 1 simulates the analytic pick alone, and re-ranking never does worse than it in simulation', () => {
    const one = optimize({ ...base, finalists: 1 });
    expect(one.meta.reranked.finalists).toBe(1);
    one.doc.points.forEach((p, i) => {
      expect(p.simulated.finalists).toHaveLength(1);
      expect(o.doc.points[i]!.speedup).toBeGreaterThanOrEqual(p.speedup * 0.99 - 1e-12);
    });
  });
});
