/**
 * Acceptance decaying with context (src/acceptance/context.ts): the factor's
 * form; the one-draw sampler of scaled rows (length.ts `survivalSampler`) has
 * the law of the scaled rows (chain and tree, chi-square), matches the
 * unscaled sampler at f = 1, draws once, and never accepts more at a longer
 * context for the same uniform; a run with decay reports acceptance by
 * context and one without does not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contextFactor } from '../src/acceptance/context.js';
import { chainLengthPmf, chainSurvival, lengthSampler, survivalSampler, treeLengthPmf, treeSurvival } from '../src/acceptance/length.js';
import { scaleRows } from '../src/acceptance/per-request.js';
import { treeFromPaths } from '../src/acceptance/sample.js';
import type { AcceptanceRows } from '../src/acceptance/types.js';
import { dynamicTree } from '../src/methods/trees.js';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import { stream } from '../src/sim/rng.js';
import { chiCritical, chiSquare } from './helpers/chi-square.js';

const ROWS: AcceptanceRows = [[0.8, 0.9, 0.95], [0.7, 0.85]];
const tree = treeFromPaths(dynamicTree(4, 3, 12, ROWS)).root;

describe('context decay: the factor', () => {
  it('is 1 up to trainedTokens, halves every halfLifeTokens beyond, never below floor, non-increasing', () => {
    const d = { trainedTokens: 2048, halfLifeTokens: 8192 };
    expect(contextFactor(d, 2048)).toBe(1);
    expect(contextFactor(d, 2048 + 8192)).toBeCloseTo(0.5, 15);
    expect(contextFactor(d, 2048 + 2 * 8192)).toBeCloseTo(0.25, 15);
    expect(contextFactor({ ...d, floor: 0.3 }, 100_000)).toBe(0.3);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(contextFactor(d, hi)).toBeLessThanOrEqual(contextFactor(d, lo));
    }));
  });
});

describe('context decay: the one-draw sampler of scaled rows', () => {
  for (const [name, survival, pmfOf, depth] of [
    ['chain', (r: AcceptanceRows) => chainSurvival(r, 5), (r: AcceptanceRows) => chainLengthPmf(r, 5), 5],
    ['tree', (r: AcceptanceRows) => treeSurvival(tree, r), (r: AcceptanceRows) => treeLengthPmf(tree, r), 4],
  ] as const) {
    it(`${name}: draws have the law of every probability scaled by f (chi-square, f = 0.9 and 0.5)`, () => {
      const draw = survivalSampler(survival);
      for (const f of [0.9, 0.5]) {
        const pmf = pmfOf(scaleRows(ROWS, f));
        const rng = stream(11, name, f);
        const n = 40_000;
        const counts = new Array<number>(depth + 1).fill(0);
        for (let i = 0; i < n; i++) counts[draw(ROWS, f, rng)]!++;
        const { stat, df } = chiSquare(counts, pmf, n);
        expect(stat).toBeLessThan(chiCritical(df));
      }
    });

    it(`${name}: at f = 1 the same draws as the unscaled sampler, one uniform each`, () => {
      const scaled = survivalSampler(survival);
      const plain = lengthSampler(pmfOf);
      const a = stream(5, 'same');
      const b = stream(5, 'same');
      let calls = 0;
      const counted = () => { calls++; return b(); };
      let differ = 0;
      for (let i = 0; i < 20_000; i++) if (scaled(ROWS, 1, counted) !== plain(ROWS, a)) differ++;
      expect(differ).toBe(0);
      expect(calls).toBe(20_000);
    });

    it(`${name}: for the same uniform a smaller factor never accepts more`, () => {
      const draw = survivalSampler(survival);
      fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (u, f1, f2) => {
        const [lo, hi] = f1 <= f2 ? [f1, f2] : [f2, f1];
        expect(draw(ROWS, lo, () => u)).toBeLessThanOrEqual(draw(ROWS, hi, () => u));
      }), { numRuns: 500 });
    });
  }
});

describe('context decay: in a run', () => {
  const doc = (context?: object) => ({
    name: 'ctx', seed: 3, hardware: ['h100-sxm'], model: 'llama3.1-8b', batch: [4],
    workload: { kind: 'closed', requests: 24, promptTokens: { dist: 'uniform', min: 512, max: 40_000 }, outputTokens: 96 },
    methods: [{ kind: 'autoregressive' }, { kind: 'draft', draft: 'llama3.2-1b', gamma: 4, acceptance: { kind: 'iid', alpha: 0.8, ...(context ? { context } : {}) } }],
  });

  it('reports acceptance by context, falling past the trained length; without decay the key is absent', () => {
    const withDecay = runScenario(parseScenario(doc({ trainedTokens: 2048, halfLifeTokens: 4096 }), 't'));
    const bins = withDecay.results.find((r) => r.method === 'draft')!.detail!.acceptanceByContext!;
    expect(bins.length).toBeGreaterThan(5);
    expect(bins.reduce((s, b) => s + b.steps, 0)).toBeGreaterThan(0);
    const short = bins.filter((b) => b.contextTokens <= 2048);
    const long = bins.filter((b) => b.contextTokens >= 20_000);
    const mean = (bs: typeof bins) => bs.reduce((s, b) => s + b.acceptanceRate * b.steps, 0) / bs.reduce((s, b) => s + b.steps, 0);
    expect(mean(long)).toBeLessThan(0.5 * mean(short));
    const without = runScenario(parseScenario(doc(), 't'));
    expect(without.results.every((r) => r.detail?.acceptanceByContext === undefined)).toBe(true);
    expect(without.results.find((r) => r.method === 'draft')!.metrics.acceptedPerStep).toBeGreaterThan(withDecay.results.find((r) => r.method === 'draft')!.metrics.acceptedPerStep);
  });
});
