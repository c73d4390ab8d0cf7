/**
 * Temperature (EAGLE, Li et al. 2024, arXiv 2401.15077): MT-bench τ at T = 0
 * and T = 1 for six targets, against the default relation of
 * acceptance/temperature.ts, c(T) = c(0)^(1 + βT).
 *
 * For each target the greedy rows are fixed first: the EAGLE-1 tree's τ at
 * T = 0 is matched exactly by the top-1 acceptance (ranks 2–5 shaped as in
 * eagle.ts), so each case tests the temperature relation alone. β is the
 * least-squares fit in log τ(T = 1) (`fitSamplingBeta`); a case fitted on the
 * other five targets is out of sample, and the shipped β (all six) is checked
 * in sample on the figure the issue names (Vicuna-7B 3.94 → 3.17). (The
 * older cases' convention, not `sample`, marks them: `sample` groups the
 * serving-engine cases in docs/validation.md.)
 */
import { rowsAtTemperature, SAMPLING_BETA } from '../acceptance/temperature.js';
import { EAGLE_TOP1, eagleTopK } from './eagle.js';
import { treeExpectedLength } from './theory.js';
import type { CaseInput } from './types.js';

/** MT-bench τ at T = 0 and T = 1 (EAGLE, Table 1/2 of arXiv 2401.15077, as in published.md). */
export const EAGLE_TEMPERATURE_PAIRS = [
  { id: 'vicuna-7b', name: 'Vicuna-7B', t0: 3.94, t1: 3.17 },
  { id: 'vicuna-13b', name: 'Vicuna-13B', t0: 3.98, t1: 3.2 },
  { id: 'vicuna-33b', name: 'Vicuna-33B', t0: 3.68, t1: 3.22 },
  { id: 'llama2-chat-7b', name: 'LLaMA2-Chat-7B', t0: 3.62, t1: 3.3 },
  { id: 'llama2-chat-13b', name: 'LLaMA2-Chat-13B', t0: 3.9, t1: 3.45 },
  { id: 'llama2-chat-70b', name: 'LLaMA2-Chat-70B', t0: 3.81, t1: 3.46 },
] as const;
type Pair = (typeof EAGLE_TEMPERATURE_PAIRS)[number];

export interface TemperatureDeps { tree: readonly (readonly number[])[]; medusaHead0: readonly number[] }

/** τ of the EAGLE-1 tree with the same cumulative row at every depth. */
function tau(d: TemperatureDeps, row: readonly number[]): number {
  return treeExpectedLength(d.tree, Array.from({ length: 5 }, () => row));
}

/** Minimum of a unimodal f on [lo, hi] by golden-section search. */
function argmin(f: (x: number) => number, lo: number, hi: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo, b = hi;
  for (let i = 0; i < 80; i++) {
    const c = b - g * (b - a), e = a + g * (b - a);
    if (f(c) < f(e)) b = e; else a = c;
  }
  return (a + b) / 2;
}

/** The greedy row whose tree τ equals `t0` (top-1 solved, ranks 2–5 shaped as eagle.ts). */
export function greedyRow(d: TemperatureDeps, t0: number): number[] {
  const top1 = argmin((x) => (tau(d, eagleTopK(d.medusaHead0, x)) - t0) ** 2, 0.05, 0.99);
  return eagleTopK(d.medusaHead0, top1);
}

/** τ at T = 1 of a greedy row under β. */
function tauAtOne(d: TemperatureDeps, row: readonly number[], beta: number): number {
  return tau(d, rowsAtTemperature([row], 0, 1, beta)[0]!);
}

/** β minimizing Σ (ln τ̂(1) − ln τ(1))² over `pairs`. */
export function fitSamplingBeta(d: TemperatureDeps, pairs: readonly Pair[]): number {
  const rows = pairs.map((p) => greedyRow(d, p.t0));
  return argmin((beta) => pairs.reduce((s, p, i) => s + Math.log(tauAtOne(d, rows[i]!, beta) / p.t1) ** 2, 0), 0, 3);
}

export function temperatureCases(d: TemperatureDeps): CaseInput[] {
  const out: CaseInput[] = [];
  const relation = 'c(T) = c(0)^(1 + βT) on every acceptance probability (acceptance/temperature.ts); tree verified by recursive rejection over top-k children, so τ keeps the rank law with rows at T';
  for (const p of EAGLE_TEMPERATURE_PAIRS) {
    const beta = fitSamplingBeta(d, EAGLE_TEMPERATURE_PAIRS.filter((q) => q !== p));
    const row = greedyRow(d, p.t0);
    out.push({
      id: `eagle-tau-t1-${p.id}`,
      source: 'eagle 2024, MT-bench τ at T = 1 (from τ at T = 0)',
      conditions: `${p.name}, MT-bench, EAGLE-1 tree (25 nodes, depth 5), T = 1; greedy rows matched to the published τ ${p.t0} at T = 0 (top-1 ${row[0]!.toFixed(3)}); β ${beta.toFixed(3)} fitted on the other five targets`,
      reference: p.t1,
      predicted: tauAtOne(d, row, beta),
      unit: 'tokens/step',
      tolerance: 0.12,
      why: 'one β for every target: the published τ(1)/τ(0) spreads from 0.80 (Vicuna) to 0.91 (LLaMA2-Chat), ±6% around its mean, and leaving a target out moves β by up to 0.05 (about 3% more in τ)',
      note: relation,
      facts: { beta, top1AtT0: row[0]! },
    });
  }
  const base = eagleTopK(d.medusaHead0);
  out.push({
    id: 'eagle-tau-t1-vicuna-7b-default',
    source: 'eagle 2024, MT-bench τ at T = 1 (the shipped relation)',
    conditions: `Vicuna-7B, MT-bench, EAGLE-1 tree, T = 1, from the rows of eagle-tau-vicuna-7b (top-1 ${EAGLE_TOP1}, τ ${tau(d, base).toFixed(2)} at T = 0) and the shipped β ${SAMPLING_BETA} (fitted on all six targets, this one included)`,
    reference: 3.17,
    predicted: tauAtOne(d, base, SAMPLING_BETA),
    unit: 'tokens/step',
    tolerance: 0.15,
    why: 'compounds the T = 0 prediction\'s error (−1.8%) with the spread of τ(1)/τ(0) across targets (0.80–0.91), and Vicuna-7B sits at the low end of that spread',
    note: `in-sample (β was fitted on all six pairs, this one included): ${relation}`,
    facts: { beta: SAMPLING_BETA, fittedOnAllSix: fitSamplingBeta(d, EAGLE_TEMPERATURE_PAIRS) },
  });
  return out;
}
