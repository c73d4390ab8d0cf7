/**
 * `ngram` (prompt lookup decoding): gamma tokens proposed from n-gram
 * matches in the context, at a small host cost (`cpuMs`, default 0.02 ms per
 * step), no draft model; the target verifies gamma + 1 tokens.
 * `optimize` searches γ = 1..16.
 */
import { z } from '../zod.js';
import { AcceptanceSchema, acceptanceModel } from '../acceptance/index.js';
import { gamma, label, LIMITS } from '../fields.js';
import type { MethodDefinition } from './definition.js';
import { GAMMAS } from './draft.js';
import { iidChoice, iidTuned } from './search-acceptance.js';
import type { IterationWork } from './types.js';
import { weightlessChain } from './chain.js';

/** `--alpha` when absent (optimize's default since its first version; an assumption, said in the report). */
const DEFAULT_ALPHA = 0.5;

const schema = z.strictObject({
  kind: z.literal('ngram'), label, gamma, acceptance: AcceptanceSchema,
  /** Host time of one lookup per step (ms). */
  cpuMs: z.number().min(0).max(LIMITS.cpuMs).optional(),
});

export const ngram = {
  kind: 'ngram',
  schema,
  description: 'prompt lookup: free proposals from n-gram matches, no draft model',
  color: '#9467bd',
  compareDefault: () => ({ kind: 'ngram', gamma: 4, acceptance: { kind: 'iid', alpha: 0.4 } }),
  compareFlags: ['alpha', 'gamma'],
  tune(spec, _target, flags) {
    const acc = iidTuned('ngram', spec.acceptance, flags.alpha, DEFAULT_ALPHA);
    return { spec: { ...spec, gamma: flags.gamma ?? spec.gamma, acceptance: acc.spec }, assumptions: flags.alpha === undefined ? [`ngram: ${acc.describe} assumed (--alpha)`] : [] };
  },
  search: {
    reads: ['alpha'],
    acceptance: (flags) => iidChoice('ngram', flags, DEFAULT_ALPHA),
    emit: { names: { vllm: 'ngram', sglang: 'NGRAM', trtllm: 'NGram' }, shape: (s) => ({ depth: s.gamma!, topK: 1, nodes: s.gamma!, chain: true }) },
    space: ({ acceptance }) => GAMMAS.map((g) => ({ setting: { method: 'ngram', gamma: g }, spec: { kind: 'ngram', gamma: g, acceptance }, size: [g] })),
    describe: (s) => `γ=${s.gamma}`,
  },
  build(spec, env) {
    const g = spec.gamma;
    const work: IterationWork = { before: [{ label: 'lookup', device: 'target', hostMs: spec.cpuMs ?? 0.02 }], verifyTokens: g + 1, after: [] };
    return weightlessChain('ngram', spec.label ?? 'ngram', g, acceptanceModel(spec.acceptance, env.temperature), () => work);
  },
} as const satisfies MethodDefinition<typeof schema>;
