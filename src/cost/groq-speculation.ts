/**
 * What speculative decoding must achieve on Groq to take Llama-3.1-70B from
 * ~250 to ~1,660 tokens/s per user (Groq, secondary; published.md).
 *
 * One round drafts γ tokens one after another and verifies γ + 1 positions in
 * one target step; with i.i.d. acceptance α it yields
 *   E(α, γ) = (1 − α^(γ+1)) / (1 − α)          tokens (Leviathan et al. 2023),
 * so tokens/s = E / (γ · t_draft + t_verify(γ + 1)), every time from the Groq
 * cost model at batch 1. Draft placements:
 *   - own chips: the draft is a separate pipeline; the target's chips idle while it drafts;
 *   - same chips: the draft's weights share the target's chips (more SRAM, the chip
 *     count is that of both models); at batch 1 the draft step costs the same
 *     pipeline time, the difference is the chip count.
 * The report gives, per γ, the smallest α that reaches the goal (null when
 * even α = 1 cannot), and the largest draft step time that would reach it at
 * a typical chain acceptance.
 */
import type { GroqProfile } from '../catalog/hardware-schema.js';
import { resolveModel } from '../catalog/models.js';
import { expectedTokens } from '../acceptance/expected.js';
import { groqMemoryFootprint, groqSystem } from './groq.js';
import { DEFAULT_COST_OPTIONS } from './operators.js';
import { stepCost } from './step-cost.js';


/** Smallest α with E(α, γ) ≥ e (null if e > γ + 1). E is increasing in α. */
export function alphaForTokens(e: number, gamma: number): number | null {
  if (e <= 1) return 0;
  if (e > gamma + 1) return null;
  let lo = 0, hi = 1;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (expectedTokens(mid, gamma) >= e) hi = mid; else lo = mid;
  }
  return hi;
}

export const GROQ_SPEC_REFERENCE = {
  target: 'llama3.1-70b',
  baselineTokPerS: 250,
  specTokPerS: 1660,
  source: 'Groq, Llama-3.1-70B 250 → ~1,660 tok/s per user with speculative decoding (secondary; published.md)',
} as const;

export interface GroqSpecGamma {
  gamma: number;
  verifyMs: number;
  /** Tokens per round needed to reach the goal. */
  tokensNeeded: number;
  /** Smallest acceptance that reaches the goal, or null if unreachable at this γ. */
  alphaNeeded: number | null;
}

export interface GroqSpecDraft {
  draft: string;
  placement: 'own-chips' | 'same-chips';
  draftMs: number;
  /** Chips of the whole system (target + draft). */
  chips: number;
  /** Upper bound on tokens/s with α = 1 at the best γ. */
  ceilingTokPerS: number;
  perGamma: GroqSpecGamma[];
  /** The γ needing the lowest α (null if none reaches the goal). */
  best: { gamma: number; alpha: number } | null;
}

export interface GroqSpecReport {
  reference: typeof GROQ_SPEC_REFERENCE;
  /** The model's own autoregressive step and speed for the target. */
  baselineMs: number;
  baselineTokPerS: number;
  /** Goal per-token time (ms) = 1000 / specTokPerS, and the published speedup. */
  goalMs: number;
  publishedSpeedup: number;
  drafts: GroqSpecDraft[];
  /** A free draft (zero draft time, e.g. prompt lookup): the smallest α reaching the goal, over the γ tried. */
  freeDraftBest: { gamma: number; alpha: number } | null;
  /** Largest draft step (ms) reaching the goal at chain acceptance α = 0.8 (EAGLE-like, published.md), per γ. */
  draftMsBudgetAtAlpha08: { gamma: number; maxDraftMs: number | null }[];
}

/**
 * Speculation needed on `hw` (a Groq profile) for the published Llama-3.1-70B
 * case. Deterministic; `specsim validate` can report `best` per draft, and the
 * test suite prints it.
 */
export function groqSpeculationNeeded(
  hw: GroqProfile,
  drafts: readonly string[] = ['llama3.2-1b', 'llama3.1-8b', 'llama3.1-70b+eagle'],
  gammas: readonly number[] = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16],
  context = 512,
): GroqSpecReport {
  const ref = GROQ_SPEC_REFERENCE;
  const target = resolveModel(ref.target);
  const o = DEFAULT_COST_OPTIONS;
  const step = (m: typeof target, tokens: number) => stepCost(hw, m, { batch: 1, tokens, context, phase: 'decode' }, o).ms;
  const baselineMs = step(target, 1);
  const goalMs = 1000 / ref.specTokPerS;
  const verify = new Map(gammas.map((g) => [g, step(target, g + 1)]));
  const targetSys = groqSystem(hw, target, { batch: 1, context, tokens: 1 }, o);

  const out: GroqSpecDraft[] = [];
  for (const id of drafts) {
    const draft = resolveModel(id);
    const draftMs = step(draft, 1);
    // On its own chips the draft holds its weights (at the stored precision) and its KV cache.
    const draftChips = groqMemoryFootprint(hw, [draft], { batch: 1, contextTokens: context + 1 }, o).devices;
    for (const placement of ['own-chips', 'same-chips'] as const) {
      // Own chips: a separate pipeline. Same chips: the draft's weights take SRAM on the target's chips.
      const chips = placement === 'own-chips'
        ? targetSys.chips + draftChips
        : groqMemoryFootprint(hw, [target, draft], { batch: 1, contextTokens: context + 1 }, o).devices;
      const perGamma = gammas.map((gamma) => {
        const verifyMs = verify.get(gamma)!;
        const tokensNeeded = (gamma * draftMs + verifyMs) / goalMs;
        return { gamma, verifyMs, tokensNeeded, alphaNeeded: alphaForTokens(tokensNeeded, gamma) };
      });
      let best: GroqSpecDraft['best'] = null;
      for (const g of perGamma) if (g.alphaNeeded !== null && (best === null || g.alphaNeeded < best.alpha)) best = { gamma: g.gamma, alpha: g.alphaNeeded };
      const ceilingTokPerS = Math.max(...perGamma.map((g) => (1000 * (g.gamma + 1)) / (g.gamma * draftMs + g.verifyMs)));
      out.push({ draft: id, placement, draftMs, chips, ceilingTokPerS, perGamma, best });
    }
  }
  const draftMsBudgetAtAlpha08 = gammas.map((gamma) => {
    const e = expectedTokens(0.8, gamma);
    const max = (e * goalMs - verify.get(gamma)!) / gamma;
    return { gamma, maxDraftMs: max > 0 ? max : null };
  });
  let freeDraftBest: GroqSpecReport['freeDraftBest'] = null;
  for (const gamma of gammas) {
    const a = alphaForTokens(verify.get(gamma)! / goalMs, gamma);
    if (a !== null && (freeDraftBest === null || a < freeDraftBest.alpha)) freeDraftBest = { gamma, alpha: a };
  }
  return {
    reference: ref, baselineMs, freeDraftBest, baselineTokPerS: 1000 / baselineMs, goalMs,
    publishedSpeedup: ref.specTokPerS / ref.baselineTokPerS, drafts: out, draftMsBudgetAtAlpha08,
  };
}
