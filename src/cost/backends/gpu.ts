/**
 * GPUs: a step is its operators timed on the GPU (`gpu-step.ts`, `gpu.ts`);
 * tensor parallelism over `tp` GPUs splits weights and KV heads. The profile
 * schema is `catalog/hardware-schema.ts`'s; a datasheet-only profile takes its
 * kernel efficiencies from the measured one it names (`catalog/efficiency.ts`).
 */
import { resolveEfficiency } from '../../catalog/efficiency.js';
import { gpuSchemas, type GpuProfile, type GpuProfileFile } from '../../catalog/hardware-schema.js';
import { paramCount } from '../../catalog/model-catalog.js';
import { UserError } from '../../errors.js';
import type { HardwareBackend } from '../backend.js';
import { explainKernels } from '../explain.js';
import { gpuStepCost } from '../gpu-step.js';
import { kvCacheBytes, kvShareOnDevice } from '../kv-cache.js';
import { WEIGHT_BYTES, attentionReplicas, devicesOf, epOf } from '../operators.js';
import { routedExpertParams } from '../../catalog/layer-params.js';

/** A measured profile: its own efficiencies, not inherited (what `efficiencyFrom` may name). */
const measuredGpu = (h: { kind: string; efficiencyFrom?: string }): boolean => h.kind === 'gpu' && h.efficiencyFrom === undefined;

export const gpuBackend: HardwareBackend<GpuProfile, GpuProfileFile> = {
  kind: 'gpu',
  profileSchema: (z) => gpuSchemas(z).GpuProfileFileSchema,
  basedOn: (file) => file.efficiencyFrom,
  completeProfile: (file, where, others) => resolveEfficiency(file, where, (id) => others.byId(id), () => others.all().filter(measuredGpu).map((h) => h.id)),
  explainKernels,
  sizesItself: false,
  deviceUnit: 'device',
  capturesGraphs: true,
  samplerBytesPerMs: (hw) => (hw.memBwBytesPerS * hw.efficiency.memBw) / 1e3,
  stepCost: gpuStepCost,
  weightBytesPerParam: (_hw, o) => WEIGHT_BYTES[o.weightDtype],

  memoryFootprint(hw, all, load, o) {
    const tp = o.tp;
    const ep = epOf(o);
    const replicas = attentionReplicas(o);
    // Routed experts split over ep GPUs (whole experts); everything else over the tp GPUs of an attention replica.
    const params = all.reduce((s, m) => {
      const routed = ep > 1 ? routedExpertParams(m) : 0;
      return s + (paramCount(m).total - routed) / tp + routed / ep;
    }, 0);
    const weights = params * WEIGHT_BYTES[o.weightDtype];
    // Each model's KV heads split over the tp devices (kvShareOnDevice: MLA's latent is whole on every device);
    // with data-parallel attention a GPU keeps only its replica's sequences.
    const perSeqDev = all.reduce((s, m) => s + kvCacheBytes(m, 1, load.contextTokens, o) * kvShareOnDevice(m, tp), 0);
    const capacity = hw.memoryBytes - hw.reservedBytes;
    const kv = perSeqDev * Math.ceil(load.batch / replicas);
    // Heads alone (Medusa) keep no KV cache: any batch fits that the weights do.
    const maxBatch = perSeqDev > 0 ? Math.max(0, Math.floor((capacity - weights) / perSeqDev)) * replicas : weights <= capacity ? null : 0;
    return { devices: devicesOf(o), weightBytes: weights, kvBytes: kv, capacityBytes: capacity, fits: weights + kv <= capacity, maxBatch };
  },

  /** Attention heads split evenly, KV heads split or replicate evenly, and the profile has a GPU-to-GPU link. */
  checkParallelism(hw, model, tp, where) {
    if (!hw.link) throw new UserError(`profile '${hw.id}' has no 'link' for tensor parallelism; add "link": { "bwBytesPerS", "collectiveUs" } or use tp 1`, where);
    const kv = model.kvHeads;
    if (model.heads % tp !== 0 || (kv % tp !== 0 && tp % kv !== 0)) {
      const ok = [1, 2, 4, 8, 16, 32, 64].filter((t) => model.heads % t === 0 && (kv % t === 0 || t % kv === 0));
      throw new UserError(`tp ${tp} does not split the ${model.heads} attention heads (${kv} KV heads) of ${model.id} evenly; use one of ${ok.join(', ')}`, where);
    }
  },
};
