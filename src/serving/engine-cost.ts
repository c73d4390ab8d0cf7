/**
 * The cost model as a serving engine runs it, memoized for the simulator:
 * the engine's fusion, CUDA-graph padding (engine-kernels.ts) and sampler on
 * every decode, verify and draft step.
 */
import { backendOf } from '../cost/backends/index.js';
import type { EngineProfile } from '../catalog/engine-schema.js';
import type { HardwareProfile } from '../cost/backends/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { CostOptions, StepShape } from '../cost/operators.js';
import type { StepCost } from '../cost/step-cost.js';
import { cachedCost, type CostFn } from '../sim/cost-cache.js';
import { engineKernels, graphBatch, largestCapture, samplerMs, stepRole, withSampler } from './engine-kernels.js';

/** A draft model priced at options of its own (its tp and dtype: methods/deployment.ts). */
export interface DraftOptions {
  /** The drafter's models (every pass of it) priced at `opts`. */
  modelIds: readonly string[];
  opts: CostOptions;
}

export interface EngineCostFn {
  /** The cost model as the engine runs it (same signature as the bare one). */
  cost: CostFn;
  /** Draft forward passes priced since the last `resetPasses` (for per-pass bookkeeping). */
  passes(): number;
  resetPasses(): void;
}

/**
 * The cost model as `engine` runs it on `hw`: the engine's kernels for the GPU's architecture, graph
 * padding per role, eager launches beyond its graphs, and its sampler on
 * every decode/verify/draft step. With the `none` profile it returns the
 * bare cost model's own results. `draft`: a draft model priced at its own
 * options (tp, dtype) instead of the target's.
 */
export function engineCost(hw: HardwareProfile, opts: CostOptions, engine: EngineProfile, targetId: string, speculating: boolean, draft?: DraftOptions): EngineCostFn {
  const kernels = engineKernels(engine, hw);
  const withKernels = (o: CostOptions): CostOptions => ({ ...o, kernels });
  const base = withKernels(opts);
  const graph = cachedCost(hw, { ...base, cudaGraphs: true });
  const eager = cachedCost(hw, { ...base, cudaGraphs: false });
  // A draft deployed at its own tp or dtype has caches of its own, picked by its model id.
  const own = draft ? withKernels(draft.opts) : undefined;
  const draftGraph = own ? cachedCost(hw, { ...own, cudaGraphs: true }) : graph;
  const draftEager = own ? cachedCost(hw, { ...own, cudaGraphs: false }) : eager;
  const draftIds = new Set(draft?.modelIds ?? []);
  const sampled = new WeakMap<StepCost, StepCost>();
  let passes = 0;
  const cost = (model: ModelSpec, batch: number, tokens: number, context: number, phase: 'decode' | 'prefill', tree?: boolean): StepCost => {
    const mine = draftIds.has(model.id);
    if (phase === 'prefill') return (mine ? draftGraph : graph)(model, batch, tokens, context, phase);
    const role = stepRole(model, targetId, tokens);
    if (role === 'draft') passes++;
    const padded = backendOf(hw).capturesGraphs ? graphBatch(engine, role, batch, speculating, tokens) : batch;
    const c = padded !== undefined ? (mine ? draftGraph : graph)(model, padded, tokens, context, phase, tree) : (mine ? draftEager : eager)(model, batch, tokens, context, phase, tree);
    let out = sampled.get(c);
    if (!out) sampled.set(c, (out = withSampler(c, samplerMs(engine, hw, model, (padded ?? batch) * tokens))));
    return out;
  };
  const priced: CostFn = Object.assign(cost, { mixed: (model: ModelSpec, groups: readonly StepShape[]) => mixedCost(model, groups) });
  /**
   * A step mixing prefill chunks with decode/verify rows (chunked prefill).
   * No engine replays it from a full CUDA graph: vLLM V1 runs it piecewise
   * (the layers between attentions from graphs captured per token count,
   * attention eager) when its tokens fit the largest captured size, eagerly
   * above; TensorRT-LLM and SGLang run context chunks eagerly. Priced as one
   * step from graphs when piecewise applies, else eagerly (whose host time
   * shows only when it exceeds the GPU's); padding to the captured token count
   * is left out (under 16 tokens of hundreds). Sampled: every decode/verify
   * row and one row per chunk (the engine computes logits at each request's
   * last scheduled token).
   */
  const mixedCost = (model: ModelSpec, groups: readonly StepShape[]): StepCost => {
    let rows = 0;
    let sampledRows = 0;
    for (const g of groups) { rows += g.batch * g.tokens; sampledRows += g.phase === 'prefill' ? g.batch : g.batch * g.tokens; }
    const piecewise = backendOf(hw).capturesGraphs && engine.cudaGraphs.target && engine.cudaGraphs.unit === 'tokens' && rows <= largestCapture(engine);
    const mine = draftIds.has(model.id);
    const c = (piecewise ? (mine ? draftGraph : graph) : (mine ? draftEager : eager)).mixed(model, groups);
    let out = sampled.get(c);
    if (!out) sampled.set(c, (out = withSampler(c, samplerMs(engine, hw, model, sampledRows))));
    return out;
  };
  return { cost: priced, passes: () => passes, resetPasses: () => { passes = 0; } };
}
