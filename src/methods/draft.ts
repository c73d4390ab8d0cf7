/**
 * `draft` (Leviathan et al.): a separate draft model proposes gamma tokens
 * with gamma steps at batch × 1 token; the target verifies gamma + 1 tokens
 * per sequence in one step; accepted + 1 bonus tokens are emitted. The
 * draft's KV cache catches up: its first step of a round processes 2 tokens
 * when some sequence accepted every draft (the last draft and the bonus). Its
 * prefill needs nothing from the target's, so on a separate device they overlap.
 * The draft has its own deployment (deployment.ts: tp, dtype, placement).
 * `optimize` searches γ = 1..16 for each draft model candidate (`--draft a,b`).
 */
import { z } from '../zod.js';
import { AcceptanceSchema, acceptanceModel } from '../acceptance/index.js';
import { defaultDraft } from '../catalog/drafts.js';
import { resolveModel } from '../catalog/models.js';
import { gamma, id, label } from '../fields.js';
import type { MethodDefinition } from './definition.js';
import { checkDraft, defaultDraftFor, iidChoice, iidTuned } from './search-acceptance.js';
import { tokenizerFamily } from '../catalog/tokenizer.js';
import type { ModelStep } from './types.js';
import { DRAFT_DEPLOYMENT_FIELDS, deploymentFromFlags, resolveDraftDeployment } from './deployment.js';
import { chainAcceptance } from './work.js';

const schema = z.strictObject({ kind: z.literal('draft'), label, draft: id, gamma, acceptance: AcceptanceSchema, ...DRAFT_DEPLOYMENT_FIELDS });

/** The chain lengths optimize searches for draft models and prompt lookup. */
export const GAMMAS = Array.from({ length: 16 }, (_, i) => i + 1);

/** `--alpha` when absent (optimize's default since its first version; an assumption, said in the report). */
const DEFAULT_ALPHA = 0.8;

export const draft = {
  kind: 'draft',
  schema,
  description: 'a separate draft model proposes gamma tokens; the target verifies gamma+1 in one step',
  color: '#1f77b4',
  compareDefault: (target) => ({ kind: 'draft', draft: defaultDraft(target), gamma: 4, acceptance: { kind: 'iid', alpha: 0.7 } }),
  compareFlags: ['draft', 'alpha', 'gamma', 'draftTp', 'draftDtype', 'draftPlacement'],
  tune(spec, target, flags) {
    const assumptions: string[] = [];
    let d: string;
    if (flags.draft !== undefined) d = checkDraft(target, flags.draft).id;
    else {
      d = defaultDraftFor(target);
      const family = tokenizerFamily(target);
      assumptions.push(`draft: ${d} (the default for the ${family ? `${family.name} tokenizer` : `${target.vocab}-token vocabulary`}; --draft to choose)`);
    }
    const acc = iidTuned('draft', spec.acceptance, flags.alpha, DEFAULT_ALPHA);
    if (flags.alpha === undefined) assumptions.push(`draft: ${acc.describe} assumed (--alpha)`);
    const g = flags.gamma ?? spec.gamma;
    if (flags.gamma === undefined) assumptions.push(`draft: γ ${g} drafted tokens per step (--gamma)`);
    return { spec: { ...spec, draft: d, gamma: g, acceptance: acc.spec, ...deploymentFromFlags(flags) }, assumptions };
  },
  search: {
    reads: ['alpha'],
    acceptance: (flags) => iidChoice('draft', flags, DEFAULT_ALPHA),
    takesDraft: true,
    // vLLM speculative_config.method 'draft_model'; SGLang STANDALONE; TensorRT-LLM DraftTarget (their docs, see README).
    emit: { names: { vllm: 'draft_model', sglang: 'STANDALONE', trtllm: 'DraftTarget' }, shape: (s) => ({ depth: s.gamma!, topK: 1, nodes: s.gamma!, chain: true }) },
    space: ({ acceptance, draft: d }) => GAMMAS.map((g) => ({ setting: { method: 'draft', draft: d!, gamma: g }, spec: { kind: 'draft', draft: d!, gamma: g, acceptance }, size: [g] })),
    describe: (s) => `γ=${s.gamma}${s.draftTp !== undefined ? ` · draft tp ${s.draftTp}` : ''}${s.draftPlacement === 'separate' ? ' on its own GPUs' : ''}`,
  },
  build(spec, env, where) {
    const model = resolveModel(spec.draft, `${where}.draft`);
    const g = spec.gamma;
    const deployment = resolveDraftDeployment(model, spec, env, where);
    return {
      kind: 'draft',
      label: spec.label ?? 'draft',
      // The draft's weights and KV cache sit where its deployment puts them (methods/fits.ts), not beside every target GPU's share.
      residentModels: [],
      draftDeployment: deployment,
      extraKvTokens: g + 1,
      ...chainAcceptance(g),
      acceptance: acceptanceModel(spec.acceptance, env.temperature),
      usesDraftDevice: true,
      prefillDraft: (prompt) => ({ label: 'prefill', device: 'draft', model, steps: [{ tokens: prompt, context: 0, phase: 'prefill' }], independent: true }),
      iteration(context, lastEmitted) {
        const catchUp = lastEmitted > g ? 2 : 1;
        const steps: ModelStep[] = [];
        for (let i = 0; i < g; i++) steps.push({ tokens: i === 0 ? catchUp : 1, context: context + i, phase: 'decode' });
        return { before: [{ label: 'draft', device: 'draft', model, steps }], verifyTokens: g + 1, after: [] };
      },
    };
  },
} as const satisfies MethodDefinition<typeof schema>;
