/** Which tensor-parallel degrees a model and a profile allow. */
import type { HardwareProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { UserError } from '../errors.js';

/**
 * Throws a UserError unless `tp` GPUs can share `model`'s layers: attention
 * heads split evenly, KV heads split or replicate evenly, and the profile has
 * a GPU-to-GPU link. A Groq system's size follows from the model instead.
 */
export function checkParallelism(hw: HardwareProfile, model: ModelSpec, tp: number, where: string): void {
  if (tp === 1) return;
  if (hw.kind === 'groq') throw new UserError(`tp applies to GPUs; a ${hw.id} system's chip count follows from the model (use tp 1)`, where);
  if (!hw.link) throw new UserError(`profile '${hw.id}' has no 'link' for tensor parallelism; add "link": { "bwBytesPerS", "collectiveUs" } or use tp 1`, where);
  const kv = model.kvHeads;
  if (model.heads % tp !== 0 || (kv % tp !== 0 && tp % kv !== 0)) {
    const ok = [1, 2, 4, 8, 16, 32, 64].filter((t) => model.heads % t === 0 && (kv % t === 0 || t % kv === 0));
    throw new UserError(`tp ${tp} does not split the ${model.heads} attention heads (${kv} KV heads) of ${model.id} evenly; use one of ${ok.join(', ')}`, where);
  }
}
