/**
 * Mixture-of-experts verification: verifying more draft tokens per step
 * reaches more distinct routed experts, so a MoE target's verification costs
 * more than its one-token decode even at batch 1, where a dense target's
 * hardly does. The reference is the closed form of the expected distinct
 * experts under uniform top-k routing (cost/moe.ts); the prediction is the
 * cost model's time of the routed-expert operators.
 */
import type { GpuProfile } from '../catalog/hardware-schema.js';
import { resolveHardware } from '../hardware/resolve.js';
import { resolveModel } from '../catalog/models.js';
import { distinctExperts, type CostOptions } from '../cost/operators.js';
import { stepCost } from '../cost/step-cost.js';
import type { CaseInput } from './types.js';

/** SGLang-class kernels (paged FlashInfer attention, fused elementwise), fp8 weights as DeepSeek-V3 ships them. */
const OPTS: Partial<CostOptions> = { tp: 8, weightDtype: 'fp8', kernels: { attention: 'paged-flashinfer', fusion: 'fused' } };

export function moeCases(): CaseInput[] {
  const hw = resolveHardware('h200-sxm') as GpuProfile;
  const v3 = resolveModel('deepseek-v3');
  const dense = resolveModel('llama3.1-70b');
  const e = v3.experts!;
  const context = 4096;
  const at = (model: typeof v3, tokens: number) => stepCost(hw, model, { batch: 1, tokens, context, phase: 'decode' }, OPTS);
  const one = at(v3, 1);
  const facts: Record<string, number> = {};
  for (const q of [2, 4, 8]) {
    facts[`stepRatioQ${q}`] = at(v3, q).ms / one.ms;
    facts[`denseStepRatioQ${q}`] = at(dense, q).ms / at(dense, 1).ms;
    facts[`distinctExpertsQ${q}`] = distinctExperts(e.count, e.topK, q);
  }
  const q = 4;
  const expertsRatio = (at(v3, q).breakdown.experts ?? NaN) / (one.breakdown.experts ?? NaN);
  return [{
    id: 'moe-verify-experts-deepseek-v3-q4',
    source: 'theory: expected distinct experts of uniform top-k routing, count·(1 − (1 − k/count)^tokens)',
    conditions: `deepseek-v3 (256 routed experts, top-8, 58 MoE layers), h200-sxm × 8 (tp 8), fp8 weights, SGLang-class kernels, batch 1, context ${context}: routed-expert time of verifying ${q} tokens over decoding 1`,
    reference: distinctExperts(e.count, e.topK, q) / e.topK,
    predicted: expertsRatio,
    tolerance: 0.15,
    unit: '× expert time',
    why: 'at batch 1 the expert GEMMs stream their weights (memory-bound), so their time should follow the distinct experts read; 15% covers the soft roofline and the rows per expert growing from 1',
    note: `whole step: ${facts['stepRatioQ4']!.toFixed(2)}× at 4 tokens, ${facts['stepRatioQ8']!.toFixed(2)}× at 8 (a dense llama3.1-70b on the same GPUs: ${facts['denseStepRatioQ4']!.toFixed(2)}×, ${facts['denseStepRatioQ8']!.toFixed(2)}×); uniform routing is an upper bound (tokens of one sequence often share experts)`,
    facts,
    sample: 'out',
  }];
}
