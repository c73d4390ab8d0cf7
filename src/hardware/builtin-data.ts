/**
 * The built-in hardware profiles (`data/hardware/*.json`), checked and
 * completed: by the build, which writes them into the checked catalog with
 * the rest of data/ (`catalog/builtin-data.ts`), or here with zod when that
 * result is missing or stale. The playground's bundle swaps this module for
 * one that checks in the page.
 */
import { BUILTIN_CATALOG } from '../catalog/builtin-data.js';
import type { HardwareProfile } from '../cost/backends/index.js';

export const BUILTIN_HARDWARE: readonly HardwareProfile[] =
  (BUILTIN_CATALOG.hardware as readonly HardwareProfile[] | undefined) ?? (await import('./check.js')).checkBuiltinHardware();
