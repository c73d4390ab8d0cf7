/**
 * `layerskip` (LayerSkip self-speculation, Elhoushi et al. 2024, arXiv
 * 2404.16710): the draft is the target's own first `exitLayer` layers plus
 * its LM head (one shared exit), so there is no second model in memory and
 * one KV cache: the early layers' KV written while drafting is the KV the
 * verification reuses. A round, as facebookresearch/LayerSkip's
 * `self_speculation_generator.py` runs it: `gamma` draft steps of the first
 * E layers + LM head at one token each (`forward_early`); then verification
 * (`forward_remainder`) runs the first E layers on the one token drafting
 * never fed through them (the last draft) and the remaining L − E layers plus
 * the LM head on the γ + 1 tokens [pending, drafts], starting from the exit
 * query cache. So the target step that verifies is the upper L − E layers
 * alone (`verifyModel`), and no prefill of a draft is needed.
 *
 * Defaults: exit at a quarter of the layers (the repository's Llama2-7B runs
 * exit at layer 8 of 32, d = 6 speculations), γ = 6, iid α = 0.85: the
 * repository reports 0.79 of drafted tokens accepted on CNN/DM summarization
 * (greedy, E 8, d 6: α ≈ 0.93 per token under a chain) and 0.56 on HumanEval
 * under sampling (E 10, d 6: α ≈ 0.83); we take the lower end for general
 * text. LayerSkip needs a model trained with its recipe (layer dropout, early
 * exit loss); a stock model's early exit accepts far less.
 * `optimize` searches γ = 1..12 at the default exit (acceptance depends on
 * the exit layer, and one acceptance input cannot say how).
 */
import { z } from '../zod.js';
import { AcceptanceSchema, acceptanceModel } from '../acceptance/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { UserError } from '../errors.js';
import { gamma, label, posInt } from '../fields.js';
import type { MethodDefinition } from './definition.js';
import { iidChoice, iidTuned } from './search-acceptance.js';
import { GAMMAS } from './draft.js';
import type { ModelStep } from './types.js';
import { weightlessChain } from './chain.js';

/** α per drafted token when none is given (see the file comment). */
const DEFAULT_ALPHA = 0.85;

const schema = z.strictObject({
  kind: z.literal('layerskip'), label, gamma, acceptance: AcceptanceSchema,
  /** Layers the draft runs before the shared exit (default: a quarter of the target's, at least 1). */
  exitLayer: posInt.max(4096).optional(),
});

/** The default exit layer of `target`: a quarter of its layers (LayerSkip's Llama2-7B: 8 of 32). */
export function defaultExitLayer(target: ModelSpec): number {
  return Math.max(1, Math.round(target.layers / 4));
}

/** The target cut to some of its layers, as a model the cost model prices (same shapes, fewer layers). */
function slice(target: ModelSpec, layers: number, part: string, withHead = true): ModelSpec {
  // Without the head: a vocabulary of one makes the LM head's GEMM vanish (the early layers of the last draft need no logits).
  return { ...target, id: `${target.id}+layerskip-${part}`, name: `${target.name} (${part})`, layers, ...(withHead ? {} : { vocab: 1 }), target: target.id };
}

export const layerskip = {
  kind: 'layerskip',
  schema,
  description: 'LayerSkip self-speculation: the target\'s first layers draft through its own LM head, the remaining layers verify; one KV cache, no extra weights',
  color: '#8c564b',
  compareDefault: () => ({ kind: 'layerskip', gamma: 6, acceptance: { kind: 'iid', alpha: DEFAULT_ALPHA } }),
  compareFlags: ['alpha', 'gamma'],
  tune(spec, target, flags) {
    const acc = iidTuned('layerskip', spec.acceptance, flags.alpha, DEFAULT_ALPHA);
    const assumptions = [`layerskip: exit after a quarter of the layers (${spec.exitLayer ?? defaultExitLayer(target)} of ${target.layers}), a model trained with the LayerSkip recipe`];
    if (flags.alpha === undefined) assumptions.push(`layerskip: ${acc.describe} assumed (LayerSkip's Llama2-7B: 0.56-0.79 of drafted tokens accepted; --alpha)`);
    return { spec: { ...spec, gamma: flags.gamma ?? spec.gamma, acceptance: acc.spec }, assumptions };
  },
  search: {
    reads: ['alpha'],
    acceptance: (flags) => iidChoice('layerskip', flags, DEFAULT_ALPHA),
    space: ({ acceptance }) => GAMMAS.map((g) => ({ setting: { method: 'layerskip', gamma: g }, spec: { kind: 'layerskip', gamma: g, acceptance }, size: [g] })),
    describe: (s) => `γ=${s.gamma}`,
  },
  build(spec, env, where) {
    const L = env.target.layers;
    const e = spec.exitLayer ?? defaultExitLayer(env.target);
    if (e >= L) throw new UserError(`exitLayer ${e} must be below the target's ${L} layers (the rest verify)`, `${where}.exitLayer`);
    const exit = slice(env.target, e, `exit${e}`);
    const lower = slice(env.target, e, `lower${e}`, false);
    const upper = slice(env.target, L - e, `upper${e}`);
    const g = spec.gamma;
    // The draft is part of the target: no weights and no KV cache of its own.
    return weightlessChain('layerskip', spec.label ?? 'layerskip', g, acceptanceModel(spec.acceptance, env.temperature), (context) => {
      const steps: ModelStep[] = [];
      for (let i = 0; i < g; i++) steps.push({ tokens: 1, context: context + i, phase: 'decode' });
      return {
        before: [
          { label: 'draft', device: 'target', model: exit, steps },
          { label: 'draft', device: 'target', model: lower, steps: [{ tokens: 1, context: context + g, phase: 'decode' }] },
        ],
        verifyTokens: g + 1,
        verifyModel: upper,
        after: [],
      };
    });
  },
} as const satisfies MethodDefinition<typeof schema>;
