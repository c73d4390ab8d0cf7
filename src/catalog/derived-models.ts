/**
 * The derived-model table: every model derived from a target (Medusa heads,
 * an EAGLE or EAGLE-3 draft, the target's own MTP module) is one entry here,
 * its id suffix, its kind and how it is built. A built model carries its
 * forward pass as data (`drafter`, model-shape.ts), which the cost model
 * prices (`cost/operators.ts`), parameter counting counts
 * (`model-catalog.ts`) and the Groq model cuts into blocks, none of them
 * knowing the kind. The kinds of `ModelKindSchema` are this table's.
 *
 * A new kind of drafter is one entry in `DERIVED_MODELS` (nothing else in
 * catalog/ or cost/).
 */
import { UserError } from '../errors.js';
import type { DrafterPart, ModelShape } from './model-shape.js';

const MEDUSA_SOURCE = 'https://arxiv.org/abs/2401.10774';
const EAGLE_SOURCE = 'https://arxiv.org/abs/2401.15077';
const EAGLE3_SOURCE = 'https://arxiv.org/abs/2503.01840';
const MTP_SOURCE = 'https://arxiv.org/abs/2412.19437';

/** EAGLE-3's draft vocabulary unless set: 32,000 tokens (draft_vocab_size of the published Llama-3.1-8B drafter), at most the target's. */
export const EAGLE3_DRAFT_VOCAB = 32_000;
/** Target layers (low, middle, high) whose features EAGLE-3's FC fuses. */
export const EAGLE3_FUSED_LAYERS = 3;

/** One kind of model derived from a target. */
export interface DerivedModel<K extends string = string> {
  kind: K;
  /** How its id suffix is written, for messages: `+medusa<K>`. */
  usage: string;
  /** Matches `<target><suffix>` (case-insensitive): group 1 the target, group 2 the suffix's argument, if any. */
  pattern: RegExp;
  /** What it is and the method that uses it (a draft must be a model that drafts alone). */
  what: string;
  method: string;
  /** Reads the argument before the target is resolved; a bad one is a UserError naming `spec`. */
  arg?: (text: string | undefined, spec: string, targetId: string, where: string | undefined) => number | undefined;
  /** The model for target `t` (a full decoder). */
  derive: (t: ModelShape, arg: number | undefined, where: string | undefined) => ModelShape & { kind: K };
}

/** Keeps an entry's kind a literal type. */
function entry<K extends string>(e: DerivedModel<K>): DerivedModel<K> {
  return e;
}

/**
 * A model derived from `t`: `own` names it, says how many decoder layers it
 * has and what its forward pass is; the attention and FFN shapes, vocabulary
 * and context limit are the target's, `extra` adds what the kind needs, and
 * `target` points back at `t`.
 */
function derivedFrom<K extends string>(t: ModelShape, own: Pick<ModelShape, 'id' | 'name' | 'source' | 'layers' | 'tiedEmbeddings'> & { kind: K; vocab?: number; drafter: DrafterPart[] }, extra: Partial<Omit<ModelShape, 'kind' | 'drafter'>> = {}): ModelShape & { kind: K } {
  return {
    id: own.id,
    name: own.name,
    source: own.source,
    kind: own.kind,
    hidden: t.hidden,
    layers: own.layers,
    heads: t.heads,
    kvHeads: t.kvHeads,
    ...(t.headDim !== undefined ? { headDim: t.headDim } : {}),
    intermediate: t.intermediate,
    vocab: own.vocab ?? t.vocab,
    tiedEmbeddings: own.tiedEmbeddings,
    ...(t.maxContext !== undefined ? { maxContext: t.maxContext } : {}),
    ...extra,
    drafter: own.drafter,
    target: t.id,
  };
}

/** A positive integer argument, or a UserError that shows `example`. */
function positiveInt(text: string, spec: string, what: string, example: string, where: string | undefined): number {
  const n = Number(text);
  if (text === '' || !Number.isSafeInteger(n) || n < 1) throw new UserError(`'${spec}': ${what} must be a positive integer, as in '${example}'`, where);
  return n;
}

/**
 * Medusa-1 (Cai et al. 2024): K heads on the target's last hidden state, each
 * a residual block SiLU(W·x + b) + x with its own LM head; the K blocks run
 * side by side.
 */
const medusa = entry({
  kind: 'medusa-heads', usage: '+medusa<K>', pattern: /^(.+)\+medusa(\d*)$/i, what: 'Medusa heads', method: 'medusa',
  arg: (text, spec, targetId, where) => positiveInt(text ?? '', spec, 'the number of Medusa heads', `${targetId}+medusa4`, where),
  derive: (t, k = 1) => derivedFrom(t, {
    id: `${t.id}+medusa${k}`, name: `${t.name} + ${k} Medusa heads`, source: MEDUSA_SOURCE, kind: 'medusa-heads', layers: 0, tiedEmbeddings: false,
    drafter: [
      { part: 'proj', group: 'medusaHeads', inputs: 1, bias: true, splitOverTp: true, repeat: k },
      { part: 'pass', group: 'medusaHeads', kernels: 2, rowHiddens: 4, repeat: k },
      { part: 'lmHead', copies: k, own: true },
    ],
  }, { medusaHeads: k }),
});

/**
 * EAGLE (Li et al. 2024): embed the tokens, concatenate with the target's
 * features, FC(2·hidden → hidden) with bias, one dense decoder layer shaped
 * like the target's, the target's LM head (shared, with the embedding). For a
 * MoE target the draft layer is dense, so no experts.
 */
const eagle = entry({
  kind: 'eagle-draft', usage: '+eagle', pattern: /^(.+)\+eagle$/i, what: 'an EAGLE draft head', method: 'eagle',
  derive: (t) => derivedFrom(t, {
    id: `${t.id}+eagle`, name: `EAGLE draft for ${t.name}`, source: EAGLE_SOURCE, kind: 'eagle-draft', layers: 1, tiedEmbeddings: t.tiedEmbeddings,
    drafter: [
      { part: 'pass', group: 'embed', kernels: 2, rowHiddens: 3 },
      { part: 'proj', group: 'eagleFc', inputs: 2, bias: true, splitOverTp: true },
      { part: 'layers', qkvInputs: 1, expertRows: 'step' },
      { part: 'lmHead', copies: 1, own: false },
    ],
  }),
});

/**
 * EAGLE-3's draft for `t` (SGLang/vLLM llama_eagle3.py): FC(3·hidden → hidden)
 * over the target's low, middle and high features, a replicated nn.Linear
 * without bias; one dense decoder layer whose QKV reads [norm(embedding),
 * norm(hidden)] (2·hidden wide: one more norm and a concat); a final norm and
 * its own LM head over `draftVocab` tokens; a draft id maps back to the
 * target's through d2t (one gather of a few ids per row: launch-bound; the
 * table is a buffer, not a weight). The embedding is the target's (shared).
 * With `fusing` false, the pass after a round's first: it reads the draft's
 * own hidden state, so no FC (the `hidden_states.shape[-1] != embeds.shape[-1]`
 * test in the engines' forward). A draft vocabulary larger than the target's
 * is a UserError at `where`.
 */
export function eagle3DraftOf(t: ModelShape, draftVocab?: number, fusing = true, where?: string): ModelShape & { kind: 'eagle3-draft' } {
  const vocab = draftVocab ?? Math.min(EAGLE3_DRAFT_VOCAB, t.vocab);
  if (vocab > t.vocab) {
    throw new UserError(`draftVocab ${vocab} is larger than the ${t.vocab}-token vocabulary of '${t.id}': an EAGLE-3 draft predicts over a subset of its target's tokens`, where);
  }
  const id = `${t.id}+eagle3${vocab === Math.min(EAGLE3_DRAFT_VOCAB, t.vocab) ? '' : `:${vocab}`}`;
  const fusedLayers = fusing ? EAGLE3_FUSED_LAYERS : 0;
  return derivedFrom(t, {
    id: fusing ? id : `${id} (later passes)`,
    name: `EAGLE-3 draft for ${t.name}${fusing ? '' : ' (passes after the first)'}`,
    source: EAGLE3_SOURCE, kind: 'eagle3-draft', layers: 1, vocab, tiedEmbeddings: false,
    drafter: [
      { part: 'pass', group: 'embed', kernels: 1, rowHiddens: 2 },
      { part: 'proj', group: 'eagle3Fc', inputs: fusedLayers, bias: false, splitOverTp: false },
      { part: 'pass', group: 'norms', kernels: 2, rowHiddens: 6, norm: true },
      { part: 'layers', qkvInputs: 2, expertRows: 'replica' },
      { part: 'pass', group: 'norms', kernels: 1, rowHiddens: 2, norm: true },
      { part: 'lmHead', copies: 1, own: true },
      { part: 'pass', group: 'vocabMap', kernels: 1, rowHiddens: 0, rowBytes: 16 },
    ],
  }, { fusedLayers });
}

const eagle3 = entry({
  kind: 'eagle3-draft', usage: '+eagle3', pattern: /^(.+)\+eagle3(?::(.*))?$/i, what: 'an EAGLE-3 draft head', method: 'eagle3',
  arg: (text, spec, targetId, where) => (text === undefined ? undefined : positiveInt(text, spec, 'the draft vocabulary', `${targetId}+eagle3:32000`, where)),
  derive: (t, v, where) => eagle3DraftOf(t, v, true, where),
});

/**
 * One of `t`'s own multi-token-prediction modules (DeepSeek-V3 §2.2; vLLM
 * deepseek_mtp.py, SGLang deepseek_nextn.py): embed the next token (shared
 * table), RMSNorm of it and of the previous depth's hidden state (enorm,
 * hnorm), concatenated, eh_proj(2·hidden → hidden) (a replicated nn.Linear),
 * one decoder layer of the target's own kind (MLA and the MoE FFN, all routed
 * experts), shared_head norm, and the target's LM head. Embedding and LM head
 * are shared with the target, so not counted here. A target without MTP
 * modules (`num_nextn_predict_layers` absent or 0) is a UserError.
 */
const mtp = entry({
  kind: 'mtp-module', usage: '+mtp', pattern: /^(.+)\+mtp$/i, what: 'an MTP module', method: 'mtp',
  derive: (t, _arg, where) => {
    if (!t.mtpLayers) {
      throw new UserError(`'${t.source.startsWith('file:') ? t.name : t.id}' has no multi-token-prediction modules (num_nextn_predict_layers is absent or 0), so it cannot draft with mtp; use eagle or eagle3`, where);
    }
    return derivedFrom(t, {
      id: `${t.id}+mtp`, name: `MTP module of ${t.name}`, source: MTP_SOURCE, kind: 'mtp-module', layers: 1, tiedEmbeddings: t.tiedEmbeddings,
      drafter: [
        { part: 'pass', group: 'embed', kernels: 1, rowHiddens: 2 },
        { part: 'pass', group: 'norms', kernels: 3, rowHiddens: 8, norm: true },
        { part: 'proj', group: 'mtpProj', inputs: 2, bias: false, splitOverTp: false },
        { part: 'layers', qkvInputs: 1, expertRows: 'replica' },
        { part: 'pass', group: 'norms', kernels: 1, rowHiddens: 2, norm: true },
        { part: 'lmHead', copies: 1, own: false },
      ],
    }, {
      ...(t.experts ? { experts: { ...t.experts, moeLayers: 1 } } : {}),
      ...(t.mla ? { mla: t.mla } : {}),
      ...(t.modelType !== undefined ? { modelType: t.modelType } : {}),
    });
  },
});

/** The derived kinds, in the order an id's suffix is tried. */
export const DERIVED_MODELS = [
  medusa,
  eagle,
  eagle3,
  mtp,
] as const;

export type DerivedKind = (typeof DERIVED_MODELS)[number]['kind'];

/** Every model kind: a full decoder, then the table's. */
export const MODEL_KINDS = ['decoder', ...DERIVED_MODELS.map((d) => d.kind)] as const;

/** The entry of a derived kind (undefined for a full decoder). */
export function derivedModel(kind: string): DerivedModel | undefined {
  return (DERIVED_MODELS as readonly DerivedModel[]).find((d) => d.kind === kind);
}

/** K Medusa-1 heads on `t`'s last hidden state (the heads alone). */
export function medusaHeadsOf(t: ModelShape, k: number): ModelShape & { kind: 'medusa-heads' } {
  return medusa.derive(t, k, undefined);
}

/** EAGLE's draft for `t`. */
export function eagleDraftOf(t: ModelShape): ModelShape & { kind: 'eagle-draft' } {
  return eagle.derive(t, undefined, undefined);
}

/** One of `t`'s own MTP modules; a target without them is a UserError at `where`. */
export function mtpModuleOf(t: ModelShape, where?: string): ModelShape & { kind: 'mtp-module' } {
  return mtp.derive(t, undefined, where);
}
