/**
 * The one-draw sampler of accepted lengths (src/acceptance/length.ts) has the
 * law of the depth-by-depth samplers (sampleChain, sampleTree): the
 * distribution computed two ways agrees to float error, its mean is the
 * closed-form E, and with a fixed seed the old samplers' frequencies pass a
 * chi-square test against it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedChain, expectedTree } from '../src/acceptance/expected.js';
import { chainLengthPmf, cumulative, lengthAt, lengthSampler, treeLengthPmf, treeSurvival } from '../src/acceptance/length.js';
import { chainTree, sampleChain, sampleTree, treeFromPaths, type TreeNode } from '../src/acceptance/sample.js';
import type { AcceptanceRows } from '../src/acceptance/types.js';
import { dynamicTree, medusaTree } from '../src/methods/trees.js';
import { stream } from '../src/sim/rng.js';
import { chiCritical, chiSquare } from './helpers/chi-square.js';

const MEDUSA_ROWS: AcceptanceRows = [
  [0.5604, 0.6717, 0.7271, 0.7599, 0.7799],
  [0.3164, 0.4236, 0.4851, 0.5282, 0.5625],
  [0.2010, 0.2879, 0.3475, 0.3834, 0.4169],
  [0.1474, 0.2250, 0.2737, 0.3109, 0.3397],
];
const EAGLE_ROWS: AcceptanceRows = [[0.75, 0.85, 0.9]];

const medusa = treeFromPaths(medusaTree('medusa-63', 'test')).root;
const eagle = treeFromPaths(dynamicTree(6, 10, 60, EAGLE_ROWS)).root;

const sum = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);
const mean = (pmf: Float64Array): number => pmf.reduce((s, p, k) => s + k * p, 0);


describe('accepted-length distribution', () => {
  it('chain: P(A = k) = α_1⋯α_k (1 − α_{k+1}), all γ with α_1⋯α_γ; mean + 1 = E', () => {
    const rows: AcceptanceRows = [[0.9], [0.7], [0.5]];
    const pmf = chainLengthPmf(rows, 4);
    const want = [0.1, 0.9 * 0.3, 0.9 * 0.7 * 0.5, 0.9 * 0.7 * 0.5 * 0.5, 0.9 * 0.7 * 0.5 * 0.5];
    want.forEach((w, k) => expect(pmf[k]).toBeCloseTo(w, 15));
    expect(sum(pmf)).toBeCloseTo(1, 14);
    expect(mean(pmf) + 1).toBeCloseTo(expectedChain(rows, 4), 13);
  });

  it('tree, two derivations (stop probability per node; survival by depth) agree to float error, mean + 1 = expectedTree', () => {
    for (const [root, rows] of [[medusa, MEDUSA_ROWS], [eagle, EAGLE_ROWS], [chainTree(5), [[0.8], [0.6]]]] as [TreeNode, AcceptanceRows][]) {
      const pmf = treeLengthPmf(root, rows);
      const s = treeSurvival(root, rows);
      expect(s[0]).toBe(1);
      for (let k = 0; k < pmf.length; k++) expect(Math.abs(pmf[k]! - (s[k]! - (s[k + 1] ?? 0)))).toBeLessThan(1e-13);
      expect(Math.abs(sum(pmf) - 1)).toBeLessThan(1e-13);
      expect(Math.abs(mean(pmf) + 1 - expectedTree(root, rows))).toBeLessThan(1e-12);
    }
  });

  it('a chain as a tree has the chain law', () => {
    const rows: AcceptanceRows = [[0.8], [0.6], [0.55]];
    const a = treeLengthPmf(chainTree(5), rows);
    const b = chainLengthPmf(rows, 5);
    for (let k = 0; k <= 5; k++) expect(a[k]).toBeCloseTo(b[k]!, 14);
  });

  it('random trees and cumulative rows: the two derivations agree (property)', () => {
    const rowsArb = fc.array(fc.array(fc.double({ min: 0, max: 0.3, noNaN: true }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
      .map((rs) => rs.map((inc) => { let c = 0; return inc.map((x) => (c = Math.min(1, c + x))); }));
    const pathsArb = fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 20 });
    fc.assert(fc.property(rowsArb, pathsArb, (rows, paths) => {
      const root = treeFromPaths(paths).root;
      const pmf = treeLengthPmf(root, rows);
      const s = treeSurvival(root, rows);
      for (let k = 0; k < pmf.length; k++) if (Math.abs(pmf[k]! - (s[k]! - (s[k + 1] ?? 0))) > 1e-12) return false;
      return Math.abs(sum(pmf) - 1) < 1e-12 && Math.abs(mean(pmf) + 1 - expectedTree(root, rows)) < 1e-12;
    }), { seed: 20, numRuns: 200 });
  });
});

describe('sampling with one uniform', () => {
  it('lengthAt inverts the cumulative distribution, and every u in [0, 1) lands', () => {
    const cdf = cumulative(new Float64Array([0.25, 0.5, 0.25]));
    expect([0, 0.2499, 0.25, 0.7499, 0.75, 1 - 2 ** -53].map((u) => lengthAt(cdf, u))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('draws exactly one uniform per sequence-step', () => {
    let draws = 0;
    const base = stream(1, 'count');
    const rng = () => { draws++; return base(); };
    const sample = lengthSampler((rows) => treeLengthPmf(eagle, rows));
    for (let i = 0; i < 1000; i++) sample(EAGLE_ROWS, rng);
    expect(draws).toBe(1000);
  });

  it('with a fixed seed, the depth-by-depth samplers and the one-draw sampler both pass a chi-square test against the exact law', () => {
    const n = 100_000;
    const cases: { name: string; pmf: Float64Array; old: (rng: () => number) => number; rows: AcceptanceRows }[] = [
      { name: 'medusa-63', pmf: treeLengthPmf(medusa, MEDUSA_ROWS), old: (r) => sampleTree(medusa, MEDUSA_ROWS, r), rows: MEDUSA_ROWS },
      { name: 'eagle dynamic 60', pmf: treeLengthPmf(eagle, EAGLE_ROWS), old: (r) => sampleTree(eagle, EAGLE_ROWS, r), rows: EAGLE_ROWS },
      { name: 'chain γ 4', pmf: chainLengthPmf([[0.7]], 4), old: (r) => sampleChain([[0.7]], 4, r), rows: [[0.7]] },
    ];
    for (const c of cases) {
      const sample = lengthSampler(() => c.pmf);
      const oldCounts: number[] = [];
      const newCounts: number[] = [];
      const r1 = stream(42, 'chi', c.name, 'old');
      const r2 = stream(42, 'chi', c.name, 'new');
      for (let i = 0; i < n; i++) {
        const a = c.old(r1);
        oldCounts[a] = (oldCounts[a] ?? 0) + 1;
        const b = sample(c.rows, r2);
        newCounts[b] = (newCounts[b] ?? 0) + 1;
      }
      for (const counts of [oldCounts, newCounts]) {
        const { stat, df } = chiSquare(counts, c.pmf, n);
        expect(df, c.name).toBeGreaterThan(0);
        expect(stat, c.name).toBeLessThan(chiCritical(df));
      }
    }
  });

  it('per-request rows: each rows object gets its own distribution', () => {
    const sample = lengthSampler((rows) => chainLengthPmf(rows, 3));
    const zero = () => 0.999;
    expect(sample([[0]], zero)).toBe(0);
    expect(sample([[1]], zero)).toBe(3);
    expect(sample([[0]], zero)).toBe(0);
  });
});
