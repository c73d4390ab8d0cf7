/**
 * Measured serving speeds: the H100 calibration measurements, NVIDIA's
 * published inter-token latencies (NIM, TensorRT-LLM) and Groq's published
 * single-user speeds.
 */
import type { GpuProfile } from '../catalog/hardware-schema.js';
import { resolveHardware } from '../hardware/resolve.js';
import { resolveModel } from '../catalog/models.js';
import { compareRows, meanAbsError, stepLabel } from '../calibrate/fit.js';
import type { MeasurementSet, StepMeasurement } from '../calibrate/measurements.js';
import type { GroqProfile } from '../catalog/hardware-schema.js';
import { GROQ_SPEED_TARGETS, targetMs } from '../cost/groq-calibrate.js';
import { groqSpeculationNeeded } from '../cost/groq-speculation.js';
import type { MethodSpec } from '../methods/index.js';
import { denseShape, iterationStep, pct, stepMs } from './common.js';
import { EAGLE_TOP1 } from './eagle.js';
import { expectedTokens } from './theory.js';
import type { CaseInput } from './types.js';

const ENGINE = 'TensorRT-LLM is modelled as CUDA-graph replay with the calibrated per-kernel cost and PyTorch-level kernel counts; its fused kernels (fewer launches per layer) are not modelled, which errs slow';

export function h100Cases(set: MeasurementSet): CaseInput[] {
  const h100 = resolveHardware('h100-sxm') as GpuProfile;
  const rows = compareRows(h100, set);
  const graphRows = rows.filter((r) => !r.group.startsWith('decode_eager'));
  const out: CaseInput[] = [{
    id: 'h100-calibration-mape',
    source: 'h100 calibration measurements (data/calibration/h100-measurements*.jsonl), graph-captured steps and GEMMs',
    conditions: `H100 SXM, llama2-7b and llama-68m shapes, bf16, ${graphRows.length} rows`,
    reference: 0,
    predicted: meanAbsError(graphRows),
    compare: 'absolute',
    unit: 'MAPE',
    tolerance: 0.05,
    why: 'the built-in profile is fitted to these rows, so a mean error above 5% would mean the cost model\'s structure cannot describe the card',
    note: 'in-sample: the h100-sxm efficiencies were fitted on these rows (`specsim calibrate`)',
  }];
  // One rule for every single-row case: 15%, the calibration issue's per-group held-out target
  // (the aggregate MAPE above holds the fit itself to 5%). The picks only choose which rows to show.
  const ROW_TOLERANCE = 0.15;
  const rowWhy = 'one rule for every calibration-row case: 15%, the per-group held-out target of the calibration work, so no row gets a tolerance of its own (the MAPE case above holds the whole fit to 5%)';
  const pick: [kind: StepMeasurement['kind'], model: string, batch: number, q: number, note?: string][] = [
    ['decode', 'llama2-7b', 1, 1],
    ['decode', 'llama2-7b', 1, 16],
    ['decode', 'llama2-7b', 64, 1],
    ['decode', 'llama-68m', 1, 1],
    ['decode_eager', 'llama2-7b', 16, 1, eagerNote(rows)],
    ['decode_eager', 'llama-68m', 1, 1],
  ];
  for (const [kind, model, batch, q, extra] of pick) {
    const m = set.steps.find((s) => s.kind === kind && s.model === model && s.batch === batch && s.q === q && s.ctx === 512);
    const r = m && rows.find((x) => x.label === stepLabel(m));
    if (!m || !r) continue;
    out.push({
      id: `h100-${r.label.replaceAll(' ', '-')}`,
      source: 'h100 calibration measurements, one row',
      conditions: `H100 SXM, ${m.model}, batch ${m.batch}, ${m.q} new token${m.q === 1 ? '' : 's'} per sequence, ${m.ctx} tokens of context, bf16, ${m.kind === 'decode_eager' ? 'eager PyTorch' : 'CUDA graph'}`,
      reference: r.measuredMs,
      predicted: r.predictedMs,
      unit: 'ms',
      tolerance: ROW_TOLERANCE,
      why: rowWhy,
      note: `in-sample: this row was part of the fit${extra ? `; ${extra}` : ''}`,
    });
  }
  return out;
}

/**
 * Why the batch-1 eager llama2-7b row is not a case: it is slower than the
 * batch-16 eager row, which no model whose host and GPU times grow with batch can fit.
 */
function eagerNote(rows: ReturnType<typeof compareRows>): string {
  const b1 = rows.find((x) => x.label === 'decode_eager llama2-7b b1 q1 ctx512');
  const b16 = rows.find((x) => x.label === 'decode_eager llama2-7b b16 q1 ctx512');
  const g1 = rows.find((x) => x.label === 'decode llama2-7b b1 q1 ctx512');
  if (!b1 || !b16 || !g1) return '';
  return `the batch-1 eager row (${b1.measuredMs.toFixed(2)} ms measured, ${b1.predictedMs.toFixed(2)} ms predicted, ${pct(b1.error)}) is not used as a case: it is slower than this batch-16 eager row (${b16.measuredMs.toFixed(2)} ms), although the host launch time of an eager step cannot fall with batch and the GPU time rises (graph-captured ${g1.measuredMs.toFixed(2)} ms at batch 1); the two rows are mutually inconsistent, so no monotone model fits both, and the fitted per-kernel host cost lands on the batch-16 row`;
}

export function nvidiaCases(): CaseInput[] {
  const h100 = resolveHardware('h100-sxm') as GpuProfile;
  const a100 = resolveHardware('a100-sxm') as GpuProfile;
  const out: CaseInput[] = [];
  const l8 = resolveModel('llama3.1-8b');
  out.push({
    id: 'nim-llama3.1-8b-itl',
    source: 'nim (NVIDIA NIM benchmarks), Llama-3.1-8B inter-token latency 4.4–4.6 ms',
    conditions: '1× H100 SXM, concurrency 1, TensorRT-LLM, fp8 weights and KV (NIM\'s H100 latency profile), ~1,000 tokens of context',
    reference: 4.5,
    predicted: stepMs(h100, l8, { context: 1000, weightDtype: 'fp8', kvDtype: 'fp8' }),
    unit: 'ms',
    tolerance: 0.1,
    why: 'the reference is itself a 4.4–4.6 ms range and the serving engine\'s kernels are approximated by the calibrated PyTorch ones',
    note: `${ENGINE}; fp8 is an assumption about the NIM profile (bf16 would give ${stepMs(h100, l8, { context: 1000 }).toFixed(2)} ms)`,
  });
  out.push({
    id: 'nim-llama3.3-70b-tp2-itl',
    source: 'nim (NVIDIA NIM benchmarks), Llama-3.3-70B inter-token latency 18.58 ms',
    conditions: '2× H100 SXM, TP 2, fp8, concurrency 1, TensorRT-LLM, ~1,000 tokens of context',
    reference: 18.58,
    predicted: stepMs(h100, resolveModel('llama3.1-70b'), { context: 1000, weightDtype: 'fp8', kvDtype: 'fp8', tp: 2 }),
    unit: 'ms',
    tolerance: 0.1,
    why: 'a memory-bound step over NVLink whose bandwidth and all-reduce cost come from datasheet and NCCL figures, not from a fit, so 10% rather than the calibration\'s 5%',
    note: `${ENGINE}; Llama-3.3-70B has the Llama-3.1-70B shape`,
  });
  // GPT-J 6B: hidden 4096, 28 layers, 16 heads (head dim 256), vocab 50400, non-gated MLP of 16384.
  const gptj = denseShape('gpt-j-6b', { hidden: 4096, layers: 28, heads: 16, headDim: 256, gatedFfn: (2 * 16384) / 3, vocab: 50400 });
  const gptjNote = 'GPT-J 6B written as a decoder shape: hidden 4096, 28 layers, 16 heads of 256, vocab 50400, its 2-matrix MLP of 16384 as a gated MLP of 10923 (same weights); GPT-J\'s parallel attention/MLP block is run sequentially, as the cost model does';
  // The 2023 blog's tokens/s include TensorRT-LLM's per-token runtime cost (Python generation
  // session, sampling, host synchronisation), which a CUDA-graph step does not: one explicit
  // per-token overhead, fitted jointly on the two GPT-J figures (least squares in log time).
  const gptjCases: [id: string, hw: GpuProfile, dtype: 'fp8' | 'fp16', ref: number, cond: string][] = [
    ['trtllm-gptj-6b-h100-fp8', h100, 'fp8', 185, '1× H100 SXM, batch 1, fp8 weights, ~512 tokens of context'],
    ['trtllm-gptj-6b-a100-fp16', a100, 'fp16', 111, '1× A100 SXM 80GB, batch 1, fp16, ~512 tokens of context'],
  ];
  const gptjStep = gptjCases.map(([, hw, dtype]) => stepMs(hw, gptj, { weightDtype: dtype }));
  const overheadMs = fitRuntimeOverheadMs(gptjStep, gptjCases.map(([, , , ref]) => 1000 / ref));
  gptjCases.forEach(([id, , dtype, ref, cond], i) => {
    const gpu = gptjStep[i]!;
    out.push({
      id,
      source: `trtllm (TensorRT-LLM blog, 2023), GPT-J 6B batch 1: ${ref} tok/s on ${id.includes('h100') ? 'H100 FP8' : 'A100 FP16'}`,
      conditions: `${cond}; runtime overhead ${overheadMs.toFixed(2)} ms per token (case parameter)`,
      reference: ref,
      predicted: 1000 / (gpu + overheadMs),
      unit: 'tok/s',
      tolerance: 0.15,
      why: 'the blog gives neither sequence lengths nor engine version and the model shape is approximated; the one runtime-overhead parameter is fitted on these two figures, so 15% bounds what one shared constant leaves unexplained',
      facts: { runtimeOverheadMs: overheadMs, gpuStepMs: gpu },
      note: `${ENGINE}; plus an explicit per-token runtime overhead of ${overheadMs.toFixed(2)} ms (TensorRT-LLM 2023's Python generation session, sampling and host synchronisation, which the CUDA-graph step does not contain), fitted jointly on both GPT-J cases by least squares in log time and applied to both, so these two cases are in-sample for that one parameter; GPU step ${gpu.toFixed(2)} ms (${dtype}), ${(1000 / gpu).toFixed(0)} tok/s without the overhead; ${gptjNote}`,
    });
  });
  return out;
}

/** The per-token overhead o ≥ 0 minimising Σ ln((stepMs + o) / refMs)², by bisection on its derivative. */
export function fitRuntimeOverheadMs(stepMsList: readonly number[], refMsList: readonly number[]): number {
  const grad = (o: number): number => stepMsList.reduce((g, s, i) => g + Math.log((s + o) / refMsList[i]!) / (s + o), 0);
  if (grad(0) >= 0) return 0;
  let lo = 0, hi = Math.max(...refMsList);
  for (let i = 0; i < 60; i++) { const mid = (lo + hi) / 2; if (grad(mid) < 0) lo = mid; else hi = mid; }
  return (lo + hi) / 2;
}

/** The EAGLE-3-class drafter assumed for Groq's speculative case: EAGLE-3's published Llama-3.1-8B τ and an EAGLE-2/3-style dynamic tree. */
export const GROQ_EAGLE3 = { tau: 6.13, nodes: 60, depth: 7, topK: 10 } as const;

export function groqCases(): CaseInput[] {
  const groq = resolveHardware('groq-lpu');
  const speeds: [id: string, name: string, ref: number][] = [
    ['llama2-70b', 'Llama-2-70B', 300], ['mixtral-8x7b', 'Mixtral 8x7B', 480], ['llama2-7b', 'Llama-2-7B', 750],
  ];
  const cases: CaseInput[] = speeds.map(([id, name, ref]) => {
    const target = GROQ_SPEED_TARGETS.find((t) => t.model === id);
    const bracket = target && typeof target.ms !== 'number' ? target.ms : undefined;
    const tps = (ms: number): string => (1000 / ms).toFixed(0);
    return {
      id: `groq-${id}-single-user`,
      source: 'groq (press, Feb 2024, secondary): single-user tokens/s',
      conditions: `GroqCloud LPU system, ${name}, batch 1, weights at ~8 bits`,
      reference: ref,
      predicted: 1000 / stepMs(groq, resolveModel(id)),
      unit: 'tok/s',
      tolerance: 0.2,
      why: bracket
        ? `a secondary, rounded press figure ("~${ref}") over a network API, so wider than the GPU cases; the case checks the press figure alone, although the calibration aims below it (see the note)`
        : `a secondary, rounded press figure ("~${ref}") over a network API, so wider than the GPU cases`,
      note: bracket
        ? `the Groq profile's fixed per-block cost is calibrated on the published single-user speeds (calibrateGroq, src/cost/groq-calibrate.ts), so agreement is partly in-sample; for ${name} it targets not ${ref} tok/s but the log-midpoint ${targetMs(target!).toFixed(2)} ms (${tps(targetMs(target!))} tok/s) of the press figure (${bracket[0].toFixed(2)} ms, ${tps(bracket[0])} tok/s) and an independent measurement (${bracket[1]} ms inter-token latency, ${tps(bracket[1])} tok/s), so the prediction is expected to fall short of ${ref} tok/s (calibration target: ${target!.source})`
        : 'the Groq profile\'s fixed per-block cost is calibrated on these published speeds (calibrateGroq, src/cost/groq-calibrate.ts), so agreement is partly in-sample',
    };
  });
  // The speculative jump: Llama-3.1-70B 250 → ~1,660 tok/s (secondary).
  const spec = groqSpeculationNeeded(groq as GroqProfile);
  cases.push({
    id: 'groq-llama3.1-70b-single-user',
    source: 'groq (secondary): Llama-3.1-70B ~250 tok/s per user without speculation',
    conditions: 'GroqCloud LPU system, Llama-3.1-70B, batch 1, 512 tokens of context',
    reference: spec.reference.baselineTokPerS,
    predicted: spec.baselineTokPerS,
    unit: 'tok/s',
    tolerance: 0.2,
    why: 'a secondary, rounded figure over a network API',
  });
  // The speculative jump with an EAGLE-3-class tree drafter (Groq has not published its drafter).
  const target = resolveModel('llama3.1-70b');
  const { tau, nodes, depth, topK } = GROQ_EAGLE3;
  // The eagle method's own iteration (a dynamic tree: the τ tokens accepted last round, then top-k per depth; nodes + 1 verified),
  // and its verify step alone: the Groq model streams those rows through the static pipeline in chunks, as it does a prompt.
  const tree: MethodSpec = { kind: 'eagle', tree: { kind: 'dynamic', depth, topK, nodes }, acceptance: { kind: 'iid', alpha: EAGLE_TOP1 } };
  const round = iterationStep(groq, target, tree, { lastEmitted: Math.round(tau) });
  const verifyMs = round.verifyMs;
  const draftMs = round.ms - round.verifyMs;
  const eagle = spec.drafts.find((d) => d.draft.endsWith('+eagle'))!;
  let chainTokPerS = 0;
  let chainGamma = 0;
  for (const g of eagle.perGamma) {
    const tps = (1000 * expectedTokens(EAGLE_TOP1, g.gamma)) / (g.gamma * eagle.draftMs + g.verifyMs);
    if (tps > chainTokPerS) { chainTokPerS = tps; chainGamma = g.gamma; }
  }
  const eagleSame = spec.drafts.find((d) => d.draft.endsWith('+eagle') && d.placement === 'same-chips');
  const alt = spec.drafts.filter((d) => d.best && d.placement === 'same-chips').map((d) => `${d.draft} needs α ≥ ${d.best!.alpha.toFixed(3)} at γ ${d.best!.gamma}`);
  cases.push({
    id: 'groq-llama3.1-70b-speculative',
    source: 'groq (secondary): Llama-3.1-70B 250 → ~1,660 tok/s per user with speculative decoding',
    conditions: `GroqCloud LPU system, Llama-3.1-70B target, EAGLE-3-class draft (llama3.1-70b+eagle shape) with a dynamic tree of ${nodes} nodes, depth ${depth}, top-k ${topK}, verified on the target's chips; τ ${tau} (EAGLE-3 paper, Llama-3.1-8B, MT-bench, T = 0); batch 1, 512 tokens of context`,
    reference: spec.reference.specTokPerS,
    predicted: (1000 * tau) / (verifyMs + draftMs),
    unit: 'tok/s',
    tolerance: 0.3,
    why: 'a secondary figure with no published drafter, tree or acceptance: τ is EAGLE-3\'s published Llama-3.1-8B figure (the closest Llama-3.1 one, not the 70B\'s), the tree shape is assumed, and the Groq per-block cost is fitted on other secondary figures, so 30%, beyond the 25% default for that reason',
    facts: { tau, nodes, depth, topK, tauNeeded: (spec.reference.specTokPerS * (verifyMs + draftMs)) / 1000, chainAcceptance: EAGLE_TOP1, chainTokPerS, ...(eagleSame?.best ? { chainAlphaNeeded: eagleSame.best.alpha, chainAlphaNeededGamma: eagleSame.best.gamma } : {}) },
    note: `Groq cost model (the eagle method's own iteration priced on groq-lpu): verifying ${nodes + 1} tokens costs ${verifyMs.toFixed(2)} ms (the rows stream through the pipeline in chunks), plus ${depth} EAGLE draft steps (the ${Math.round(tau)} tokens accepted last round, then ${topK} each) ${draftMs.toFixed(2)} ms, against ${spec.baselineMs.toFixed(2)} ms per token without speculation; 1,660 tok/s would need τ ≥ ${((spec.reference.specTokPerS * (verifyMs + draftMs)) / 1000).toFixed(2)} with this tree (at most ${depth + 1} tokens per step at depth ${depth}). A chain draft instead (groqSpeculationNeeded, src/cost/groq-speculation.ts): at EAGLE's chain acceptance ${EAGLE_TOP1} the best γ ${chainGamma} gives ${chainTokPerS.toFixed(0)} tok/s, and reaching 1,660 tok/s ${alt.length ? alt.join('; ') : 'is out of reach at any acceptance'}; Llama-3.2-1B and Llama-3.1-8B chain drafts cannot reach it at any acceptance (ceilings ${spec.drafts.filter((d) => !d.best && d.placement === 'same-chips').map((d) => d.ceilingTokPerS.toFixed(0)).join(', ')} tok/s)`,
  });
  return cases;
}

export { pct };
