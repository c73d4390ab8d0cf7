/**
 * Serving-engine cases (data/reference/published-engines.md): batch-1
 * tokens per second of vLLM, SGLang, Hugging Face loops and TensorRT-LLM,
 * predicted from one round as the engine runs it (the method's own
 * iteration, the engine's kernels and per-step costs) and the published τ.
 * In-sample cases are the figures the profiles were fitted on
 * (engine-fit.ts): they check the fit, not the model.
 */
import { resolveEngine } from '../catalog/engines.js';
import type { GpuProfile } from '../catalog/hardware-schema.js';
import { resolveHardware } from '../hardware/resolve.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { resolveModel } from '../catalog/models.js';
import type { CostOptions } from '../cost/operators.js';
import type { MethodSpec } from '../scenario/schema.js';
import { roundMs } from '../serving/round.js';
import { roundUs } from '../serving/engine-method.js';
import { AR, eagleChain, eagleTree, FIT_FIGURES, fitEngines, HF_GREEDY_STEP_OPS, HF_PLD_ROUND_OPS, TRTLLM_B200_CONTEXT, trtllmB200GpuMs, withConstants } from './engine-fit.js';
import { trtllmNgramCases } from './trtllm-ngram.js';
import type { CaseInput } from './types.js';

const FIT_TOL = 0.02;
const FIT_WHY = 'in-sample: the profile\'s fitted constant was solved from this figure, so anything beyond rounding means the fit is stale (rerun `node dist/bench/fit-engines.js`)';

interface Round { hw: GpuProfile; target: ModelSpec; engine: string; method: MethodSpec; tau: number; batch?: number; context?: number; opts?: Partial<CostOptions> }

/** Tokens per second of one sequence: τ tokens per round of the method as the engine runs it. */
function tokS(r: Round): number {
  const engine = resolveEngine(r.engine);
  const ms = roundMs({ hw: r.hw, target: r.target, engine, method: r.method, lastEmitted: Math.max(1, Math.round(r.tau)), ...(r.batch ? { batch: r.batch } : {}), ...(r.context ? { context: r.context } : {}), ...(r.opts ? { opts: r.opts } : {}) }).ms;
  return (r.tau / ms) * 1e3 * (r.batch ?? 1);
}

export function engineCases(): CaseInput[] {
  const h100 = resolveHardware('h100-sxm') as GpuProfile;
  const a100 = resolveHardware('a100-sxm') as GpuProfile;
  const llama3 = resolveModel('llama3.1-8b');
  const llama2 = resolveModel('llama2-7b');
  const f = FIT_FIGURES;
  const out: CaseInput[] = [];
  const vllmCond = (what: string): string => `vLLM V1 (0.8), H100 assumed (not stated), Llama-3-8B-class target (llama3.1-8b), MT-bench, max_num_seqs 1, ${what}`;

  // vLLM PR #16035: all three figures fit the vLLM profile.
  out.push({
    id: 'vllm-pr16035-baseline', source: 'vllm PR #16035 (V1 EAGLE benchmark)', sample: 'in',
    conditions: vllmCond('no speculation'), reference: f.vllmBaseline.tokS,
    predicted: tokS({ hw: h100, target: llama3, engine: 'vllm', method: AR, tau: 1 }), unit: 'tok/s', tolerance: FIT_TOL, why: FIT_WHY,
    note: 'host.stepUs fitted here: the GPU step alone (fused kernels + sampler) would give more; vLLM V1 of that time scheduled between steps',
  });
  for (const fig of [f.vllmK2, f.vllmK4]) {
    out.push({
      id: `vllm-pr16035-eagle-k${fig.k}`, source: 'vllm PR #16035 (V1 EAGLE benchmark)', sample: 'in',
      conditions: vllmCond(`EAGLE chain k = ${fig.k}, τ ${fig.tau} (published)`), reference: fig.tokS,
      predicted: tokS({ hw: h100, target: llama3, engine: 'vllm', method: eagleChain(fig.k), tau: fig.tau }), unit: 'tok/s', tolerance: FIT_TOL, why: FIT_WHY,
      note: 'speculation.roundUs and perDraftPassUs are solved from the k = 2 and k = 4 figures together',
    });
  }

  // SGLang: EAGLE-3 paper Table 4 and the EAGLE repository's SGLang PR.
  const sg = f.sglangEagle2;
  out.push({
    id: 'sglang-eagle3-table4-eagle2', source: 'eagle3 paper Table 4 (arXiv 2503.01840), SGLang v0.4.4', sample: 'in',
    conditions: `1×H100, Llama-3.1-8B-Instruct, MT-bench, batch 1, EAGLE-2 (tree assumed: depth ${sg.depth}, top-k ${sg.topK}, ${sg.nodes + 1} tokens; τ ${sg.tau} from Table 1)`,
    reference: sg.tokS, predicted: tokS({ hw: h100, target: llama3, engine: 'sglang', method: eagleTree(sg.depth, sg.topK, sg.nodes), tau: sg.tau }),
    unit: 'tok/s', tolerance: FIT_TOL, why: FIT_WHY, note: 'speculation.roundUs of the sglang profile is solved from this figure',
  });
  out.push({
    id: 'sglang-eagle3-table4-baseline', source: 'eagle3 paper Table 4 (arXiv 2503.01840), SGLang v0.4.4', sample: 'out',
    conditions: '1×H100, Llama-3.1-8B-Instruct, MT-bench, batch 1, no speculation (overlap scheduler on)',
    reference: 158.34, predicted: tokS({ hw: h100, target: llama3, engine: 'sglang', method: AR, tau: 1 }), unit: 'tok/s', tolerance: 0.1,
    why: 'out-of-sample: nothing was fitted on it (fused kernel counts read from source, the calibrated kernel cost, the host hidden by the overlap scheduler); 10% is the cost model\'s held-out error on graph-captured steps plus the sampler',
  });
  // EAGLE-3's own drafter (methods/eagle3.ts): fused features, a 32,000-token draft LM head; the same tree as EAGLE-2's method would draft.
  const eagle3Tree = (depth: number, topK: number, nodes: number): MethodSpec => ({ kind: 'eagle3', tree: { kind: 'dynamic', depth, topK, nodes }, acceptance: { kind: 'topk', perDepth: [[0.8, 0.88, 0.92]] } });
  const e3 = tokS({ hw: h100, target: llama3, engine: 'sglang', method: eagle3Tree(7, 10, 59), tau: 6.13 });
  const e3AsEagle = tokS({ hw: h100, target: llama3, engine: 'sglang', method: eagleTree(7, 10, 59), tau: 6.13 });
  const e3Depth5 = tokS({ hw: h100, target: llama3, engine: 'sglang', method: eagle3Tree(5, 10, 59), tau: 6.13 });
  out.push({
    id: 'sglang-eagle3-table4-eagle3', source: 'eagle3 paper Table 4 (arXiv 2503.01840), SGLang v0.4.4', sample: 'out',
    conditions: '1×H100, Llama-3.1-8B-Instruct, MT-bench, batch 1, EAGLE-3 (method eagle3: llama3.1-8b+eagle3, 32,000-token draft vocabulary) with τ 6.13 (Table 1); tree assumed depth 7, top-k 10, 60 tokens',
    reference: 373.25, predicted: e3, unit: 'tok/s', tolerance: 0.15,
    why: `out-of-sample for the round constant fitted on EAGLE-2 in the same table; 15% because the tree is not stated: depth 5 instead of 7 gives ${e3Depth5.toFixed(0)} tok/s (${((e3Depth5 / e3 - 1) * 100).toFixed(0)}%)`,
    note: `the drafter is priced as EAGLE-3's (FC over three fused target layers on a round's first pass, a 2h-wide QKV, a 32,000-row LM head); priced as an EAGLE-2 layer with the full 128,256-row LM head the same round gives ${e3AsEagle.toFixed(0)} tok/s`,
    facts: { tokSAsEagleLayer: e3AsEagle, tokSDepth5: e3Depth5 },
  });
  const r173Round = roundMs({ hw: h100, target: llama2, engine: resolveEngine('sglang'), method: eagleTree(5, 8, 63), lastEmitted: 4 }).ms;
  const tauLo = 3.62;
  const tauHi = 4.83;
  out.push({
    id: 'sglang-eagle-pr173-tau-needed', source: 'SafeAILab/EAGLE PR #173 (EAGLE-2 in SGLang, 2025-01)', sample: 'out',
    conditions: '1×H100, Llama-2-7b-chat, one request at a time, EAGLE-2 steps 5, top-k 8, 64 draft tokens: 297 tok/s; τ not published',
    reference: (tauLo + tauHi) / 2, predicted: (297 * r173Round) / 1e3, unit: 'τ needed', tolerance: (tauHi - tauLo) / (tauHi + tauLo),
    why: `a bracket, since τ is not stated: the τ the SGLang profile needs to reach 297 tok/s must lie between EAGLE-1's published LLaMA2-Chat-7B τ ${tauLo} (EAGLE-2 accepts at least as much) and EAGLE-2's highest published MT-bench τ ${tauHi} (Vicuna-13B)`,
    facts: { roundMs: r173Round },
  });
  out.push({
    id: 'sglang-eagle-pr173-baseline', source: 'SafeAILab/EAGLE PR #173 (EAGLE-2 in SGLang, 2025-01)', sample: 'out',
    conditions: '1×H100, Llama-2-7b-chat, one request at a time, no speculation',
    reference: 156, predicted: tokS({ hw: h100, target: llama2, engine: 'sglang', method: AR, tau: 1 }), unit: 'tok/s', tolerance: 0.15,
    why: 'out-of-sample; 15% because the same SGLang gives Llama-3.1-8B (more weights) 158 tok/s in the EAGLE-3 paper, so the two published baselines disagree by about 10% with each other under any bandwidth-bound model',
  });

  // Spec-Bench (Hugging Face loops, A100, batch 1): speedup = (τ / round) / (1 / baseline step).
  const fp16 = { weightDtype: 'fp16' as const, kvDtype: 'fp16' as const };
  const acc = { kind: 'iid' as const, alpha: 0.7 };
  const specBench: [id: string, model: string, label: string, method: MethodSpec, speedup: number, tau: number, sample: 'in' | 'out'][] = [
    ['eagle-vicuna-7b', 'vicuna-7b', 'EAGLE (tree mc_sim_7b_63)', { kind: 'eagle', tree: { kind: 'static', name: 'mc_sim_7b_63' }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } }, f.hfEagleVicuna7b.speedup, f.hfEagleVicuna7b.tau, 'in'],
    ['eagle-vicuna-13b', 'vicuna-13b', 'EAGLE (tree mc_sim_7b_63)', { kind: 'eagle', tree: { kind: 'static', name: 'mc_sim_7b_63' }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } }, 2.34, 3.64, 'out'],
    ['eagle-vicuna-33b', 'vicuna-33b', 'EAGLE (tree mc_sim_7b_63)', { kind: 'eagle', tree: { kind: 'static', name: 'mc_sim_7b_63' }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } }, 2.47, 3.39, 'out'],
    ['medusa-vicuna-7b', 'vicuna-7b', 'Medusa-1 (4 heads, tree mc_sim_7b_63)', { kind: 'medusa', heads: 4, tree: 'medusa-63', acceptance: { kind: 'topk', perHead: [[0.6], [0.4], [0.3], [0.2]] } }, 1.78, 2.32, 'out'],
    ['medusa-vicuna-13b', 'vicuna-13b', 'Medusa-1 (4 heads, tree mc_sim_7b_63)', { kind: 'medusa', heads: 4, tree: 'medusa-63', acceptance: { kind: 'topk', perHead: [[0.6], [0.4], [0.3], [0.2]] } }, 1.75, 2.39, 'out'],
    ['medusa-vicuna-33b', 'vicuna-33b', 'Medusa-1 (4 heads, tree mc_sim_7b_63)', { kind: 'medusa', heads: 4, tree: 'medusa-63', acceptance: { kind: 'topk', perHead: [[0.6], [0.4], [0.3], [0.2]] } }, 1.79, 2.33, 'out'],
    ['sps-vicuna-7b', 'vicuna-7b', 'SpS, 68M draft, γ 4 (assumed)', { kind: 'draft', draft: 'llama-68m', gamma: 4, acceptance: acc }, 1.49, 2.28, 'out'],
    ['pld-vicuna-7b', 'vicuna-7b', 'PLD (prompt lookup, 10 tokens)', { kind: 'ngram', gamma: 10, acceptance: acc }, 1.59, 1.73, 'out'],
  ];
  const hf = resolveEngine('hf');
  const eagerUs = a100.efficiency.eagerKernelUs;
  for (const [id, model, label, method, speedup, tau, sample] of specBench) {
    const target = resolveModel(model);
    const base = tokS({ hw: a100, target, engine: 'hf', method: AR, tau: 1, opts: fp16 });
    const spec = tokS({ hw: a100, target, engine: 'hf', method, tau, opts: fp16 });
    const ownRound = roundUs(hf, method.kind) !== hf.speculation.roundUs;
    // What pricing the baseline's own generate() ops (unpriced in the profile) would give: its step grows, the round does not.
    const baseMs = (1 / base) * 1e3;
    const withGenerateOps = (baseMs + (HF_GREEDY_STEP_OPS.length * eagerUs) / 1e3) / baseMs * (spec / base);
    out.push({
      id: `hf-specbench-${id}`, source: 'spec-bench (Xia et al., ACL 2024 Findings; leaderboard)', sample,
      conditions: `1×A100-80GB, ${model}, fp16, greedy, batch 1, ${label}, τ ${tau} (published)`,
      reference: speedup, predicted: spec / base, unit: '×', tolerance: sample === 'in' ? FIT_TOL : 0.2,
      why: sample === 'in' ? FIT_WHY : ownRound
        ? `out-of-sample: nothing fitted on it; the round's bookkeeping is counted from the loop's source (methods.${method.kind}.roundUs, ${HF_PLD_ROUND_OPS.length} eager PyTorch ops), not EAGLE's fitted tree round; 20% because the count follows one path through the loop (a match at the first n-gram size) and the baseline's own generate() ops stay unpriced as in the EAGLE fit: pricing its ${HF_GREEDY_STEP_OPS.length} per-step ops would give ${withGenerateOps.toFixed(2)}×`
        : 'out-of-sample for the hf round constant fitted on Vicuna-7B EAGLE; 20% because each method\'s research code has its own Python bookkeeping, priced with EAGLE\'s, and the SpS γ is not stated',
      ...(ownRound ? { facts: { roundUs: roundUs(hf, method.kind), eagleRoundUs: hf.speculation.roundUs, speedupIfBaselinePaysGenerateOps: withGenerateOps } } : {}),
    });
  }

  // TensorRT-LLM's own executor on B200: the two host-bound runs the trtllm profile's host time was fitted on.
  const fit = fitEngines();
  const b200 = resolveHardware('b200') as GpuProfile;
  for (const [c, otps] of Object.entries(f.trtllmB200Llama8bOtps)) {
    const batch = Number(c);
    const step = roundMs({ hw: b200, target: llama3, engine: resolveEngine('trtllm'), method: AR, batch, context: TRTLLM_B200_CONTEXT, opts: { weightDtype: 'fp8', kvDtype: 'fp8' } }).ms;
    const gpu = trtllmB200GpuMs(batch);
    out.push({
      id: `trtllm-b200-llama3.1-8b-c${c}`, source: `trtllm issue #${batch === 4 ? 13560 : 13957} (NVIDIA's host-bound Llama-3.1-8B FP8 runs on B200)`, sample: 'in',
      conditions: `TensorRT-LLM ${batch === 4 ? 'AutoDeploy' : 'PyTorch'} backend (PyExecutor, overlap scheduler on), 1×B200, Llama-3.1-8B-Instruct-FP8, ISL = OSL = 1,000 (${TRTLLM_B200_CONTEXT.toLocaleString('en-US')} tokens of context on average), concurrency ${c}, no speculation`,
      reference: otps, predicted: (batch / step) * 1e3, unit: 'tok/s', tolerance: FIT_TOL, why: FIT_WHY,
      note: `host.stepUs and host.perSeqUs of the trtllm profile are solved from this figure and the other concurrency's; host-bound: the kernels alone take ${gpu.toFixed(2)} ms per step, the host ${(batch / otps * 1e3).toFixed(2)} ms (the prompts' prefill, one 1,000-token prompt per 1,000 outputs, is left inside the per-token time)`,
      facts: { gpuMs: gpu, stepMs: step },
    });
  }

  // TensorRT-LLM through NIM: the baseline's batch curve (no speculation), Llama-3.1-8B on H100 in fp8 (the 70B row of the page matches H100 tp2 fp8).
  // NIM's serving path takes more host time per step than TensorRT-LLM's executor alone: one case parameter, fitted at concurrency 1.
  const nim = withConstants(resolveEngine('trtllm'), { stepUs: fit.nim.hostStepUs }, {});
  const trt = (batch: number): number => roundMs({ hw: h100, target: llama3, engine: nim, method: AR, batch, context: 1000, opts: { weightDtype: 'fp8', kvDtype: 'fp8' } }).ms;
  for (const [c, ms] of Object.entries(f.nimLlama8bItl)) {
    const inSample = c === '1';
    out.push({
      id: `trtllm-nim-llama3.1-8b-itl-c${c}`, source: 'nim benchmark page (v1.8.0), Llama-3.1-8B', sample: inSample ? 'in' : 'out',
      conditions: `TensorRT-LLM via NIM, H100 fp8 assumed, concurrency ${c}, 1,000 tokens of context assumed, no speculation; the trtllm profile with NIM's host time per step (${(fit.nim.hostStepUs / 1e3).toFixed(2)} ms, case parameter)`,
      reference: ms, predicted: trt(Number(c)), unit: 'ms', tolerance: inSample ? FIT_TOL : 0.15,
      why: inSample ? `${FIT_WHY}; NIM's host time per step (hidden by the overlap scheduler) is this figure, since concurrency 1 to 5 are flat` : 'out-of-sample; 15% since the GPU configuration and the context per request are not stated in the excerpt (1,000 tokens assumed; 2,000 would add about a third at concurrency 100)',
      note: `NIM's serving path around TensorRT-LLM needs ${(fit.nim.hostStepUs / 1e3).toFixed(2)} ms of host time per step at concurrency 1, where TensorRT-LLM's own executor takes ${((resolveEngine('trtllm').host.stepUs + resolveEngine('trtllm').host.perSeqUs) / 1e3).toFixed(2)} ms (B200 fit): a case parameter fitted on the concurrency-1 figure, not a profile constant; the per-request host time is the profile's`,
      facts: { nimHostStepUs: fit.nim.hostStepUs },
    });
  }
  out.push(...trtllmNgramCases());
  return out;
}
