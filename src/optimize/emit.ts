/**
 * `optimize --emit vllm|sglang|trtllm`: the chosen policy as the engine's
 * configuration, with `#` comment lines naming the specsim version, the
 * hardware, the model and the acceptance assumed. Formats, from the engines'
 * own documentation:
 * - vLLM: `speculative_config` with `num_speculative_tokens_per_batch_size`,
 *   inclusive batch ranges `"lo-hi"` → K, gaps inheriting the previous K, K
 *   clamped to `num_speculative_tokens` (vllm-project/vllm PR #32374, the
 *   dynamic speculative decoding PR; the contract's format). vLLM's current
 *   docs (docs/features/speculative_decoding/dynamic_speculative_decoding.md)
 *   spell the same table as a list of `[lo, hi, K]`, printed as a comment.
 *   vLLM verifies chains only.
 * - SGLang: `--speculative-algorithm`, `--speculative-num-steps`,
 *   `--speculative-eagle-topk`, `--speculative-num-draft-tokens` (verified
 *   tokens with the root: num_steps + 1 for a chain), fixed at launch
 *   (docs/advanced_features/speculative_decoding.md).
 * - TensorRT-LLM: the `speculative_config` of `trtllm-serve --config`
 *   (YAML: `decoding_type`, `max_draft_len`, `speculative_model`), one
 *   chain length for every batch (docs/source/features/speculative-decoding.md).
 * Each kind names itself per engine (`search.emit` in its definition); a
 * pick the engine cannot express is a one-line UserError.
 */
import { resolveEngine } from '../catalog/engines.js';
import { resolveModel } from '../catalog/models.js';
import { UserError } from '../errors.js';
import { methodDefinition, type DraftShape, type MethodEmit } from '../methods/index.js';
import type { OptimizeDoc, OptimizeMeta, OptimizePoint } from '../report/optimize-types.js';
import { describeSetting } from './search.js';
import { policyScoreText } from './policy.js';

export const EMIT_TARGETS = ['vllm', 'sglang', 'trtllm'] as const;
export type EmitTarget = (typeof EMIT_TARGETS)[number];

const ENGINE_NAME: Record<EmitTarget, string> = { vllm: 'vLLM', sglang: 'SGLang', trtllm: 'TensorRT-LLM' };

/** What each target lets the picks vary: vLLM a K per batch range of one kind, the others one setting. */
export const EMIT_POLICY: Record<EmitTarget, 'one-kind' | 'one-setting'> = { vllm: 'one-kind', sglang: 'one-setting', trtllm: 'one-setting' };

export interface EngineConfig {
  target: EmitTarget;
  /** The configuration as data (what `--json` carries). */
  config: Record<string, unknown>;
  /** What `--emit` prints: comment lines, then the configuration. */
  text: string;
}

interface Pick { point: OptimizePoint; emit: MethodEmit; shape: DraftShape }

/** The Hugging Face repository of a catalog model (from its config.json URL), else its id. */
function checkpoint(id: string): string {
  const m = /^https:\/\/huggingface\.co\/([^/]+\/[^/]+)\//.exec(resolveModel(id).source);
  return m ? m[1]! : id;
}

/** vLLM's draft_tensor_parallel_size when the pick's draft runs at another tp than the target's (unset = the target's). */
function draftTpKey(spec: Record<string, unknown>, p: Pick, targetTp: number): void {
  const d = p.point.best.draftTp;
  if (d !== undefined && d !== (p.point.best.tp ?? targetTp)) spec.draft_tensor_parallel_size = d;
}

function drafterOf(p: Pick, model: string): string {
  return p.point.best.draft !== undefined ? checkpoint(p.point.best.draft) : p.emit.drafter?.(model) ?? '';
}

/** vLLM's speculative_config for the picks led by `first`: its method, drafter, draft tp, the largest K and the K table. */
function vllmSpec(first: Pick, meta: OptimizeMeta, maxK: number, table: unknown): Record<string, unknown> {
  const spec: Record<string, unknown> = { method: first.emit.names.vllm };
  const model = drafterOf(first, meta.model);
  if (model) spec.model = model;
  draftTpKey(spec, first, meta.tp);
  spec.num_speculative_tokens = maxK;
  spec.num_speculative_tokens_per_batch_size = table;
  return spec;
}

/** The speculative picks, each with its kind's engine names and shape; a kind without them cannot be emitted. */
function speculativePicks(doc: OptimizeDoc, target: EmitTarget, targetTp: number): Pick[] {
  const out: Pick[] = [];
  for (const point of doc.points) {
    if (point.best.method === 'autoregressive') continue;
    const where = `the pick at batch ${point.batch} (${describeSetting(point.best)})`;
    if (point.best.draftPlacement === 'separate') throw new UserError(`${ENGINE_NAME[target]} runs a draft model on the target's GPUs, not on GPUs of its own as ${where}; search without --draft-placement separate`, '--emit');
    const tp = point.best.tp ?? targetTp;
    // SGLang's and TensorRT-LLM's configurations name no draft tp: the draft runs at the target's.
    if (target !== 'vllm' && point.best.draftTp !== undefined && point.best.draftTp !== tp) throw new UserError(`${ENGINE_NAME[target]} runs a draft model at the target's tp (${tp}), not at ${point.best.draftTp} as ${where}; search with --draft-tp ${tp}`, '--emit');
    const emit = methodDefinition(point.best.method)?.search?.emit;
    if (!emit?.names[target]) throw new UserError(`${ENGINE_NAME[target]} does not run method '${point.best.method}', the pick at batch ${point.batch} (${describeSetting(point.best)})`, '--emit');
    out.push({ point, emit, shape: emit.shape(point.best) });
  }
  return out;
}

function oneKind(picks: Pick[], target: EmitTarget): void {
  const kinds = new Set(picks.map((p) => `${p.point.best.method}${p.point.best.draft ? ` (draft ${p.point.best.draft}${p.point.best.draftTp !== undefined ? ` at tp ${p.point.best.draftTp}` : ''})` : ''}`));
  const deps = new Set(picks.map((p) => `${p.point.best.tp ?? ''}/${p.point.best.dtype ?? ''}`));
  if (kinds.size > 1 || deps.size > 1) throw new UserError(`${ENGINE_NAME[target]} serves one speculative method on one deployment, but the picks use ${[...kinds].join(' and ')}${deps.size > 1 ? ' on several deployments' : ''}`, '--emit');
}

function chainsOnly(picks: Pick[], target: EmitTarget): void {
  const tree = picks.find((p) => !p.shape.chain);
  if (tree) throw new UserError(`${ENGINE_NAME[target]} runs ${tree.point.best.method} as a chain only, but the pick at batch ${tree.point.batch} is a tree (${describeSetting(tree.point.best)}); search with --engine ${target} (the default with --emit ${target}) to keep to chains`, '--emit');
}

function oneSetting(doc: OptimizeDoc, target: EmitTarget): void {
  const settings = new Set(doc.points.map((p) => JSON.stringify(p.best)));
  if (settings.size > 1) throw new UserError(`${ENGINE_NAME[target]} fixes its speculative settings at launch, but the picks differ by batch (${doc.points.map((p) => `${p.batch}: ${describeSetting(p.best)}`).join(', ')})`, '--emit');
}

function header(meta: OptimizeMeta, version: string, target: EmitTarget): string[] {
  return [
    `# specsim ${version} optimize for ${ENGINE_NAME[target]}: ${meta.hardware}, ${meta.model} (tp ${meta.tp}, ${meta.dtype} weights), engine profile ${meta.engine}, objective ${meta.objective}, prompt ${meta.context} tokens, output ≈ ${meta.outputTokens}`,
    `# acceptance assumed: ${meta.acceptance.join('; ')}`,
  ];
}

const shellWord = (s: string): string => (/^[A-Za-z0-9._/:=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const yamlScalar = (s: string): string => (/^[A-Za-z0-9._/-]+$/.test(s) ? s : JSON.stringify(s));

/**
 * vLLM with a context axis: the "lo-hi" keys cannot say context, so the table
 * takes vLLM's 5-item entries [bs_lo, bs_hi, ctx_lo, ctx_hi, K], a rectangular
 * grid starting at batch 1 and context 1 (validate_and_normalize_dynamic_sd_schedule
 * in vllm/v1/spec_decode/dynamic/utils.py).
 */
function vllmContextGrid(doc: OptimizeDoc, meta: OptimizeMeta, head: string[], picks: Pick[], kOf: (p: OptimizePoint) => number): EngineConfig {
  const contexts = meta.contexts!;
  const batches = [...new Set(doc.points.map((p) => p.batch))].sort((a, b) => a - b);
  const entries: number[][] = [];
  batches.forEach((b, bi) => contexts.forEach((c, ci) => {
    const point = doc.points.find((p) => p.batch === b && p.context === c)!;
    entries.push([bi === 0 ? 1 : batches[bi - 1]! + 1, b, ci === 0 ? 1 : contexts[ci - 1]! + 1, c, kOf(point)]);
  }));
  const maxK = Math.max(0, ...entries.map((e) => e[4]!));
  const lines = [...head, `# (batch, context) → K (the report's picks): ${doc.points.map((p) => `(${p.batch}, ${p.context}) → ${kOf(p)}`).join(', ')}`];
  if (maxK === 0) {
    lines.push('# speculation pays at none of these points: serve without a speculative_config', '{}');
    return { target: 'vllm', config: {}, text: `${lines.join('\n')}\n` };
  }
  const spec = vllmSpec(picks[0]!, meta, maxK, entries);
  lines.push('# with a context axis the table takes vLLM\'s 5-item entries [bs_lo, bs_hi, ctx_lo, ctx_hi, K] (vllm/v1/spec_decode/dynamic/utils.py); ranges are inclusive, the last context range reaches any length');
  const config = { speculative_config: spec };
  return { target: 'vllm', config, text: `${lines.join('\n')}\n${compactRows(JSON.stringify(config, null, 2))}\n` };
}

/** Pretty JSON with each innermost array of numbers on one line (`[1, 8, 1, 512, 4]`). */
function compactRows(json: string): string {
  return json.replace(/\[\s*(-?\d+(?:,\s*-?\d+)*)\s*\]/g, (_, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`);
}

/** The engine configuration of an optimize document's picks, or a UserError if the engine cannot express them. */
/**
 * SGLang caps running requests at its default (48, server_args.py) when
 * speculating unless told; the picks were simulated at every batch searched,
 * so the flag lifts the cap to the largest one, and only when that is above
 * the default (a smaller value would cap the server for nothing).
 */
export function sglangRunningRequests(largestBatch: number): number | undefined {
  const cap = resolveEngine('sglang').speculation.maxRunningRequests;
  return cap !== undefined && largestBatch > cap ? largestBatch : undefined;
}

export function engineConfig(doc: OptimizeDoc, meta: OptimizeMeta, target: EmitTarget, version: string): EngineConfig {
  const picks = speculativePicks(doc, target, meta.tp);
  const head = header(meta, version, target);
  if (target === 'vllm') {
    oneKind(picks, target);
    chainsOnly(picks, target);
    const kOf = (p: OptimizePoint): number => (p.best.method === 'autoregressive' ? 0 : picks.find((x) => x.point === p)!.shape.depth);
    if (meta.contexts && meta.contexts.length > 1) return vllmContextGrid(doc, meta, head, picks, kOf);
    // Each measured batch's K covers the batches above the previous one; equal neighbours merge.
    const ranges: { lo: number; hi: number; k: number }[] = [];
    let lo = 1;
    for (const p of doc.points) {
      const k = kOf(p);
      const last = ranges.at(-1);
      if (last && last.k === k) last.hi = p.batch; else ranges.push({ lo, hi: p.batch, k });
      lo = p.batch + 1;
    }
    const maxK = Math.max(0, ...ranges.map((r) => r.k));
    const lines = [...head, `# batch → K (the report's picks): ${doc.points.map((p) => `${p.batch} → ${kOf(p)}`).join(', ')}; a range's K is the pick at its upper batch, larger batches keep the last K`];
    if (maxK === 0) {
      const config = {};
      lines.push('# speculation pays at none of these batches: serve without a speculative_config', JSON.stringify(config));
      return { target, config, text: `${lines.join('\n')}\n` };
    }
    const spec = vllmSpec(picks[0]!, meta, maxK, Object.fromEntries(ranges.map((r) => [`${r.lo}-${r.hi}`, r.k])));
    const config = { speculative_config: spec };
    lines.push(`# range keys "lo-hi" are inclusive (vLLM PR #32374); vLLM's docs spell the same table as a list: ${JSON.stringify(ranges.map((r) => [r.lo, r.hi, r.k]))}`);
    return { target, config, text: `${lines.join('\n')}\n${JSON.stringify(config, null, 2)}\n` };
  }
  oneSetting(doc, target);
  const lines = [...head, `# one setting for every batch (${ENGINE_NAME[target]} fixes it at launch): ${describeSetting(doc.points[0]!.best)}; the batches searched: ${doc.points.map((p) => p.batch).join(', ')}`];
  if (meta.policyScore) lines.push(`# ${policyScoreText(meta.policyScore)}`);
  if (picks.length === 0) {
    lines.push('# speculation pays at none of these batches: serve without speculation');
    return { target, config: {}, text: `${lines.join('\n')}\n` };
  }
  const p = picks[0]!;
  const model = drafterOf(p, meta.model);
  if (target === 'sglang') {
    const flags: [string, string][] = [['--speculative-algorithm', p.emit.names.sglang!]];
    if (model) flags.push(['--speculative-draft-model-path', model]);
    flags.push(['--speculative-num-steps', String(p.shape.depth)], ['--speculative-eagle-topk', String(p.shape.topK)], ['--speculative-num-draft-tokens', String(p.shape.nodes + 1)]);
    const running = sglangRunningRequests(Math.max(...doc.points.map((x) => x.batch)));
    if (running !== undefined) flags.push(['--max-running-requests', String(running)]);
    const config = Object.fromEntries(flags);
    return { target, config, text: `${lines.join('\n')}\n${flags.map(([k, v]) => `${k} ${shellWord(v)}`).join(' ')}\n` };
  }
  chainsOnly(picks, target);
  const spec: Record<string, unknown> = { decoding_type: p.emit.names.trtllm, max_draft_len: p.shape.depth };
  // TensorRT-LLM's MTPDecodingConfig counts its chained MTP passes in num_nextn_predict_layers
  // (llm-api reference MTPDecodingConfig; the DeepSeek-R1 B200 recipes set it to the draft length).
  if (p.emit.names.trtllm === 'MTP') spec.num_nextn_predict_layers = p.shape.depth;
  if (model) spec.speculative_model = model;
  const config = { speculative_config: spec };
  const yaml = ['speculative_config:', ...Object.entries(spec).map(([k, v]) => `  ${k}: ${typeof v === 'string' ? yamlScalar(v) : v}`)];
  return { target, config, text: `${lines.join('\n')}\n${yaml.join('\n')}\n` };
}
