/**
 * Pricing a method's work with the cost model, and the acceptance rules the
 * methods share (a chain of drafts, a tree of drafts, none). Pure helpers: the
 * engine and the optimizer both price iterations through `phaseMs`.
 */
import { allAcceptedProbability, expectedChain, expectedTree } from '../acceptance/expected.js';
import { chainLengthPmf, chainSurvival, lengthSampler, survivalSampler, treeLengthPmf, treeSurvival } from '../acceptance/length.js';
import { isTree, type TreeNode } from '../acceptance/sample.js';
import type { CostFn } from '../sim/cost-cache.js';
import type { DraftAcceptance, IterationWork, Phase } from './types.js';

/** Time of one phase for `batch` sequences (ms): its steps summed in order, or its host time. */
export function phaseMs(p: Phase, batch: number, cost: CostFn): number {
  if ('hostMs' in p) return p.hostMs;
  let ms = 0;
  for (const s of p.steps) ms += cost(p.model, batch, s.tokens, s.context, s.phase).ms;
  return ms;
}

/** Time of an iteration's verify step (ms): its width, on the target or the model it names, under a tree mask when its drafts branch. */
export function verifyMs(w: IterationWork, batch: number, context: number, cost: CostFn, target: Parameters<CostFn>[0]): number {
  return cost(w.verifyModel ?? target, batch, w.verifyTokens, context, 'decode', w.verifyTree).ms;
}

/** Time of a whole iteration on one device, everything serialized (ms): what the optimizer's analytic search uses. */
export function iterationMs(w: IterationWork, batch: number, context: number, cost: CostFn, target: Parameters<CostFn>[0]): number {
  return w.before.reduce((s, p) => s + phaseMs(p, batch, cost), 0) + verifyMs(w, batch, context, cost, target) + w.after.reduce((s, p) => s + phaseMs(p, batch, cost), 0);
}

/** No drafts: one token per step. */
export const NO_DRAFTS: DraftAcceptance = {
  maxAccepted: 0,
  branches: false,
  accept: () => 0,
  acceptScaled: () => 0,
  expectedTokens: () => 1,
  allAccepted: () => 0,
};

/**
 * A chain of `gamma` drafts, accepted up to the first rejection. `accept`
 * draws one uniform per sequence-step against the accepted length's exact
 * distribution for the sequence's rows (acceptance/length.ts).
 */
export function chainAcceptance(gamma: number): DraftAcceptance {
  return {
    maxAccepted: gamma,
    branches: false,
    accept: lengthSampler((r) => chainLengthPmf(r, gamma)),
    acceptScaled: survivalSampler((r) => chainSurvival(r, gamma)),
    expectedTokens: (rows) => expectedChain(rows, gamma),
    allAccepted: (rows) => allAcceptedProbability(rows, gamma),
  };
}

/** A tree of drafts `depth` deep: the longest path whose ranks match the target's tokens (one uniform per sequence-step, as for a chain). */
export function treeAcceptance(root: TreeNode, depth: number): DraftAcceptance {
  return {
    maxAccepted: depth,
    branches: isTree(root),
    accept: lengthSampler((r) => treeLengthPmf(root, r)),
    acceptScaled: survivalSampler((r) => treeSurvival(root, r)),
    expectedTokens: (rows) => expectedTree(root, rows),
    allAccepted: () => 0,
  };
}
