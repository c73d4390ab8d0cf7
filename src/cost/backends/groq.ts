/**
 * Groq LPU systems (`groq.ts`): SRAM-resident weights pipelined over as many
 * chips as the weights and KV cache fill, so the system sizes itself and tp
 * does not apply. A mixed step streams its groups one after another.
 */
import { groqProfileSchema, type GroqProfile } from '../../catalog/hardware-schema.js';
import { UserError } from '../../errors.js';
import { sequentialCost, type HardwareBackend } from '../backend.js';
import { groqMemoryFootprint, groqStepCost, groqWeightBytesPerParam } from '../groq.js';

export const groqBackend: HardwareBackend<GroqProfile> = {
  kind: 'groq',
  profileSchema: groqProfileSchema,
  sizesItself: true,
  deviceUnit: 'chip',
  capturesGraphs: false,
  samplerBytesPerMs: () => Infinity,
  stepCost: (hw, model, shape, o) => ('groups' in shape ? sequentialCost(shape.groups.map((g) => groqStepCost(hw, model, g, o))) : groqStepCost(hw, model, shape, o)),
  weightBytesPerParam: groqWeightBytesPerParam,
  memoryFootprint: groqMemoryFootprint,
  checkParallelism(hw, _model, _tp, where) {
    throw new UserError(`tp applies to GPUs; a ${hw.id} system's chip count follows from the model (use tp 1)`, where);
  },
};
