/**
 * The engine constants fitted on published figures (data/reference/
 * published-engines.md), computed here from the shipped profiles and the
 * cost model so that anyone can refit after a kernel change
 * (`node dist/bench/fit-engines.js` prints the values the JSON should hold).
 * Each figure named here is an in-sample case of `specsim validate`.
 */
import type { EngineProfile } from '../catalog/engine-schema.js';
import { resolveEngine } from '../catalog/engines.js';
import type { GpuProfile } from '../catalog/hardware-schema.js';
import { resolveHardware } from '../hardware/resolve.js';
import { resolveModel } from '../catalog/models.js';
import type { MethodSpec } from '../scenario/schema.js';
import { roundMs } from '../serving/round.js';

/** EAGLE's acceptance rows as `compare` uses them (the fits take τ from the figures, so these only shape dynamic trees). */
const EAGLE_ROWS = { kind: 'topk' as const, perDepth: [[0.75, 0.85, 0.9]] };

/** An EAGLE chain of k drafts (vLLM's proposer). */
export const eagleChain = (k: number): MethodSpec => ({ kind: 'eagle', tree: { kind: 'dynamic', depth: k, topK: 1, nodes: k }, acceptance: EAGLE_ROWS });
/** An EAGLE-2 dynamic tree (depth, top-k, verified nodes). */
export const eagleTree = (depth: number, topK: number, nodes: number): MethodSpec => ({ kind: 'eagle', tree: { kind: 'dynamic', depth, topK, nodes }, acceptance: EAGLE_ROWS });
export const AR: MethodSpec = { kind: 'autoregressive' };

/** The published figures the fits use (tokens/s at batch 1; τ = tokens per round). */
export const FIT_FIGURES = {
  /** vLLM PR #16035: V1 EAGLE on MT-bench, max_num_seqs 1 (Llama-3-8B-class target; hardware not in the excerpt, an H100 assumed). */
  vllmBaseline: { tokS: 128.64 },
  vllmK2: { tokS: 175.49, tau: 1.89, k: 2 },
  vllmK4: { tokS: 165.65, tau: 2.08, k: 4 },
  /** EAGLE-3 paper Table 4 (SGLang v0.4.4, 1×H100, Llama-3.1-8B-Instruct, MT-bench, batch 1): EAGLE-2 244.10 tok/s; τ 4.05 from the same paper's Table 1 (EAGLE-2 default tree: depth 5, top-k 10, 60 tokens). */
  sglangEagle2: { tokS: 244.10, tau: 4.05, depth: 5, topK: 10, nodes: 59 },
  /** Spec-Bench (1×A100-80GB, fp16, batch 1, greedy): Vicuna-7B EAGLE 2.29× at τ 3.61 (EAGLE-1, tree mc_sim_7b_63). */
  hfEagleVicuna7b: { speedup: 2.29, tau: 3.61 },
  /** NIM benchmark page (v1.8.0): TensorRT-LLM, Llama-3.1-8B inter-token latency (ms) by concurrency (H100 fp8 assumed). */
  nimLlama8bItl: { 1: 4.63, 5: 4.58, 25: 5.19, 50: 5.91, 100: 7.57 } as Record<number, number>,
  /**
   * TensorRT-LLM's own executor (PyExecutor with the overlap scheduler), 1×B200, nvidia/Llama-3.1-8B-Instruct-FP8,
   * ISL = OSL = 1,000, output tokens per second by concurrency, both host-bound by the reporting NVIDIA engineer's trace
   * analysis: concurrency 4, 1,484 (AutoDeploy backend; NVIDIA/TensorRT-LLM issue #13560: "We are host bound");
   * concurrency 64, 13,806 (PyTorch backend; issue #13957: the loop "exposes ~580 µs/iter of host overhead as GPU idle").
   */
  trtllmB200Llama8bOtps: { 4: 1484, 64: 13806 } as Record<number, number>,
} as const;

/**
 * The PyTorch ops one round of Spec-Bench's prompt lookup decoding
 * dispatches from Python outside the target's forward (hemingkx/Spec-Bench
 * model/pld/pld.py `find_candidate_pred_tokens` and `greedy_search_pld`,
 * with transformers 4.37.1's Llama `prepare_inputs_for_generation`, the
 * version its requirements pin), for a match at the first n-gram size (3).
 * Each is priced as the cost model prices an eager kernel
 * (`efficiency.eagerKernelUs`): Python dispatch and launch, the GPU waiting.
 * Not listed: views (slices, unsqueeze, unfold, the per-layer KV crop of
 * `_crop_past_key_values`, host-only), the argmax over the verified logits
 * (the sampler prices it), and the forward itself (the cost model). No tree
 * buffers, tree masks, draft passes or per-layer KV gathers: a chain of
 * candidates is verified causally and the KV cache is cut by slicing.
 */
export const HF_PLD_ROUND_OPS: readonly string[] = [
  // find_candidate_pred_tokens
  'input_ids[0, -3:].tolist() (device to host)', 'torch.tensor(ngram, device) (host to device)', 'windows == ngram_tensor', '.all(dim=2)', 'matches.nonzero()',
  'idx + ngram_size', 'start_idx + num_pred_tokens', 'end_idx <= input_length', 'its truth value (.item())', 'start_idx < input_length - ngram_size', 'its truth value (.item())',
  'input_ids[0, start_idx:end_idx]: start bound (.item())', 'input_ids[0, start_idx:end_idx]: end bound (.item())',
  // greedy_search_pld: candidates and mask
  'torch.cat((input_ids, candidate_pred_tokens))', 'attention_mask.new_ones(...)', 'torch.cat([attention_mask, ones])',
  // prepare_inputs_for_generation (position ids from the mask)
  'attention_mask.long().cumsum(-1)', '- 1', 'attention_mask == 0', 'position_ids.masked_fill_(...)',
  // acceptance of the longest matching prefix
  'candidate_new_tokens == selected_tokens[:, :-1]', '~', '.cumsum(dim=-1)', '< 1', '.sum()',
  'min(n_matches, max_len - cur_len - 1): comparison', 'its truth value (.item())', 'n_matches + 1', 'selected_tokens[:, :n_matches + 1]: bound (.item())',
  'torch.cat((input_ids, valid_tokens))',
  // end-of-sequence check
  'eos_token_id_tensor.item()', 'valid_tokens == eos', '.any()', 'its truth value (.item())',
];

/**
 * The PyTorch ops one step of the Spec-Bench baseline (transformers 4.37.1
 * `greedy_search`, through `generate`) dispatches outside the forward and the
 * argmax: the hf profile leaves them unpriced (host.stepUs 0, a convention
 * the EAGLE fit absorbs); listed so a case can say what pricing them would
 * change.
 */
export const HF_GREEDY_STEP_OPS: readonly string[] = [
  'attention_mask.long().cumsum(-1)', '- 1', 'attention_mask == 0', 'position_ids.masked_fill_(...)',
  'next_tokens * unfinished_sequences', '1 - unfinished_sequences', 'pad_token_id * (...)', '+',
  'torch.cat([input_ids, next_tokens[:, None]])', 'attention_mask.new_ones(...)', 'torch.cat([attention_mask, ones])',
  'next_tokens.tile(...)', '.ne(eos_token_id_tensor.unsqueeze(1))', '.prod(dim=0)', 'unfinished_sequences.mul(...)',
  'unfinished_sequences.max()', '== 0', 'its truth value (.item())',
];

/** The B200 runs' context per request: 1,000 prompt tokens plus half the 1,000 outputs. */
export const TRTLLM_B200_CONTEXT = 1500;

/** `engine` with some constants replaced (for fitting one while others are held). */
export function withConstants(engine: EngineProfile, host: Partial<EngineProfile['host']>, speculation: Partial<EngineProfile['speculation']>): EngineProfile {
  return { ...engine, host: { ...engine.host, ...host }, speculation: { ...engine.speculation, ...speculation } };
}

const ZERO_SPEC = { roundUs: 0, perDraftPassUs: 0 };

export interface EngineFit {
  vllm: { hostStepUs: number; roundUs: number; perDraftPassUs: number };
  sglang: { perNodeUs: number };
  /** roundUs: fitted (EAGLE's tree loop); ngramRoundUs: prompt lookup's round, counted (HF_PLD_ROUND_OPS × eagerKernelUs), not fitted. */
  hf: { roundUs: number; ngramRoundUs: number };
  /** TensorRT-LLM's executor: host time per step and per running request. */
  trtllm: { hostStepUs: number; perSeqUs: number };
  /** NIM's serving path around TensorRT-LLM: the host time per step its concurrency-1 latency needs (a case parameter of the NIM cases, not a profile constant). */
  nim: { hostStepUs: number };
}

/**
 * Solve each engine's fitted constants from its figures, holding its other
 * constants (and the notes' borrowed values) at what the profile ships.
 */
export function fitEngines(): EngineFit {
  const h100 = resolveHardware('h100-sxm') as GpuProfile;
  const a100 = resolveHardware('a100-sxm') as GpuProfile;
  const llama3 = resolveModel('llama3.1-8b');
  const vicuna = resolveModel('vicuna-7b');

  // vLLM: the baseline fixes the host time per step (nothing overlaps); k = 2 and k = 4 fix the round and per-pass bookkeeping.
  const v0 = resolveEngine('vllm');
  const f = FIT_FIGURES;
  const hostFree = withConstants(v0, { stepUs: 0 }, ZERO_SPEC);
  const base = roundMs({ hw: h100, target: llama3, engine: hostFree, method: AR }).ms;
  const hostStepUs = (1000 / f.vllmBaseline.tokS - base) * 1e3;
  const withHost = withConstants(v0, { stepUs: hostStepUs }, ZERO_SPEC);
  const gap = (fig: { tokS: number; tau: number; k: number }): number =>
    ((fig.tau / fig.tokS) * 1e3 - roundMs({ hw: h100, target: llama3, engine: withHost, method: eagleChain(fig.k), lastEmitted: Math.round(fig.tau) }).ms) * 1e3;
  const d2 = gap(f.vllmK2);
  const d4 = gap(f.vllmK4);
  const perDraftPassUs = (d4 - d2) / (f.vllmK4.k - f.vllmK2.k);
  const vllm = { hostStepUs, roundUs: d2 - f.vllmK2.k * perDraftPassUs, perDraftPassUs };

  // SGLang: one figure, one constant. The per-round base is vLLM's (the same proposer work for a chain);
  // what a 59-node EAGLE-2 tree costs beyond it is spread over its nodes (candidate selection, tree construction).
  const s0 = resolveEngine('sglang');
  const sg = f.sglangEagle2;
  const sRound0 = roundMs({ hw: h100, target: llama3, engine: withConstants(s0, {}, { perNodeUs: 0 }), method: eagleTree(sg.depth, sg.topK, sg.nodes), lastEmitted: Math.round(sg.tau) }).ms;
  const sglang = { perNodeUs: (((sg.tau / sg.tokS) * 1e3 - sRound0) * 1e3) / sg.nodes };

  // Hugging Face: Spec-Bench's speedup is (τ / round) × baseline step, so the round's bookkeeping follows from τ and the speedup.
  const h0 = resolveEngine('hf');
  const fp16 = { weightDtype: 'fp16' as const, kvDtype: 'fp16' as const };
  const hBase = roundMs({ hw: a100, target: vicuna, engine: h0, method: AR, opts: fp16 }).ms;
  const hEagle: MethodSpec = { kind: 'eagle', tree: { kind: 'static', name: 'mc_sim_7b_63' }, acceptance: EAGLE_ROWS };
  const hRound0 = roundMs({ hw: a100, target: vicuna, engine: withConstants(h0, {}, { roundUs: 0 }), method: hEagle, lastEmitted: Math.round(f.hfEagleVicuna7b.tau), opts: fp16 }).ms;
  // Prompt lookup's round does none of EAGLE's tree work: its own ops, counted from the source, at the eager per-op cost.
  const hf = { roundUs: ((hBase * f.hfEagleVicuna7b.tau) / f.hfEagleVicuna7b.speedup - hRound0) * 1e3, ngramRoundUs: HF_PLD_ROUND_OPS.length * a100.efficiency.eagerKernelUs };
  // TensorRT-LLM: both B200 runs are host-bound with the overlap scheduler on, so a step takes the host's time,
  // concurrency / output tokens per second; two concurrencies fix the time per step and per running request.
  const tHost = (c: number): number => (c / f.trtllmB200Llama8bOtps[c]!) * 1e6;
  const perSeqUs = (tHost(64) - tHost(4)) / (64 - 4);
  const trtllm = { hostStepUs: tHost(4) - 4 * perSeqUs, perSeqUs };
  // NIM: its inter-token latency is flat from concurrency 1 to 5 (4.63, 4.58 ms) while the GPU step grows: the step is
  // host-bound there at more than TensorRT-LLM's own executor takes, so NIM's serving path gets its own time per step.
  const nim = { hostStepUs: f.nimLlama8bItl[1]! * 1e3 - trtllm.perSeqUs };
  return { vllm, sglang, hf, trtllm, nim };
}

/**
 * The device time of one step of the TensorRT-LLM B200 fit's runs at
 * `concurrency` (ms): the trtllm profile's kernels with no host time; the fit
 * holds only while it stays below the host time per step.
 */
export function trtllmB200GpuMs(concurrency: number): number {
  const b200 = resolveHardware('b200') as GpuProfile;
  const hostFree = withConstants(resolveEngine('trtllm'), { stepUs: 0, perSeqUs: 0 }, {});
  return roundMs({ hw: b200, target: resolveModel('llama3.1-8b'), engine: hostFree, method: AR, batch: concurrency, context: TRTLLM_B200_CONTEXT, opts: { weightDtype: 'fp8', kvDtype: 'fp8' } }).ms;
}
