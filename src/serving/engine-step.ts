/**
 * One step as an engine runs it, for `specsim cost --engine`: the kernels
 * (fused, padded to the captured batch, eager beyond the graphs), the
 * sampler, the host time not hidden behind the GPU and, for a verify step
 * (tokens > 1), the speculation bookkeeping of its round without draft
 * passes. Breakdown entries `sampler`, `scheduler` (the engine's host time), `speculation` and
 * `graphPadding` (the batch the graph ran at, minus the real one, as ms of
 * the padded step over the unpadded one) sum with the kernels to `ms`.
 */
import { backendOf } from '../cost/backends/index.js';
import type { EngineProfile } from '../catalog/engine-schema.js';
import type { HardwareProfile } from '../cost/backends/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { DEFAULT_COST_OPTIONS, type CostOptions, type StepShape } from '../cost/operators.js';
import { stepCost, type StepCost } from '../cost/step-cost.js';
import { engineKernels, graphBatch, samplerMs, stepRole, withSampler } from './engine-kernels.js';
import { hostMs, hostOverlaps, speculationMs } from './engine-method.js';

export function engineStepCost(hw: HardwareProfile, model: ModelSpec, shape: StepShape, opts: Partial<CostOptions>, engine: EngineProfile): StepCost {
  const o: CostOptions = { ...DEFAULT_COST_OPTIONS, ...opts, kernels: engineKernels(engine, hw) };
  if (shape.phase === 'prefill') return stepCost(hw, model, shape, o);
  const role = stepRole(model, model.id, shape.tokens);
  const speculating = shape.tokens > 1;
  const padded = backendOf(hw).capturesGraphs ? graphBatch(engine, role, shape.batch, speculating, shape.tokens) : shape.batch;
  const exact = stepCost(hw, model, shape, { ...o, cudaGraphs: padded !== undefined });
  let c = padded !== undefined && padded !== shape.batch ? stepCost(hw, model, { ...shape, batch: padded }, { ...o, cudaGraphs: true }) : exact;
  const breakdown: Record<string, number> = { ...c.breakdown };
  if (c !== exact) breakdown.graphPadding = c.ms - exact.ms;
  // Keep the kernels' own entries those of the real batch, so padding shows once.
  if (c !== exact) for (const k of Object.keys(exact.breakdown)) breakdown[k] = exact.breakdown[k]!;
  c = withSampler({ ...c, breakdown }, samplerMs(engine, hw, model, (padded ?? shape.batch) * shape.tokens));
  const host = hostMs(engine, shape.batch);
  const visibleHost = hostOverlaps(engine, speculating) ? Math.max(0, host - c.ms) : host;
  const spec = speculating ? speculationMs(engine, 0, shape.batch, shape.tokens) : 0;
  const extra = visibleHost + spec;
  if (extra === 0) return c;
  return {
    ...c,
    ms: c.ms + extra,
    breakdown: { ...c.breakdown, scheduler: visibleHost, speculation: spec },
    byBound: { ...c.byBound, overhead: c.byBound.overhead + extra },
  };
}
