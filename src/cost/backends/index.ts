/** The hardware-backend registry: one file per hardware kind, one line here (compiler-checked against the profile kinds). */
import type { HardwareProfile } from '../../catalog/hardware-schema.js';
import type { HardwareBackend } from '../backend.js';
import { gpuBackend } from './gpu.js';
import { groqBackend } from './groq.js';

export const BACKENDS = {
  gpu: gpuBackend,
  groq: groqBackend,
} satisfies { [K in HardwareProfile['kind']]: HardwareBackend<Extract<HardwareProfile, { kind: K }>> };

/** The backend of a profile. */
export function backendOf(hw: HardwareProfile): HardwareBackend {
  return BACKENDS[hw.kind] as HardwareBackend;
}
