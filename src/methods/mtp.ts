/**
 * `mtp`: multi-token prediction with the target's own MTP modules
 * (`<target>+mtp`, from `num_nextn_predict_layers`: embedding and LM head
 * shared with the target, eh_proj 2h → h, one decoder layer of the target's
 * kind: MLA and the MoE FFN on DeepSeek-V3). A chain of `depth` drafts: the
 * module runs `depth` times per round, as TensorRT-LLM's "MTP Eagle" path and
 * SGLang/vLLM run DeepSeek's single module for depth > 1 (module d mod
 * mtpLayers on depth d; every module costs the same). The first pass reads
 * the tokens just accepted with the target's hidden states (the catch-up),
 * each later pass one token; then the target verifies depth + 1 tokens.
 * Acceptance is per depth (`positional`, or any kind); depths past the
 * trained ones accept less, which the inputs say, not this file.
 *
 * The modules are part of the target's weights on the target's GPUs, so
 * `draftDevice` does not move them; `draftTp` and `draftDtype` set their own
 * tp (on the first GPUs of the target's) and weight dtype (deployment.ts).
 *
 * `optimize` searches depth 1..mtpLayers·4 (4 chained uses of each module:
 * TensorRT-LLM's measured best is 3 on DeepSeek-R1, published up to 5).
 */
import { z } from '../zod.js';
import { AcceptanceSchema, acceptanceModel } from '../acceptance/index.js';
import { mtpModuleOf } from '../catalog/models.js';
import { label, LIMITS, posInt } from '../fields.js';
import type { MethodDefinition, SearchPoint } from './definition.js';
import type { ModelStep } from './types.js';
import { chainAcceptance } from './work.js';
import { round6, rowsFromFile, type AcceptanceChoice, type AcceptanceFlags } from './search-acceptance.js';
import { UserError } from '../errors.js';
import { deploymentFromFlags, resolveDraftDeployment, SHARED_DRAFTER_FIELDS } from './deployment.js';

const schema = z.strictObject({
  kind: z.literal('mtp'), label,
  /** Drafted tokens per round: chained passes of the MTP module(s). */
  depth: posInt.max(LIMITS.treeDepth),
  acceptance: AcceptanceSchema,
  ...SHARED_DRAFTER_FIELDS,
});
type Spec = z.infer<typeof schema>;

/** Chained uses of each MTP module `optimize` searches. */
export const MTP_CHAIN_USES = 4;

/**
 * Default acceptance per depth: 0.875 for the first draft (DeepSeek-V3
 * §5.4.3: the second token is accepted 85–90% of the time), then 0.72 and
 * 0.36 given the ones before: the increments of TensorRT-LLM's published
 * acceptance lengths for DeepSeek-R1 with 1, 2, 3 chained MTP passes (1.92,
 * 2.58, 2.82; tech blog 1, 8×B200, batch 1) divided by the reach of the
 * previous depth.
 */
export const MTP_DEFAULT_ALPHAS = [0.875, 0.72, 0.36];

/**
 * The acceptance `optimize` and `compare` use: the default profile, `--alpha a`
 * scaling it to a first-depth acceptance a, or `--accuracy <file.json>` rows
 * per depth (their top-1).
 */
function mtpChoice(flags: AcceptanceFlags): AcceptanceChoice {
  if (flags.alpha !== undefined && !(flags.alpha > 0 && flags.alpha < 1)) throw new UserError(`alpha must be strictly between 0 and 1, got ${flags.alpha}`, '--alpha');
  if (flags.alpha !== undefined && flags.accuracy !== undefined) throw new UserError('give either --alpha or --accuracy for mtp, not both', '--accuracy');
  if (flags.accuracy !== undefined) {
    const alphas = rowsFromFile(flags.accuracy).map((r) => r[0]!);
    return { spec: { kind: 'positional', alphas }, describe: `MTP acceptance per depth from ${flags.accuracy}: ${alphas.join(', ')}` };
  }
  const first = MTP_DEFAULT_ALPHAS[0]!;
  const alphas = MTP_DEFAULT_ALPHAS.map((x) => round6(Math.min(1, (x * (flags.alpha ?? first)) / first)));
  return { spec: { kind: 'positional', alphas }, describe: `MTP acceptance per depth ${alphas.join(', ')} (the last repeats)${flags.alpha === undefined ? ': DeepSeek-V3\'s first depth, TensorRT-LLM\'s chained depths' : ''}` };
}

export const mtp = {
  kind: 'mtp',
  schema,
  description: 'the target\'s own multi-token-prediction module(s) (DeepSeek-V3 class) draft a chain, one pass per depth',
  color: '#b8860b',
  compareDefault: (target) => {
    mtpModuleOf(target, '--method mtp'); // a model without MTP modules has no default
    return { kind: 'mtp', depth: 3, acceptance: { kind: 'positional', alphas: MTP_DEFAULT_ALPHAS } };
  },
  compareFlags: ['alpha', 'accuracy', 'draftTp', 'draftDtype'],
  tune(spec, _target, flags) {
    const deployment = deploymentFromFlags(flags, false);
    if (flags.alpha !== undefined || flags.accuracy !== undefined) return { spec: { ...spec, acceptance: mtpChoice(flags).spec, ...deployment }, assumptions: [] };
    return { spec: { ...spec, ...deployment }, assumptions: [`mtp: acceptance per depth ${JSON.stringify(spec.acceptance.kind === 'positional' ? spec.acceptance.alphas : spec.acceptance)} assumed (DeepSeek-V3 reports 85-90% for the second token; the chained depths from TensorRT-LLM's DeepSeek-R1 acceptance lengths; --alpha or --accuracy)`] };
  },
  search: {
    reads: ['alpha', 'accuracy'],
    acceptance: (flags) => mtpChoice(flags),
    // The modules ship with the target's weights: no drafter checkpoint to name. SGLang runs DeepSeek's NextN module as EAGLE.
    emit: {
      names: { vllm: 'deepseek_mtp', sglang: 'EAGLE', trtllm: 'MTP' },
      shape: (s) => ({ depth: s.depth!, topK: 1, nodes: s.depth!, chain: true }),
    },
    space({ acceptance, target }) {
      const out: SearchPoint<Spec>[] = [];
      const max = Math.max(1, target?.mtpLayers ?? 1) * MTP_CHAIN_USES;
      for (let depth = 1; depth <= max; depth++) out.push({ setting: { method: 'mtp', depth }, spec: { kind: 'mtp', depth, acceptance }, size: [depth] });
      return out;
    },
    describe: (s) => `depth ${s.depth}`,
  },
  build(spec, env, where) {
    const module = mtpModuleOf(env.target, where);
    const k = spec.depth;
    return {
      kind: 'mtp',
      label: spec.label ?? 'mtp',
      // The modules at their own deployment (by default the target's tp and dtype), always on the target's GPUs.
      residentModels: [],
      draftDeployment: resolveDraftDeployment(module, { ...spec, draftPlacement: 'shared' }, env, where),
      extraKvTokens: k + 1,
      ...chainAcceptance(k),
      acceptance: acceptanceModel(spec.acceptance, env.temperature),
      usesDraftDevice: false,
      // The module's context phase runs on the prompt with the target's hidden states: after the target's prefill.
      prefillDraft: (prompt) => ({ label: 'prefill', device: 'target', model: module, steps: [{ tokens: prompt, context: 0, phase: 'prefill' }], independent: false }),
      iteration(context, lastEmitted) {
        const steps: ModelStep[] = [];
        for (let d = 0; d < k; d++) steps.push({ tokens: d === 0 ? Math.max(1, lastEmitted) : 1, context: context + d, phase: 'decode' });
        return { before: [{ label: 'draft', device: 'target', model: module, steps }], verifyTokens: k + 1, after: [] };
      },
    };
  },
} as const satisfies MethodDefinition<typeof schema>;
