/**
 * The feed-forward half of a mixture-of-experts decoder: dense MLP layers
 * (DeepSeek's first `first_k_dense_replace` layers) and MoE layers (router,
 * the routed experts the step's tokens reach, shared experts every token
 * passes through), split over `tp` devices (each expert's intermediate split,
 * as vLLM and SGLang do without expert parallelism).
 *
 * Routed experts are read once per step for every expert at least one token
 * is sent to. With `rows` tokens each routed to topK of `count` experts
 * uniformly and independently, an expert is missed by one token with
 * probability 1 − topK/count, so the expected number of distinct experts hit
 * is count·(1 − (1 − topK/count)^rows) (`distinctExperts`). With expert parallelism (`ep`) each GPU
 * holds count/ep whole experts and computes them for the tokens of the whole step routed there; with
 * data-parallel attention the tokens travel to those GPUs and back (an all-to-all each way). Verifying more
 * draft tokens per sequence therefore reads more expert weights: at batch 1
 * on DeepSeek-V3 one token reaches 8 of 256 experts, five reach ~38. Real
 * routers are correlated within a sequence (neighbouring tokens often share
 * experts), so this is an upper bound on the experts a verification adds.
 */
import type { ModelSpec } from '../catalog/model-schema.js';
import { expertIntermediate, moeLayerCount } from '../catalog/layer-params.js';
import { ACT_BYTES, WEIGHT_BYTES, distinctExperts, elementwise, epOf, gemm, remoteGpusPerToken, type CostOptions, type ElementwiseOp, type Op } from './op-types.js';

/** A gated MLP of intermediate `inter` on `m` rows, split over `tp` devices. */
function gatedMlp(group: 'mlp' | 'sharedExperts', m: number, h: number, inter: number, o: CostOptions, repeat: number, fused: boolean, act: ElementwiseOp['rate']): Op[] {
  const wb = WEIGHT_BYTES[o.weightDtype];
  return [
    gemm(group, repeat, m, (2 * inter) / o.tp, h, wb),
    // SiLU(gate) · up: two strided kernels (5 passes), or one fused (read 2, write 1).
    elementwise(group, repeat, fused ? 1 : 2, (fused ? 3 : 5) * m * (inter / o.tp) * ACT_BYTES, act),
    gemm(group, repeat, m, h, inter / o.tp, wb),
  ];
}

/**
 * FFN operators of `repeat` decoder layers on `m` rows: the model's dense
 * layers run the dense MLP, its MoE layers the router, routed and shared
 * experts. (The all-reduce after the FFN is the caller's.)
 */
/** `m`: rows this GPU's attention replica holds; `allRows`: rows of the whole step (every replica's). */
export function moeFfnOps(model: ModelSpec, m: number, o: CostOptions, repeat: number, fused: boolean, act: ElementwiseOp['rate'], allRows = m): Op[] {
  const e = model.experts;
  if (!e) throw new Error(`moeFfnOps: ${model.id} has no experts`);
  const h = model.hidden;
  const wb = WEIGHT_BYTES[o.weightDtype];
  // `repeat` counts layers (the model's, or fewer for a partial stack); dense and MoE layers keep the model's proportion.
  const moeRepeat = model.layers > 0 ? (repeat * moeLayerCount(model)) / model.layers : repeat;
  const denseRepeat = repeat - moeRepeat;
  const ops: Op[] = [];
  if (denseRepeat > 0) ops.push(...gatedMlp('mlp', m, h, model.intermediate, o, denseRepeat, fused, act));
  if (moeRepeat <= 0) return ops;

  const { count, topK } = e;
  const inter = expertIntermediate(model);
  ops.push(gemm('router', moeRepeat, m, count, h, wb));
  // Top-k softmax (or sigmoid), token sort/alignment: small routing kernels.
  ops.push(elementwise('router', moeRepeat, 3, m * count * 4 + m * topK * 8));
  const ep = epOf(o);
  if (ep > 1) {
    // Expert parallelism: this GPU holds count/ep whole experts and computes them for the tokens
    // of the whole step (every replica's) routed to them: rows·topK/ep token-expert pairs.
    const rows = Math.max(m, allRows);
    const local = count / ep;
    const hitLocal = local * (1 - Math.pow(1 - topK / count, rows));
    const pairs = (rows * topK) / ep;
    const remote = o.dpAttention === true ? remoteGpusPerToken(count, topK, ep) : 0;
    // Dispatch: each local token to the other GPUs holding its experts (bf16 hidden state).
    if (remote > 0) ops.push({ kind: 'alltoall', group: 'allToAll', repeat: moeRepeat, kernels: 1, bytes: m * h * ACT_BYTES * remote, ep });
    ops.push(gemm('experts', moeRepeat, pairs / hitLocal, 2 * inter, h, wb, hitLocal));
    ops.push(elementwise('experts', moeRepeat, fused ? 1 : 2, (fused ? 3 : 5) * pairs * inter * ACT_BYTES, act));
    ops.push(gemm('experts', moeRepeat, pairs / hitLocal, h, inter, wb, hitLocal));
    // Combine: the experts' outputs back to their tokens' GPUs.
    if (remote > 0) ops.push({ kind: 'alltoall', group: 'allToAll', repeat: moeRepeat, kernels: 1, bytes: m * h * ACT_BYTES * remote, ep });
  } else {
    const hit = distinctExperts(count, topK, m);
    const mPerExpert = (m * topK) / hit;
    ops.push(gemm('experts', moeRepeat, mPerExpert, (2 * inter) / o.tp, h, wb, hit));
    ops.push(elementwise('experts', moeRepeat, fused ? 1 : 2, (fused ? 3 : 5) * m * topK * (inter / o.tp) * ACT_BYTES, act));
    ops.push(gemm('experts', moeRepeat, mPerExpert, h, inter / o.tp, wb, hit));
  }
  ops.push(elementwise('experts', moeRepeat, 1, m * topK * h * ACT_BYTES * 2)); // weighted sum of expert outputs
  const shared = e.sharedIntermediate ?? 0;
  if (shared > 0) ops.push(...gatedMlp('sharedExperts', m, h, shared, o, moeRepeat, fused, act));
  return ops;
}
