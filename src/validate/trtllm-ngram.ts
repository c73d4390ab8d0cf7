/**
 * TensorRT-LLM's n-gram speculation at batch 4 and 32 (TensorRT-LLM tech
 * blog 7; data/reference/published-engines.md): the speedup over the same
 * engine without speculation, from one round of each as the trtllm profile
 * runs it (NGRAM with the overlap scheduler off), out-of-sample for every
 * trtllm constant.
 */
import { resolveEngine } from '../catalog/engines.js';
import type { EngineProfile } from '../catalog/engine-schema.js';
import type { GpuProfile } from '../catalog/hardware-schema.js';
import { resolveHardware } from '../hardware/resolve.js';
import { ModelSpecSchema, type ModelSpec } from '../catalog/model-schema.js';
import type { MethodSpec } from '../scenario/schema.js';
import { roundMs } from '../serving/round.js';
import { AR } from './engine-fit.js';
import type { CaseInput } from './types.js';

/**
 * Llama-4-Scout-17B-16E's text model, not in the catalog: the keys of its
 * Hugging Face config.json `text_config` (meta-llama/Llama-4-Scout-17B-16E-Instruct):
 * hidden_size 5120, 48 layers, 40 heads and 8 KV heads of 128, 16 routed
 * experts with top-1 routing (num_local_experts, num_experts_per_tok),
 * intermediate_size 8192 per expert plus one shared expert of the same size,
 * interleave_moe_layer_step 1 (every layer MoE), vocab_size 202048, untied
 * embeddings. Left out: chunked local attention (8,192-token chunks in 3 of
 * 4 layers) and QK-norm, immaterial at the few thousand tokens of context here.
 */
export const LLAMA4_SCOUT: ModelSpec = ModelSpecSchema.parse({
  id: 'llama4-scout-17b-16e',
  name: 'Llama-4-Scout-17B-16E (text model)',
  source: 'https://huggingface.co/meta-llama/Llama-4-Scout-17B-16E-Instruct/blob/main/config.json (text_config)',
  hidden: 5120, layers: 48, heads: 40, kvHeads: 8, headDim: 128, intermediate: 8192, vocab: 202048, tiedEmbeddings: false,
  experts: { count: 16, topK: 1, intermediate: 8192, sharedIntermediate: 8192 },
});

/** Accepted length of the second turn: 1.66 for both (k 3, v 5) and (k 5, v 3) (the blog's table, 3,000 sampled conversations). */
export const NGRAM_TAU = 1.66;
/** Context of a second-turn request: not stated (first question and answer plus the second question); 2,000 tokens assumed. */
const CONTEXT = 2000;

export interface NgramFigure { batch: number; drafts: number; speedup: number }
/** E2E speedups of the second turn: +96.13% at batch 1 and +63.99% at batch 4 (v = 5 drafts), +33.06% at batch 32 (v = 3). */
export const TRTLLM_NGRAM_FIGURES: readonly NgramFigure[] = [
  { batch: 1, drafts: 5, speedup: 1.9613 },
  { batch: 4, drafts: 5, speedup: 1.6399 },
  { batch: 32, drafts: 3, speedup: 1.3306 },
];

const OPTS = { tp: 8, weightDtype: 'fp8' as const, kvDtype: 'fp8' as const };

/** The same engine with the overlap scheduler off for every step (the baseline run without it). */
function overlapOff(e: EngineProfile): EngineProfile {
  return { ...e, host: { ...e.host, overlap: false } };
}

/** One n-gram round and one autoregressive step at the figure's batch on 8×B200 (ms), and the speedups they give at τ. */
export function trtllmNgramSpeedup(fig: NgramFigure, context = CONTEXT, engine = resolveEngine('trtllm')): { speedup: number; speedupOverlapBaseline: number; roundMs: number; arMs: number; arOverlapMs: number } {
  const hw = resolveHardware('b200') as GpuProfile;
  // The acceptance here only shapes what the round's work is; τ is the published one.
  const method: MethodSpec = { kind: 'ngram', gamma: fig.drafts, acceptance: { kind: 'iid', alpha: 0.5 } };
  const at = (e: EngineProfile, m: MethodSpec): number => roundMs({ hw, target: LLAMA4_SCOUT, engine: e, method: m, batch: fig.batch, context, opts: OPTS, lastEmitted: 1 }).ms;
  const round = at(engine, method);
  const ar = at(overlapOff(engine), AR);
  const arOverlap = at(engine, AR);
  return { speedup: (NGRAM_TAU * ar) / round, speedupOverlapBaseline: (NGRAM_TAU * arOverlap) / round, roundMs: round, arMs: ar, arOverlapMs: arOverlap };
}

interface Run { f: NgramFigure; r: ReturnType<typeof trtllmNgramSpeedup> }

/**
 * Only batch 32 is asserted. Batch 1 and 4 are kept as facts of that case:
 * their published 1.96× and 1.64× are above or at the published τ 1.66,
 * which no round at least as slow as a decode step allows (the requests they
 * ran must have accepted more than the table says), so a tolerance wide
 * enough to pass them would say nothing.
 */
export function trtllmNgramCases(): CaseInput[] {
  const [b1, b4, b32] = TRTLLM_NGRAM_FIGURES.map((f) => ({ f, r: trtllmNgramSpeedup(f) })) as [Run, Run, Run];
  const base = resolveEngine('trtllm');
  const noRound = (f: NgramFigure): number => trtllmNgramSpeedup(f, CONTEXT, { ...base, speculation: { ...base.speculation, roundUs: 0 } }).speedup;
  const cond = (f: NgramFigure): string =>
    `TensorRT-LLM PyTorch backend, 8×B200 TP8, Llama-4-Scout-17B-16E fp8 (its config.json text model, not in the catalog), Magpie second turn (${CONTEXT.toLocaleString('en-US')} tokens of context assumed), batch ${f.batch}, NGRAM with ${f.drafts} drafts (max_draft_len), τ ${NGRAM_TAU} (published); both runs with the overlap scheduler off (NGRAM cannot overlap; the baseline assumed run with the same configuration minus speculation, not stated)`;
  const noHost = (f: NgramFigure): number => trtllmNgramSpeedup(f, CONTEXT, { ...base, host: { ...base.host, stepUs: 0, perSeqUs: 0 } }).speedupOverlapBaseline;
  const baselineWhy = (r: ReturnType<typeof trtllmNgramSpeedup>, f: NgramFigure): string =>
    `the blog does not say how its baseline ran: TensorRT-LLM turns the overlap scheduler off by itself only for NGRAM (py_executor_creator.py: "Disable overlap scheduler for speculation mode"), so a baseline left at the defaults would overlap, while TensorRT-LLM's own n-gram tests set disable_overlap_scheduler=True in the LLM arguments both runs would share (assumed here); with the baseline overlapped (${r.arOverlapMs.toFixed(2)} ms per step against a ${r.roundMs.toFixed(2)} ms round) the prediction is ${r.speedupOverlapBaseline.toFixed(2)}×, below 1, which the published gains contradict unless TensorRT-LLM's host time on that setup was far below the 2.6 ms per step of the B200 runs the profile is fitted on (with none at all, ${noHost(f).toFixed(2)}×)`;
  const facts = (r: ReturnType<typeof trtllmNgramSpeedup>, f: NgramFigure): Record<string, number> => ({ roundMs: r.roundMs, arMs: r.arMs, arOverlapMs: r.arOverlapMs, speedupOverlapBaseline: r.speedupOverlapBaseline, speedupOverlapBaselineNoHost: noHost(f), speedupNoRoundCost: noRound(f) });
  return [
    {
      id: 'trtllm-ngram-llama4-scout-b32', source: 'trtllm tech blog 7 (n-gram speculative decoding), second turn', sample: 'out',
      conditions: cond(b32.f), reference: b32.f.speedup, predicted: b32.r.speedup, unit: '×', tolerance: 0.15,
      why: `out-of-sample for every trtllm constant (host time fitted on Llama-3.1-8B on one B200); 15% because the context, the E2E runs' prefill (not sped up, so the published gain is below the decode-only one predicted) and the speculation round cost (vLLM's, borrowed: without it ${noRound(b32.f).toFixed(2)}×) are not pinned; batch 4 and 1 are not asserted (facts): their published 1.64× and 1.96× sit at or above the published τ 1.66, which no round costing at least one decode step allows (specsim gives ${b4.r.speedup.toFixed(2)}× and ${b1.r.speedup.toFixed(2)}×); ${baselineWhy(b32.r, b32.f)}`,
      note: `round ${b32.r.roundMs.toFixed(2)} ms (host ${((base.host.stepUs + 32 * base.host.perSeqUs) / 1e3).toFixed(2)} ms exposed, verify of 4 tokens per sequence, bookkeeping) against ${b32.r.arMs.toFixed(2)} ms per step without speculation`,
      facts: { ...facts(b32.r, b32.f), speedupBatch4: b4.r.speedup, publishedBatch4: b4.f.speedup, speedupBatch1: b1.r.speedup, publishedBatch1: b1.f.speedup },
    },
  ];
}
