/**
 * `eagle3`: the EAGLE-3 draft (`<target>+eagle3`: FC fusing three target
 * layers' features, one decoder layer, an LM head over a reduced draft
 * vocabulary, `draftVocab`, 32,000 tokens unless set) grows a chain, a static
 * or a dynamic tree exactly as `eagle` does (eagle.ts); only the drafter's
 * cost differs. A round's first draft pass reads the target's fused features
 * (FC 3h → h); the later passes read the draft's own hidden state (no FC).
 *
 * `optimize` searches chains and small trees as engines deploy EAGLE-3
 * (SGLang's defaults: 5 steps, top-k 4, 8 draft tokens; vLLM and TensorRT-LLM
 * chains): depth 1..7 × top-k 1..3 × 1..7 drafted tokens (a chain for top-k 1).
 */
import { z } from '../zod.js';
import { AcceptanceSchema } from '../acceptance/index.js';
import { eagle3DraftOf } from '../catalog/models.js';
import { UserError } from '../errors.js';
import { label, posInt } from '../fields.js';
import type { MethodDefinition, SearchPoint } from './definition.js';
import { describeEagle, EagleTreeSchema, eagleFamilyMethod, eagleShape, tuneEagleFamily } from './eagle.js';
import { perDepthChoice } from './search-acceptance.js';
import { DRAFT_DEPLOYMENT_FIELDS } from './deployment.js';

const schema = z.strictObject({
  kind: z.literal('eagle3'), label,
  tree: EagleTreeSchema,
  acceptance: AcceptanceSchema,
  /** Tokens the draft's LM head predicts over (draft_vocab_size); at most the target's vocabulary. */
  draftVocab: posInt.optional(),
  ...DRAFT_DEPLOYMENT_FIELDS,
});
type Spec = z.infer<typeof schema>;

export const EAGLE3_DEPTHS = [1, 2, 3, 4, 5, 6, 7];
export const EAGLE3_TOPK = [1, 2, 3];
export const EAGLE3_MAX_NODES = 7;

/**
 * Default acceptance: top-1 0.8 at every depth, top-2/3 closing half the gap
 * each (optimize's EAGLE curve from 0.8). EAGLE-3's training-time test keeps
 * acceptance flat across depths where EAGLE's falls; 0.8 is an assumption a
 * little above EAGLE's 0.74–0.79 (τ 6.13 vs EAGLE-2's 4.05 on Llama-3.1-8B).
 */
const DEFAULT_ROWS = [[0.8, 0.88, 0.92]];
/** `--alpha` when absent: the top-1 of DEFAULT_ROWS (the same curve from 0.8). */
const DEFAULT_ALPHA = 0.8;

export const eagle3 = {
  kind: 'eagle3',
  schema,
  description: 'the EAGLE-3 draft (fused target features, one decoder layer, a draft-vocabulary LM head) grows a chain or a tree',
  color: '#006d2c',
  compareDefault: (_target, { chainsOnly }) => (chainsOnly
    ? { kind: 'eagle3', tree: { kind: 'dynamic', depth: 3, topK: 1, nodes: 3 }, acceptance: { kind: 'topk', perDepth: DEFAULT_ROWS } }
    : { kind: 'eagle3', tree: { kind: 'dynamic', depth: 5, topK: 4, nodes: 7 }, acceptance: { kind: 'topk', perDepth: DEFAULT_ROWS } }),
  compareFlags: ['alpha', 'tree', 'accuracy', 'draftTp', 'draftDtype', 'draftPlacement'],
  tune(spec, target, flags) {
    const tuned = tuneEagleFamily('eagle3', 'EAGLE-3', spec, flags, DEFAULT_ALPHA, "EAGLE-3 keeps acceptance flat over depth, above EAGLE's 0.74-0.79");
    return { spec: tuned.spec, assumptions: [...tuned.assumptions, `eagle3: draft vocabulary ${eagle3DraftOf(target, spec.draftVocab).vocab} tokens (draftVocab in a scenario)`] };
  },
  search: {
    reads: ['alpha', 'accuracy'],
    acceptance: (flags) => perDepthChoice('EAGLE-3', flags, DEFAULT_ALPHA),
    emit: {
      names: { vllm: 'eagle3', sglang: 'EAGLE3', trtllm: 'Eagle' },
      shape: eagleShape,
      drafter: (target) => `<EAGLE-3 draft head trained for ${target}>`,
    },
    space({ acceptance }) {
      const out: SearchPoint<Spec>[] = [];
      for (const depth of EAGLE3_DEPTHS) for (const topK of EAGLE3_TOPK) {
        let full = 0;
        for (let d = 1; d <= depth; d++) full += topK ** d;
        // A chain verifies exactly its depth; a tree at least one node more than its depth.
        const lo = topK === 1 ? depth : depth + 1;
        const hi = Math.min(topK === 1 ? depth : EAGLE3_MAX_NODES, full);
        for (let nodes = lo; nodes <= hi; nodes++) {
          out.push({ setting: { method: 'eagle3', tree: 'dynamic', depth, topK, nodes }, spec: { kind: 'eagle3', tree: { kind: 'dynamic', depth, topK, nodes }, acceptance }, size: [nodes, depth, topK] });
        }
      }
      return out;
    },
    describe: describeEagle,
  },
  build(spec, env, where) {
    if ((env.target.kind ?? 'decoder') !== 'decoder') throw new UserError(`eagle3 drafts for a full decoder, not for '${env.target.id}' (${env.target.kind})`, where);
    const first = eagle3DraftOf(env.target, spec.draftVocab, true, `${where}.draftVocab`);
    const later = eagle3DraftOf(env.target, spec.draftVocab, false, `${where}.draftVocab`);
    return eagleFamilyMethod(spec.tree, spec.acceptance, { kind: 'eagle3', label: spec.label ?? 'eagle3', first, later }, env, where, spec);
  },
} as const satisfies MethodDefinition<typeof schema>;
