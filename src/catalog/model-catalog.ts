/**
 * The model catalog without zod: built-in shapes from `data/models.json`
 * (checked at build time, see builtin-data.ts), the speculative-decoding
 * heads derived from a target (`<target>+medusa<K>`, `<target>+eagle`,
 * `<target>+eagle3[:<V>]`) and the target's own MTP module (`<target>+mtp`), model
 * ids, and parameter counts. `models.ts` adds a user's Hugging Face
 * `config.json` (validated with zod); the cost model and `specsim list` /
 * `cost` import this module only.
 */
import { existsSync } from 'node:fs';
import { UserError, unknownId } from '../errors.js';
import { builtinModels } from './builtin.js';
import { looksLikePath, userPath } from './data-dir.js';
import type { ModelSpec } from './model-schema.js';
import { layerParams } from './layer-params.js';

const MEDUSA_SOURCE = 'https://arxiv.org/abs/2401.10774';
const EAGLE_SOURCE = 'https://arxiv.org/abs/2401.15077';
const EAGLE3_SOURCE = 'https://arxiv.org/abs/2503.01840';
const MTP_SOURCE = 'https://arxiv.org/abs/2412.19437';

/** EAGLE-3's draft vocabulary unless set: 32,000 tokens (draft_vocab_size of the published Llama-3.1-8B drafter), at most the target's. */
export const EAGLE3_DRAFT_VOCAB = 32_000;
/** Target layers (low, middle, high) whose features EAGLE-3's FC fuses. */
export const EAGLE3_FUSED_LAYERS = 3;

/** The built-in catalog, in file order. The specs are frozen. */
export function listModels(): ModelSpec[] {
  return builtinModels().list.slice();
}

/** Per-head dimension: `headDim`, else hidden / heads. */
export function headDim(m: ModelSpec): number {
  return m.headDim ?? m.hidden / m.heads;
}

/** The Hugging Face repo ("owner/name") a catalog entry's source points at, if any. */
function hfRepo(m: ModelSpec): string | undefined {
  const r = /^https:\/\/huggingface\.co\/([^/]+\/[^/]+)\//.exec(m.source);
  return r?.[1];
}

/** Reads a user's model file (a Hugging Face config.json, or the folder holding one). */
export type ModelFileReader = (path: string) => ModelSpec;

function resolveBase(idOrPath: string, where: string | undefined, fromFile: ModelFileReader): ModelSpec {
  const { byId, list } = builtinModels();
  const exact = byId.get(idOrPath);
  if (exact) return exact;
  if (looksLikePath(idOrPath)) {
    if (!existsSync(userPath(idOrPath))) {
      const repo = list.find((m) => hfRepo(m)?.toLowerCase() === idOrPath.toLowerCase());
      const hint = repo ? `; '${idOrPath}' is the Hugging Face repo of built-in model '${repo.id}', use that id` : '';
      throw new UserError(`no such file${hint}`, where ? `${where}: ${idOrPath}` : idOrPath);
    }
    return fromFile(idOrPath);
  }
  const folded = list.find((m) => m.id.toLowerCase() === idOrPath.toLowerCase());
  if (folded) return folded;
  throw new UserError(unknownId('model', idOrPath, list.map((m) => m.id)), where);
}

function requireDecoder(target: ModelSpec, spec: string, where: string | undefined): void {
  if (target.kind !== 'decoder') {
    throw new UserError(`'${spec}': heads can only be added to a full decoder, not to '${target.id}' (${target.kind})`, where);
  }
}

/**
 * A model derived from `t` (its Medusa heads, an EAGLE draft layer, its MTP
 * module): `own` names it and says how many decoder layers it has; the
 * attention and FFN shapes, vocabulary and context limit are the target's,
 * `extra` adds what the kind needs, and `target` points back at `t`.
 */
function derivedFrom(t: ModelSpec, own: Pick<ModelSpec, 'id' | 'name' | 'source' | 'kind' | 'layers' | 'tiedEmbeddings'> & { vocab?: number }, extra: Partial<ModelSpec> = {}): ModelSpec {
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
    target: t.id,
  };
}

/** K Medusa-1 heads on `t`'s last hidden state (the heads alone). */
export function medusaHeadsOf(t: ModelSpec, k: number): ModelSpec {
  return derivedFrom(t, { id: `${t.id}+medusa${k}`, name: `${t.name} + ${k} Medusa heads`, source: MEDUSA_SOURCE, kind: 'medusa-heads', layers: 0, tiedEmbeddings: false }, { medusaHeads: k });
}

/**
 * EAGLE's draft for `t`: FC(2·hidden → hidden) + one dense decoder layer shaped
 * like the target's, reading the target's embedding and LM head (shared, not
 * separate weights). For a MoE target the draft layer is dense, so no experts.
 */
export function eagleDraftOf(t: ModelSpec): ModelSpec {
  return derivedFrom(t, { id: `${t.id}+eagle`, name: `EAGLE draft for ${t.name}`, source: EAGLE_SOURCE, kind: 'eagle-draft', layers: 1, tiedEmbeddings: t.tiedEmbeddings });
}

/**
 * EAGLE-3's draft for `t` (SGLang/vLLM llama_eagle3.py): FC(3·hidden → hidden)
 * over the target's low, middle and high features, one dense decoder layer
 * whose QKV reads [norm(embedding), norm(hidden)] (2·hidden wide), a final
 * norm and its own LM head over `draftVocab` tokens; a draft id maps back to
 * the target's through d2t. The embedding is the target's (shared). With
 * `fusing` false, the pass after a round's first: it reads the draft's own
 * hidden state, so no FC (the `hidden_states.shape[-1] != embeds.shape[-1]`
 * test in the engines' forward). A draft vocabulary larger than the target's
 * is a UserError at `where`.
 */
export function eagle3DraftOf(t: ModelSpec, draftVocab?: number, fusing = true, where?: string): ModelSpec {
  const vocab = draftVocab ?? Math.min(EAGLE3_DRAFT_VOCAB, t.vocab);
  if (vocab > t.vocab) {
    throw new UserError(`draftVocab ${vocab} is larger than the ${t.vocab}-token vocabulary of '${t.id}': an EAGLE-3 draft predicts over a subset of its target's tokens`, where);
  }
  const id = `${t.id}+eagle3${vocab === Math.min(EAGLE3_DRAFT_VOCAB, t.vocab) ? '' : `:${vocab}`}`;
  return derivedFrom(t, {
    id: fusing ? id : `${id} (later passes)`,
    name: `EAGLE-3 draft for ${t.name}${fusing ? '' : ' (passes after the first)'}`,
    source: EAGLE3_SOURCE, kind: 'eagle3-draft', layers: 1, vocab, tiedEmbeddings: false,
  }, { fusedLayers: fusing ? EAGLE3_FUSED_LAYERS : 0 });
}

/**
 * One of `t`'s own multi-token-prediction modules (DeepSeek-V3 §2.2; vLLM
 * deepseek_mtp.py, SGLang deepseek_nextn.py): RMSNorm of the next token's
 * embedding and of the previous depth's hidden state, concatenated,
 * eh_proj(2·hidden → hidden), one decoder layer of the target's own kind (MLA
 * and the MoE FFN, all routed experts), and the target's LM head. Embedding
 * and LM head are shared with the target, so not counted here. A target
 * without MTP modules (`num_nextn_predict_layers` absent or 0) is a UserError.
 */
export function mtpModuleOf(t: ModelSpec, where?: string): ModelSpec {
  if (!t.mtpLayers) {
    throw new UserError(`'${t.source.startsWith('file:') ? t.name : t.id}' has no multi-token-prediction modules (num_nextn_predict_layers is absent or 0), so it cannot draft with mtp; use eagle or eagle3`, where);
  }
  return derivedFrom(t, { id: `${t.id}+mtp`, name: `MTP module of ${t.name}`, source: MTP_SOURCE, kind: 'mtp-module', layers: 1, tiedEmbeddings: t.tiedEmbeddings }, {
    ...(t.experts ? { experts: { ...t.experts, moeLayers: 1 } } : {}),
    ...(t.mla ? { mla: t.mla } : {}),
    ...(t.modelType !== undefined ? { modelType: t.modelType } : {}),
  });
}

/**
 * A model by catalog id; `<target>+medusa<K>` (K Medusa-1 heads for the
 * target); `<target>+eagle` (the EAGLE draft for the target); `<target>+eagle3`
 * or `<target>+eagle3:<V>` (the EAGLE-3 draft, its first pass of a round, over a
 * draft vocabulary of V tokens, 32,000 by default); `<target>+mtp` (the target's
 * own MTP module); or a path to a
 * Hugging Face config.json (anything ending in .json or containing a path
 * separator), read by `fromFile`. `<target>` may itself be a path. `where`
 * labels errors (e.g. the scenario field the id came from). `resolveModel`
 * in models.ts is this with the validating config.json reader.
 */
export function resolveModelWith(idOrPath: string, where: string | undefined, fromFile: ModelFileReader): ModelSpec {
  const spec = idOrPath.trim();
  if (spec === '') throw new UserError('empty model id', where);

  const medusa = /^(.+)\+medusa(\d*)$/i.exec(spec);
  if (medusa) {
    const [, targetId = '', kText = ''] = medusa;
    const k = Number(kText);
    if (kText === '' || !Number.isSafeInteger(k) || k < 1) {
      throw new UserError(`'${spec}': the number of Medusa heads must be a positive integer, as in '${targetId}+medusa4'`, where);
    }
    const t = resolveModelWith(targetId, where, fromFile);
    requireDecoder(t, spec, where);
    return medusaHeadsOf(t, k);
  }

  const eagle = /^(.+)\+eagle$/i.exec(spec);
  if (eagle) {
    const t = resolveModelWith(eagle[1] ?? '', where, fromFile);
    requireDecoder(t, spec, where);
    return eagleDraftOf(t);
  }

  const eagle3 = /^(.+)\+eagle3(?::(.*))?$/i.exec(spec);
  if (eagle3) {
    const [, targetId = '', vText] = eagle3;
    const v = Number(vText);
    if (vText !== undefined && (vText === '' || !Number.isSafeInteger(v) || v < 1)) {
      throw new UserError(`'${spec}': the draft vocabulary must be a positive integer, as in '${targetId}+eagle3:32000'`, where);
    }
    const t = resolveModelWith(targetId, where, fromFile);
    requireDecoder(t, spec, where);
    return eagle3DraftOf(t, vText === undefined ? undefined : v, true, where);
  }

  const mtp = /^(.+)\+mtp$/i.exec(spec);
  if (mtp) {
    const t = resolveModelWith(mtp[1] ?? '', where, fromFile);
    requireDecoder(t, spec, where);
    return mtpModuleOf(t, where);
  }

  const plus = spec.lastIndexOf('+');
  if (plus > 0 && !looksLikePath(spec) && !builtinModels().byId.has(spec)) {
    // e.g. 'vicuna-7b+hydra': say what is understood.
    throw new UserError(`unknown model suffix '${spec.slice(plus)}' in '${spec}'; use '+medusa<K>', '+eagle', '+eagle3' or '+mtp'`, where);
  }
  return resolveBase(spec, where, fromFile);
}

/** Weights of one decoder layer (no norms), averaged over the layers when they differ (dense first layers of a MoE). */
function decoderLayerParams(m: ModelSpec): number {
  return m.layers > 0 ? layerParams(m).total / m.layers : layerParams({ ...m, layers: 1 }).total;
}

/**
 * Parameter counts, leaving out norm weights (and attention biases, e.g.
 * Qwen2.5's QKV bias), to match the calibration data: llama2-7b = 6,738,149,376.
 *
 * - decoder: embedding = vocab·hidden; perLayer = one decoder layer;
 *   lmHead = vocab·hidden unless tied (then 0); total = embedding + layers·perLayer + lmHead.
 * - medusa-heads (Medusa-1): each of the K heads is a residual block
 *   Linear(hidden, hidden) with bias + SiLU, and its own LM head.
 *   perLayer = one head's block (hidden² + hidden); lmHead = K·vocab·hidden (all
 *   heads); embedding 0; total = K·perLayer + lmHead.
 * - eagle-draft: FC(2·hidden → hidden) with bias + one decoder layer (perLayer).
 *   Embedding and LM head are the target's, shared, so both are 0 here and not
 *   in total; total = FC + perLayer.
 * - eagle3-draft: FC(fusedLayers·hidden → hidden), no bias + one decoder layer
 *   whose QKV reads 2·hidden (perLayer) + its own LM head over the draft
 *   vocabulary (lmHead = vocab·hidden); the embedding is the target's (0). The
 *   d2t table (vocab int64 offsets) is a buffer, not a weight.
 * - mtp-module: eh_proj(2·hidden → hidden) + one decoder layer of the
 *   target's kind (perLayer, all routed experts); embedding and LM head shared (0).
 */
export function paramCount(m: ModelSpec): { total: number; embedding: number; perLayer: number; lmHead: number } {
  switch (m.kind) {
    case 'medusa-heads': {
      const k = m.medusaHeads ?? 1;
      const perLayer = m.hidden * m.hidden + m.hidden;
      const lmHead = k * m.vocab * m.hidden;
      return { total: k * perLayer + lmHead, embedding: 0, perLayer, lmHead };
    }
    case 'eagle-draft': {
      const fc = 2 * m.hidden * m.hidden + m.hidden;
      const perLayer = layerParams({ ...m, layers: 1 }).total;
      // lmHead 0: EAGLE reuses the target's LM head (and embedding), so they are not the draft's weights.
      return { total: fc + m.layers * perLayer, embedding: 0, perLayer, lmHead: 0 };
    }
    case 'eagle3-draft': {
      const fc = (m.fusedLayers ?? 0) * m.hidden * m.hidden;
      // The QKV projection reads [embedding, hidden]: hidden more input columns than a plain layer's.
      const perLayer = layerParams({ ...m, layers: 1 }).total + m.hidden * (m.heads + 2 * m.kvHeads) * headDim(m);
      const lmHead = m.vocab * m.hidden;
      return { total: fc + m.layers * perLayer + lmHead, embedding: 0, perLayer, lmHead };
    }
    case 'mtp-module': {
      const ehProj = 2 * m.hidden * m.hidden;
      const perLayer = layerParams({ ...m, layers: 1 }).total;
      return { total: ehProj + m.layers * perLayer, embedding: 0, perLayer, lmHead: 0 };
    }
    default: {
      const embedding = m.vocab * m.hidden;
      const lmHead = m.tiedEmbeddings ? 0 : m.vocab * m.hidden;
      const perLayer = decoderLayerParams(m);
      return { total: embedding + layerParams(m).total + lmHead, embedding, perLayer, lmHead };
    }
  }
}

/**
 * Activated parameters, as DeepSeek and OpenAI publish them: every weight a
 * token's forward pass multiplies by (LM head included), less the routed
 * experts it is not sent to and the embedding table (a token reads one row).
 * DeepSeek-V3: 36.6B; gpt-oss-120b: 5.1B.
 */
export function activeParamCount(m: ModelSpec): number {
  const p = paramCount(m);
  if (m.kind !== 'decoder') return p.total;
  return p.total - p.embedding - layerParams(m).total + layerParams(m).active;
}

/** Bytes of weights at `bytesPerParam` (2 for bf16/fp16, 1 for fp8/int8, 0.5 for 4-bit). */
export function weightBytes(m: ModelSpec, bytesPerParam: number): number {
  return paramCount(m).total * bytesPerParam;
}
