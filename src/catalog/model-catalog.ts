/**
 * The model catalog without zod: built-in shapes from `data/models.json`
 * (checked at build time, see builtin-data.ts), the models derived from a
 * target through the derived-model table (`derived-models.ts`: `<target>+medusa<K>`,
 * `<target>+eagle`, `<target>+eagle3[:<V>]`, the target's own MTP module
 * `<target>+mtp`), model ids, and parameter counts. `models.ts` adds a user's
 * Hugging Face `config.json` (validated with zod); the cost model and
 * `specsim list` / `cost` import this module only.
 */
import { existsSync } from 'node:fs';
import { UserError, unknownId } from '../errors.js';
import { builtinModels } from './builtin.js';
import { looksLikePath, userPath } from './data-dir.js';
import { DERIVED_MODELS } from './derived-models.js';
import type { DrafterPart } from './model-shape.js';
import type { ModelSpec } from './model-schema.js';
import { layerParams } from './layer-params.js';

export { EAGLE3_DRAFT_VOCAB, EAGLE3_FUSED_LAYERS, eagle3DraftOf, eagleDraftOf, medusaHeadsOf, mtpModuleOf } from './derived-models.js';

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
 * A model by catalog id; `<target><suffix>` for each entry of the derived-model
 * table (`<target>+medusa<K>`: K Medusa-1 heads for the target; `<target>+eagle`:
 * the EAGLE draft; `<target>+eagle3` or `<target>+eagle3:<V>`: the EAGLE-3 draft,
 * its first pass of a round, over a draft vocabulary of V tokens, 32,000 by
 * default; `<target>+mtp`: the target's own MTP module); or a path to a
 * Hugging Face config.json (anything ending in .json or containing a path
 * separator), read by `fromFile`. `<target>` may itself be a path. `where`
 * labels errors (e.g. the scenario field the id came from). `resolveModel`
 * in models.ts is this with the validating config.json reader.
 */
export function resolveModelWith(idOrPath: string, where: string | undefined, fromFile: ModelFileReader): ModelSpec {
  const spec = idOrPath.trim();
  if (spec === '') throw new UserError('empty model id', where);

  for (const d of DERIVED_MODELS) {
    const match = d.pattern.exec(spec);
    if (!match) continue;
    const [, targetId = '', argText] = match;
    const arg = d.arg ? d.arg(argText, spec, targetId, where) : undefined;
    const t = resolveModelWith(targetId, where, fromFile);
    requireDecoder(t, spec, where);
    return d.derive(t, arg, where);
  }

  const plus = spec.lastIndexOf('+');
  if (plus > 0 && !looksLikePath(spec) && !builtinModels().byId.has(spec)) {
    // e.g. 'vicuna-7b+hydra': say what is understood.
    const usages = DERIVED_MODELS.map((d) => `'${d.usage}'`);
    throw new UserError(`unknown model suffix '${spec.slice(plus)}' in '${spec}'; use ${usages.slice(0, -1).join(', ')} or ${usages.at(-1)}`, where);
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
 * - a derived model (its `drafter`, derived-models.ts): embedding 0 (a
 *   drafter reads the target's table); each `proj` part is its Linear's
 *   weights (inputs·hidden², plus hidden with a bias) per copy; the `layers`
 *   part is `layers` decoder layers (perLayer), whose QKV reads qkvInputs·hidden
 *   (qkvInputs − 1 more input columns than a plain layer's); an `lmHead` of
 *   its `own` is copies·vocab·hidden, the target's is 0 (shared, not its
 *   weights). perLayer is the decoder layer, or with none one copy of the
 *   first projection (a Medusa head's block, hidden² + hidden); total = the
 *   projections + layers·perLayer + lmHead. Buffers (EAGLE-3's d2t table) are
 *   not weights.
 */
export function paramCount(m: ModelSpec): { total: number; embedding: number; perLayer: number; lmHead: number } {
  if (m.drafter) return drafterParams(m, m.drafter);
  const embedding = m.vocab * m.hidden;
  const lmHead = m.tiedEmbeddings ? 0 : m.vocab * m.hidden;
  const perLayer = decoderLayerParams(m);
  return { total: embedding + layerParams(m).total + lmHead, embedding, perLayer, lmHead };
}

function drafterParams(m: ModelSpec, parts: readonly DrafterPart[]): { total: number; embedding: number; perLayer: number; lmHead: number } {
  let proj = 0;
  let firstProj: number | undefined;
  let layer: number | undefined;
  let lmHead = 0;
  for (const p of parts) {
    if (p.part === 'proj') {
      const one = p.inputs * m.hidden * m.hidden + (p.bias ? m.hidden : 0);
      firstProj ??= one;
      proj += (p.repeat ?? 1) * one;
    } else if (p.part === 'layers') {
      layer = layerParams({ ...m, layers: 1 }).total + (p.qkvInputs - 1) * m.hidden * (m.heads + 2 * m.kvHeads) * headDim(m);
    } else if (p.part === 'lmHead' && p.own) lmHead += p.copies * m.vocab * m.hidden;
  }
  const layers = layer === undefined ? 0 : m.layers * layer;
  return { total: proj + layers + lmHead, embedding: 0, perLayer: layer ?? firstProj ?? 0, lmHead };
}

/**
 * Activated parameters, as DeepSeek and OpenAI publish them: every weight a
 * token's forward pass multiplies by (LM head included), less the routed
 * experts it is not sent to and the embedding table (a token reads one row).
 * DeepSeek-V3: 36.6B; gpt-oss-120b: 5.1B.
 */
export function activeParamCount(m: ModelSpec): number {
  const p = paramCount(m);
  if (m.drafter) return p.total;
  return p.total - p.embedding - layerParams(m).total + layerParams(m).active;
}

/** Bytes of weights at `bytesPerParam` (2 for bf16/fp16, 1 for fp8/int8, 0.5 for 4-bit). */
export function weightBytes(m: ModelSpec, bytesPerParam: number): number {
  return paramCount(m).total * bytesPerParam;
}
