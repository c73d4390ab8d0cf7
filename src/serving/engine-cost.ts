/**
 * The cost model as a serving engine runs it, memoized for the simulator:
 * the engine's fusion, CUDA-graph padding (engine-kernels.ts) and sampler on
 * every decode, verify and draft step.
 */
import { backendOf } from '../cost/backends/index.js';
import type { EngineProfile } from '../catalog/engine-schema.js';
import type { HardwareProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { CostOptions } from '../cost/operators.js';
import type { StepCost } from '../cost/step-cost.js';
import { cachedCost, type CostFn } from '../sim/cost-cache.js';
import { graphBatch, samplerMs, stepRole, withSampler } from './engine-kernels.js';

export interface EngineCostFn {
  /** The cost model as the engine runs it (same signature as the bare one). */
  cost: CostFn;
  /** Draft forward passes priced since the last `resetPasses` (for per-pass bookkeeping). */
  passes(): number;
  resetPasses(): void;
}

/**
 * The cost model as `engine` runs it on `hw`: the engine's fusion, graph
 * padding per role, eager launches beyond its graphs, and its sampler on
 * every decode/verify/draft step. With the `none` profile it returns the
 * bare cost model's own results.
 */
export function engineCost(hw: HardwareProfile, opts: CostOptions, engine: EngineProfile, targetId: string, speculating: boolean): EngineCostFn {
  const base: CostOptions = { ...opts, kernels: { attention: engine.kernels.attention, fusion: engine.kernels.fusion } };
  const graph = cachedCost(hw, { ...base, cudaGraphs: true });
  const eager = cachedCost(hw, { ...base, cudaGraphs: false });
  const sampled = new WeakMap<StepCost, StepCost>();
  let passes = 0;
  const cost = (model: ModelSpec, batch: number, tokens: number, context: number, phase: 'decode' | 'prefill'): StepCost => {
    if (phase === 'prefill') return graph(model, batch, tokens, context, phase);
    const role = stepRole(model, targetId, tokens);
    if (role === 'draft') passes++;
    const padded = backendOf(hw).capturesGraphs ? graphBatch(engine, role, batch, speculating) : batch;
    const c = padded !== undefined ? graph(model, padded, tokens, context, phase) : eager(model, batch, tokens, context, phase);
    let out = sampled.get(c);
    if (!out) sampled.set(c, (out = withSampler(c, samplerMs(engine, hw, model, (padded ?? batch) * tokens))));
    return out;
  };
  // Mixed steps (chunked prefill) run as captured by the engine's graphs, without padding or sampler: a mixed-step policy refines this.
  const priced: CostFn = Object.assign(cost, { mixed: graph.mixed });
  return { cost: priced, passes: () => passes, resetPasses: () => { passes = 0; } };
}
