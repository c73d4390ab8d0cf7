/**
 * The hardware-backend registry: one file per hardware kind, one line here.
 * The profile type every module reads (`HardwareProfile`) and the kinds a
 * profile file may name follow from this list.
 */
import type { HardwareBackend } from '../backend.js';
import { gpuBackend } from './gpu.js';
import { groqBackend } from './groq.js';

export const BACKENDS = {
  gpu: gpuBackend,
  groq: groqBackend,
};

/** The profile a backend prices. */
type ProfileOf<B> = B extends HardwareBackend<infer P, infer _F> ? P : never;
/** A hardware profile of any registered kind, as loaded (a GPU's efficiencies resolved). */
export type HardwareProfile = { [K in keyof typeof BACKENDS]: ProfileOf<(typeof BACKENDS)[K]> }[keyof typeof BACKENDS];
/** A registered hardware kind. */
export type HardwareKind = HardwareProfile['kind'];

// Each backend is filed under its own kind (a backend under another kind's key fails to compile).
BACKENDS satisfies { [K in keyof typeof BACKENDS]: { kind: K } };

/** The backend of a profile. */
export function backendOf(hw: HardwareProfile): HardwareBackend {
  return BACKENDS[hw.kind] as unknown as HardwareBackend;
}

/** Every registered backend, in registry order. */
export function allBackends(): HardwareBackend[] {
  return Object.values(BACKENDS) as unknown as HardwareBackend[];
}
