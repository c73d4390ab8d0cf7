/**
 * Groq LPU (tensor-streaming processor) systems: weights live in on-chip SRAM,
 * so a model needs as many chips as its weights (and KV cache) fill, and the
 * layers are pipelined across them on a static schedule. Each layer costs a
 * fixed scheduling/synchronisation time that a pure SRAM roofline misses,
 * plus its math and SRAM traffic spread over the chips that hold it.
 */
import type { GroqProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { paramCount } from '../catalog/models.js';
import { kvCacheBytes } from './memory.js';
import { stepOperators, type CostOptions, type StepShape } from './operators.js';
import type { Bound, StepCost } from './step-cost.js';

/** Chips needed to hold the weights plus `kvBytes` of KV cache in SRAM. */
export function groqChips(hw: GroqProfile, model: ModelSpec, kvBytes = 0): number {
  const weights = paramCount(model).total * hw.weightBytesPerParam;
  return Math.max(1, Math.ceil((weights + kvBytes) / (hw.sramBytes * hw.sramUsable)));
}


export function groqStepCost(hw: GroqProfile, model: ModelSpec, shape: StepShape, o: CostOptions): StepCost {
  const kv = kvCacheBytes(model, shape.batch, shape.context + shape.tokens, o);
  const chips = groqChips(hw, model, kv);
  const layers = Math.max(1, model.layers);
  // Every operator's math and SRAM traffic is spread evenly over the system's chips;
  // on a static schedule compute and memory streams overlap (max, not sum).
  let flops = 0;
  let sramBytes = 0;
  for (const op of stepOperators(model, shape, { ...o, tp: 1 })) {
    if (op.kind === 'gemm') { flops += op.flops * op.repeat; sramBytes += (op.weightBytes / 2) * hw.weightBytesPerParam * op.repeat + op.actBytes * op.repeat; }
    else if (op.kind === 'attention') { flops += op.flops * op.repeat; sramBytes += (op.kvBytes + op.actBytes) * op.repeat; }
    else if (op.kind === 'elementwise') sramBytes += op.bytes * op.repeat;
  }
  const peak = (hw.weightBytesPerParam <= 1 ? hw.flopsPerS.int8 : hw.flopsPerS.fp16) * hw.computeEfficiency;
  const computeMs = (flops / (chips * peak)) * 1e3;
  const memoryMs = (sramBytes / (chips * hw.sramBwBytesPerS)) * 1e3;
  // Activations hop from chip to chip along the pipeline, over all links of a chip.
  const actBytes = shape.batch * shape.tokens * model.hidden * 2;
  const hops = chips - 1;
  const networkMs = (hops * (hw.hopUs / 1e3)) / Math.max(1, chips / layers) + (actBytes / (hw.links * hw.linkBwBytesPerS)) * 1e3 * Math.min(hops, layers);
  const fixedMs = (layers * hw.layerUs) / 1e3;
  const workMs = Math.max(computeMs, memoryMs);
  const breakdown = { layerFixed: fixedMs, [computeMs > memoryMs ? 'compute' : 'sram']: workMs, chipToChip: networkMs };
  const byBound: Record<Bound, number> = { compute: computeMs > memoryMs ? workMs : 0, memory: computeMs > memoryMs ? 0 : workMs, overhead: fixedMs, network: networkMs };
  const ms = fixedMs + workMs + networkMs;
  let bound: Bound = 'overhead';
  for (const k of Object.keys(byBound) as Bound[]) if (byBound[k] > byBound[bound]) bound = k;
  return { ms, bound, breakdown, byBound, flops, bytes: sramBytes };
}
