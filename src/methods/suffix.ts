/**
 * `suffix` (SuffixDecoding, Oliaro et al. 2024, arXiv 2411.04975; vLLM's
 * `suffix` method over ArcticInference): model-free proposals from suffix
 * trees over the request's prompt and earlier outputs, on the CPU. Each step
 * the recent tokens are matched in the trees; a match of p tokens lets it
 * propose up to ⌊specFactor · p⌋ tokens (SuffixDecoding's max_spec_factor,
 * default 1), at most `maxTokens` (vLLM's suffix_decoding_max_tree_depth,
 * default 24). So the proposal length varies per step and per request.
 *
 * Modelled: the match length of a step is geometric with mean `matchTokens`
 * for the request (P(p ≥ j) = r^j, r = μ / (1 + μ)); a request's μ is scaled
 * by its per-request acceptance draw (one latent "how repetitive is this
 * request" for both), and each proposed token is accepted with the
 * acceptance's α (a chain: up to the first rejection). The accepted length A
 * then has P(A ≥ k) = P(proposal ≥ k) · α_1 ⋯ α_k with P(proposal ≥ k) =
 * r^⌈k/specFactor⌉ for k ≤ maxTokens: exactly a chain of maxTokens drafts with
 * positional rows α_k · P(proposal ≥ k) / P(proposal ≥ k − 1), so the draw is
 * the chain's one uniform per sequence-step. The verify step is priced at the
 * batch's mean width, 1 + E[proposal] (a ragged batch verifies Σ of its
 * proposals; at batch 1 this prices the mean step, not each step). The suffix
 * tree lookups are a host phase (`cpuMs` per step, default 0.05 ms: an
 * assumption, a tree walk per request on the CPU).
 *
 * Defaults (compare): α 0.7, matchTokens 2: τ ≈ 1.9, above Spec-Bench's
 * model-free methods on chat (Vicuna-7B: prompt lookup 1.73, lookahead 1.66,
 * published-engines.md) since suffix trees also match earlier outputs; on
 * agentic, repetitive workloads (SuffixDecoding's AgenticSQL, SWE-Bench) set
 * matchTokens and α much higher. `acceptanceRate` counts accepted tokens
 * against maxTokens (the most a step may propose), not against what was
 * proposed. `optimize` searches maxTokens ∈ {4, 8, 12, 16, 24, 32}.
 */
import { z } from '../zod.js';
import { AcceptanceSchema, acceptanceModel } from '../acceptance/index.js';
import { row } from '../acceptance/expected.js';
import type { AcceptanceModel, AcceptanceRows } from '../acceptance/types.js';
import { gamma, label, LIMITS } from '../fields.js';
import type { MethodDefinition } from './definition.js';
import { iidChoice, iidTuned } from './search-acceptance.js';
import { weightlessChain } from './chain.js';

const schema = z.strictObject({
  kind: z.literal('suffix'), label, acceptance: AcceptanceSchema,
  /** Mean pattern-match length per step (tokens). */
  matchTokens: z.number().positive().max(LIMITS.tokens),
  /** Most tokens one step proposes (default 24). */
  maxTokens: gamma.optional(),
  /** Tokens proposed per matched token (default 1). */
  specFactor: z.number().positive().max(LIMITS.gamma).optional(),
  /** Host time of the suffix-tree lookups per step (ms, default 0.05). */
  cpuMs: z.number().min(0).max(LIMITS.cpuMs).optional(),
});

export const SUFFIX_MAX_TOKENS = [4, 8, 12, 16, 24, 32];

/** Defaults (see the file comment): α per proposed token and the mean match length. */
const DEFAULT_ALPHA = 0.7;
const DEFAULT_MATCH = 2;

/** P(proposal ≥ k), k = 0 … maxTokens, for a geometric match length of mean `match`. */
export function proposalSurvival(match: number, specFactor: number, maxTokens: number): Float64Array {
  const r = match / (1 + match);
  const s = new Float64Array(maxTokens + 1);
  for (let k = 0; k <= maxTokens; k++) s[k] = Math.pow(r, Math.ceil(k / specFactor));
  return s;
}

/** Positional rows of a chain of `maxTokens` drafts whose accepted length has the suffix law (see the file comment). */
export function suffixRows(base: AcceptanceRows, match: number, specFactor: number, maxTokens: number): number[][] {
  const p = proposalSurvival(match, specFactor, maxTokens);
  const out: number[][] = [];
  for (let k = 1; k <= maxTokens; k++) out.push([p[k - 1]! > 0 ? (row(base, k)[0]! * p[k]!) / p[k - 1]! : 0]);
  return out;
}

export const suffix = {
  kind: 'suffix',
  schema,
  description: 'suffix decoding: model-free proposals from suffix trees of the prompt and past outputs, length adapted to each match',
  color: '#bcbd22',
  compareDefault: () => ({ kind: 'suffix', matchTokens: DEFAULT_MATCH, acceptance: { kind: 'iid', alpha: DEFAULT_ALPHA } }),
  compareFlags: ['alpha', 'gamma'],
  tune(spec, _target, flags) {
    const acc = iidTuned('suffix', spec.acceptance, flags.alpha, DEFAULT_ALPHA);
    const assumptions = [`suffix: a mean pattern match of ${spec.matchTokens} tokens per step assumed (chat-like text; agentic, repetitive work matches far longer)`];
    if (flags.alpha === undefined) assumptions.push(`suffix: ${acc.describe} (here: per proposed token) assumed (--alpha)`);
    return { spec: { ...spec, ...(flags.gamma !== undefined ? { maxTokens: flags.gamma } : {}), acceptance: acc.spec }, assumptions };
  },
  search: {
    reads: ['alpha'],
    acceptance: (flags) => iidChoice('suffix', flags, DEFAULT_ALPHA),
    space: ({ acceptance }) => SUFFIX_MAX_TOKENS.map((g) => ({ setting: { method: 'suffix', gamma: g }, spec: { kind: 'suffix', matchTokens: DEFAULT_MATCH, maxTokens: g, acceptance }, size: [g] })),
    describe: (s) => `≤${s.gamma} tokens`,
  },
  build(spec, env) {
    const G = spec.maxTokens ?? 24;
    const phi = spec.specFactor ?? 1;
    const base = acceptanceModel(spec.acceptance, env.temperature);
    const first = row(base.mean, 1)[0]!;
    const rowsFor = (r: AcceptanceRows): AcceptanceRows => {
      // The request's acceptance draw scales its match length too (one latent repetitiveness).
      const scale = first > 0 ? row(r, 1)[0]! / first : 1;
      return suffixRows(r, spec.matchTokens * scale, phi, G);
    };
    const mean = rowsFor(base.mean);
    const acceptance: AcceptanceModel = {
      mean,
      forRequest: (rng) => rowsFor(base.forRequest(rng)),
      ...(base.contextFactor ? { contextFactor: base.contextFactor } : {}),
    };
    const proposed = proposalSurvival(spec.matchTokens, phi, G).reduce((s, v, k) => (k > 0 ? s + v : s), 0);
    const q = 1 + Math.round(proposed);
    return weightlessChain('suffix', spec.label ?? 'suffix', G, acceptance, () => ({ before: [{ label: 'lookup', device: 'target', hostMs: spec.cpuMs ?? 0.05 }], verifyTokens: q, after: [] }));
  },
} as const satisfies MethodDefinition<typeof schema>;
