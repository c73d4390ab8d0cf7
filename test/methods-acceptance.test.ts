import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptanceModel } from '../src/acceptance/index.js';
import { chainTree, sampleChain, sampleTree, treeFromPaths } from '../src/acceptance/sample.js';
import { dynamicTree, medusaTree } from '../src/methods/trees.js';
import { stream } from '../src/sim/rng.js';

const N = 40_000;
const mean = (f: () => number) => { let s = 0; for (let i = 0; i < N; i++) s += f(); return s / N; };

describe('acceptance models', () => {
  it('iid: accepted chain length has mean α(1 − α^γ)/(1 − α)', () => {
    const m = acceptanceModel({ kind: 'iid', alpha: 0.6 });
    const rng = stream(1, 'test');
    const got = mean(() => sampleChain(m.mean, 5, rng));
    expect(got).toBeCloseTo((0.6 * (1 - 0.6 ** 5)) / 0.4, 1);
  });

  it('positional: position i accepted with alphas[i] given the previous ones (last repeats)', () => {
    const m = acceptanceModel({ kind: 'positional', alphas: [0.9, 0.5] });
    const rng = stream(2, 'test');
    const got = mean(() => sampleChain(m.mean, 3, rng));
    expect(got).toBeCloseTo(0.9 + 0.9 * 0.5 + 0.9 * 0.5 * 0.5, 1);
  });

  it('topk on a tree: a depth-1 tree of ranks 0..2 accepts with the top-3 accuracy', () => {
    const m = acceptanceModel({ kind: 'topk', perHead: [[0.5, 0.7, 0.8, 0.9]] });
    const t = treeFromPaths([[0], [1], [2]]);
    const rng = stream(3, 'test');
    expect(mean(() => sampleTree(t.root, m.mean, rng))).toBeCloseTo(0.8, 1);
  });

  it('topk: a chain tree uses top-1 per depth, the last row repeating', () => {
    const m = acceptanceModel({ kind: 'topk', perDepth: [[0.8, 0.9], [0.5, 0.6]] });
    const rng = stream(4, 'test');
    expect(mean(() => sampleTree(chainTree(3), m.mean, rng))).toBeCloseTo(0.8 + 0.4 + 0.2, 1);
  });

  it('perRequest beta: requests vary around the mean alpha', () => {
    const m = acceptanceModel({ kind: 'iid', alpha: 0.7, perRequest: { dist: 'beta', mean: 0.7, concentration: 10 } });
    const rng = stream(5, 'test');
    const alphas = Array.from({ length: 5000 }, () => m.forRequest(rng)[0]![0]!);
    const avg = alphas.reduce((a, b) => a + b, 0) / alphas.length;
    expect(avg).toBeCloseTo(0.7, 1);
    expect(Math.min(...alphas)).toBeLessThan(0.4);
    expect(Math.max(...alphas)).toBeLessThanOrEqual(1);
    const ab = acceptanceModel({ kind: 'positional', alphas: [0.5], perRequest: { dist: 'beta', a: 2, b: 2 } });
    expect(ab.forRequest(rng)[0]![0]).toBeGreaterThan(0);
  });

  it('property: a tree never accepts more than its depth, and a superset tree accepts at least as much in expectation', () => {
    fc.assert(fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer({ min: 1, max: 6 }), (a, g) => {
      const rows = [[a, Math.min(1, a + 0.1)]];
      const rng = stream(6, a, g);
      for (let i = 0; i < 50; i++) {
        const k = sampleChain(rows, g, rng);
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThanOrEqual(g);
      }
    }), { numRuns: 50 });
  });
});

describe('trees', () => {
  it('medusa-63 resolves to mc_sim_7b_63: 63 nodes, depth 4', () => {
    const t = treeFromPaths(medusaTree('medusa-63', 'x'));
    expect(t.nodes).toBe(63);
    expect(t.depth).toBe(4);
  });

  it('an unknown tree name lists the known ones', () => {
    expect(() => medusaTree('medusa-64', '$.tree')).toThrow(/unknown Medusa tree 'medusa-64'.*known: medusa-63, mc_sim_7b_63/);
  });

  it("EAGLE-2's dynamic tree keeps `nodes` nodes, prefix-closed, within depth and topK", () => {
    const paths = dynamicTree(5, 8, 60, [[0.75, 0.85, 0.9]]);
    const keys = new Set(paths.map((p) => p.join(',')));
    expect(paths.length).toBe(60);
    for (const p of paths) {
      expect(p.length).toBeLessThanOrEqual(5);
      expect(Math.max(...p)).toBeLessThan(8);
      if (p.length > 1) expect(keys.has(p.slice(0, -1).join(','))).toBe(true);
    }
    expect(treeFromPaths(paths).depth).toBe(5);
  });
});
