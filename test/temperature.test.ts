/**
 * Sampling temperature (src/acceptance/temperature.ts, by-temperature.ts):
 * T = 0 leaves the figures untouched; acceptance never rises with T; the
 * accepted-length law of a chain under speculative sampling's rejection rule,
 * and of a tree under recursive rejection over top-k children, is the one the
 * simulator draws from (Monte-Carlo of the token-level rule, chi-square); the
 * shipped β is the fit the validation cases describe.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptanceModel } from '../src/acceptance/index.js';
import { expectedChain, expectedTree } from '../src/acceptance/expected.js';
import { chainLengthPmf, cumulative, lengthAt, treeLengthPmf } from '../src/acceptance/length.js';
import { treeFromPaths } from '../src/acceptance/sample.js';
import { rowsAtTemperature, rowsFromPoints, SAMPLING_BETA } from '../src/acceptance/temperature.js';
import type { AcceptanceRows } from '../src/acceptance/types.js';
import { dynamicTree } from '../src/methods/trees.js';
import { ScenarioSchema } from '../src/scenario/schema.js';
import { stream, type Rng } from '../src/sim/rng.js';
import { referenceJson } from '../src/validate/common.js';
import { EAGLE_TEMPERATURE_PAIRS, fitSamplingBeta } from '../src/validate/temperature.js';
import { chiCritical, chiSquare } from './helpers/chi-square.js';
import { runCli } from './helpers/cli.js';

const cumRow = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }).map((r) => { let m = 0; return r.map((v) => (m = Math.max(m, v))); });
const rowsArb = fc.array(cumRow, { minLength: 1, maxLength: 4 });

describe('temperature: the default relation', () => {
  it('T = 0 returns the very rows given (so greedy scenarios keep their bytes)', () => {
    const spec = { kind: 'topk' as const, perDepth: [[0.75, 0.85, 0.9]] };
    expect(acceptanceModel(spec, 0).mean).toBe(acceptanceModel(spec).mean);
    const rows: AcceptanceRows = [[0.7], [0.6]];
    expect(rowsAtTemperature(rows, 0, 0)).toBe(rows);
  });

  it('every acceptance probability, the chain E and the tree E are non-increasing in T', () => {
    const tree = treeFromPaths(dynamicTree(4, 4, 16, [[0.75, 0.85, 0.9]])).root;
    fc.assert(fc.property(rowsArb, fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), (rows, a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const rl = rowsAtTemperature(rows, 0, lo);
      const rh = rowsAtTemperature(rows, 0, hi);
      rl.forEach((r, i) => r.forEach((v, j) => expect(rh[i]![j]!).toBeLessThanOrEqual(v + 1e-15)));
      expect(expectedChain(rh, 5)).toBeLessThanOrEqual(expectedChain(rl, 5) + 1e-12);
      expect(expectedTree(tree, rh)).toBeLessThanOrEqual(expectedTree(tree, rl) + 1e-12);
    }), { numRuns: 200 });
  });

  it('with the same uniforms (common random numbers) no sequence-step accepts more at a higher T', () => {
    const rows: AcceptanceRows = [[0.8], [0.7], [0.6]];
    const cdfs = [0, 0.5, 1, 2].map((t) => cumulative(chainLengthPmf(rowsAtTemperature(rows, 0, t), 5)));
    const rng = stream(7, 'crn');
    for (let i = 0; i < 2000; i++) {
      const u = rng();
      const a = cdfs.map((c) => lengthAt(c, u));
      for (let k = 1; k < a.length; k++) expect(a[k]!).toBeLessThanOrEqual(a[k - 1]!);
    }
  });

  it('composes: figures given at T₀ moved to T equal T = 0 figures moved to T', () => {
    const rows: AcceptanceRows = [[0.8, 0.9], [0.6]];
    const at1 = rowsAtTemperature(rows, 0, 1);
    const via = rowsAtTemperature(at1, 1, 0.5);
    rowsAtTemperature(rows, 0, 0.5).forEach((r, i) => r.forEach((v, j) => expect(via[i]![j]!).toBeCloseTo(v, 14)));
  });

  it('byTemperature: a point\'s own rows at its temperature, linear between points, the relation outside', () => {
    const points = [{ temperature: 0, rows: [[0.8]] }, { temperature: 1, rows: [[0.6]] }];
    expect(rowsFromPoints(points, 0)[0]![0]).toBe(0.8);
    expect(rowsFromPoints(points, 1)[0]![0]).toBe(0.6);
    expect(rowsFromPoints(points, 0.25)[0]![0]).toBeCloseTo(0.75, 14);
    expect(rowsFromPoints(points, 2)[0]![0]).toBeCloseTo(0.6 ** ((1 + 2 * SAMPLING_BETA) / (1 + SAMPLING_BETA)), 14);
    const m = acceptanceModel({ kind: 'byTemperature', points: [{ temperature: 1, acceptance: { kind: 'iid', alpha: 0.6 } }, { temperature: 0, acceptance: { kind: 'topk', perDepth: [[0.8, 0.9]] } }] }, 0.5);
    expect(m.mean[0]![0]).toBeCloseTo(0.7, 14);
    expect(m.mean[0]![1]).toBeCloseTo(0.75, 14); // the iid point's row pads with its last value
  });

  it('the scenario schema takes temperature 0…2 and byTemperature points with distinct temperatures', () => {
    const base = { name: 'x', hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1], workload: { kind: 'closed', requests: 4, promptTokens: 8, outputTokens: 8 } };
    const m = { kind: 'ngram', gamma: 3, acceptance: { kind: 'iid', alpha: 0.5 } };
    expect(ScenarioSchema.safeParse({ ...base, methods: [m], temperature: 1 }).success).toBe(true);
    expect(ScenarioSchema.safeParse({ ...base, methods: [m], temperature: 2.5 }).success).toBe(false);
    expect(ScenarioSchema.safeParse({ ...base, methods: [m] }).data).not.toHaveProperty('temperature');
    const dup = { ...m, acceptance: { kind: 'byTemperature', points: [{ temperature: 1, acceptance: { kind: 'iid', alpha: 0.5 } }, { temperature: 1, acceptance: { kind: 'iid', alpha: 0.4 } }] } };
    expect(ScenarioSchema.safeParse({ ...base, methods: [dup] }).success).toBe(false);
  });

  it('SAMPLING_BETA is the fit on EAGLE\'s six MT-bench pairs (to its two decimals)', () => {
    const trees = referenceJson<{ trees: Record<string, number[][]> }>('eagle-trees.json');
    const heads = referenceJson<{ table_top1_to_top5: Record<string, number[][]> }>('medusa-head-accuracy.json');
    const beta = fitSamplingBeta({ tree: trees.trees.mc_sim_7b_63!, medusaHead0: heads.table_top1_to_top5['lmsys/vicuna-7b-v1.3']![0]! }, EAGLE_TEMPERATURE_PAIRS);
    expect(Math.abs(beta - SAMPLING_BETA)).toBeLessThan(0.005);
  });
});

/** A random distribution over `n` tokens. */
function dist(rng: Rng, n: number, sharp: number): number[] {
  const w = Array.from({ length: n }, () => rng() ** sharp);
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
}
function sample(p: readonly number[], u: number): number {
  let c = 0;
  for (let i = 0; i < p.length; i++) { c += p[i]!; if (u < c) return i; }
  return p.length - 1;
}

describe('temperature: the verification rules, token by token', () => {
  it('chain: speculative sampling (x ~ q, keep with min(1, p/q)) accepts with the chain law at α = Σ min(p, q)', () => {
    const rng = stream(3, 'chain-mc');
    const gamma = 4;
    const ps = Array.from({ length: gamma }, () => dist(rng, 6, 2));
    const qs = Array.from({ length: gamma }, () => dist(rng, 6, 3));
    const rows = ps.map((p, i) => [p.reduce((s, v, x) => s + Math.min(v, qs[i]![x]!), 0)]);
    const pmf = chainLengthPmf(rows, gamma);
    const n = 40_000;
    const counts = new Array<number>(gamma + 1).fill(0);
    for (let t = 0; t < n; t++) {
      let a = 0;
      while (a < gamma) {
        const x = sample(qs[a]!, rng());
        if (rng() < Math.min(1, ps[a]![x]! / qs[a]![x]!)) a++; else break;
      }
      counts[a]!++;
    }
    const { stat, df } = chiSquare(counts, pmf, n);
    expect(stat).toBeLessThan(chiCritical(df));
  });

  it('tree: recursive rejection over top-k children (keep x with its residual target probability) has the rank law with rows = p\'s mass on q\'s top k', () => {
    const rng = stream(4, 'tree-mc');
    const paths = dynamicTree(3, 3, 9, [[0.6, 0.8, 0.9]]);
    const t = treeFromPaths(paths);
    const V = 6;
    const p = dist(rng, V, 1.5);
    const q = dist(rng, V, 2);
    const order = q.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).map(([, i]) => i); // q's ranking: child rank r proposes token order[r]
    let c = 0;
    const rows = [order.slice(0, 3).map((x) => (c += p[x]!))];
    const pmf = treeLengthPmf(t.root, rows);
    const n = 40_000;
    const counts = new Array<number>(pmf.length).fill(0);
    for (let k = 0; k < n; k++) {
      let node = t.root;
      let depth = 0;
      for (;;) {
        const residual = [...p];
        let next: typeof node | undefined;
        for (let r = 0; r < node.children.length && !next; r++) {
          const child = node.children[r];
          if (!child) continue;
          const x = order[r]!;
          const mass = residual.reduce((s, v) => s + v, 0);
          if (rng() < residual[x]! / mass) next = child; else residual[x] = 0;
        }
        if (!next) break;
        node = next;
        depth++;
      }
      counts[depth]!++;
    }
    const { stat, df } = chiSquare(counts, pmf, n);
    expect(stat).toBeLessThan(chiCritical(df));
  });
});

describe('temperature: the CLI', () => {
  it('--temperature out of range is one line and exit 2', async () => {
    const r = await runCli(process.cwd(), ['compare', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'ngram', '--batch', '1', '--temperature', '3', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--temperature/);
  });
});
