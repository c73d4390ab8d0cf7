/** Which tensor-parallel degrees a model and a profile allow (the hardware's backend decides). */
import type { HardwareProfile } from './backends/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { UserError } from '../errors.js';
import { backendOf } from './backends/index.js';
import { epOf, type CostOptions } from './operators.js';

/** Throws a UserError (at `where`) unless `tp` devices of `hw` can share `model`'s layers; tp 1 always can. */
export function checkParallelism(hw: HardwareProfile, model: ModelSpec, tp: number, where: string): void {
  if (tp === 1) return;
  backendOf(hw).checkParallelism(hw, model, tp, where);
}

/**
 * Throws a UserError (at `where`) unless the expert-parallel set-up is one
 * the engines run: EP needs a mixture-of-experts model whose experts split
 * evenly over `ep` GPUs, on GPUs with a link; without data-parallel
 * attention ep equals tp (EP inside the tensor-parallel group), with it ep is
 * a multiple of tp (ep / tp attention replicas).
 */
export function checkExpertParallelism(hw: HardwareProfile, model: ModelSpec, o: Pick<CostOptions, 'tp' | 'ep' | 'dpAttention'>, where: string): void {
  const ep = epOf(o);
  if (ep === 1 && o.dpAttention !== true) return;
  if (backendOf(hw).sizesItself) throw new UserError(`expert parallelism splits experts over GPUs; '${hw.id}' sizes itself from the model, so leave ep at 1`, where);
  if (o.dpAttention === true && ep < 2) throw new UserError('data-parallel attention needs ep of 2 or more (the GPUs the attention replicas and experts spread over)', where);
  const e = model.experts;
  if (!e) throw new UserError(`ep ${ep} needs a mixture-of-experts model; ${model.id} has no experts`, where);
  if (e.count % ep !== 0) throw new UserError(`ep ${ep} does not split the ${e.count} experts of ${model.id} evenly; use a divisor of ${e.count}`, where);
  if (o.dpAttention === true) {
    if (ep % o.tp !== 0) throw new UserError(`ep ${ep} is not a multiple of tp ${o.tp} (ep / tp attention replicas of tp GPUs each)`, where);
  } else if (ep !== o.tp) {
    throw new UserError(`without data-parallel attention ep must equal tp (experts split inside the tensor-parallel group); got ep ${ep}, tp ${o.tp}: set tp ${ep}, or add data-parallel attention`, where);
  }
  if ((hw as { link?: unknown }).link === undefined) throw new UserError(`profile '${hw.id}' has no 'link' for expert parallelism; add "link": { "bwBytesPerS", "collectiveUs" } or use ep 1`, where);
}
