/** The browser build's `hardware/builtin-data.ts`: the page checks the embedded data/hardware files once when the worker starts. */
import { checkBuiltinHardware } from '../../hardware/check.js';
import type { HardwareProfile } from '../../cost/backends/index.js';

export const BUILTIN_HARDWARE: readonly HardwareProfile[] = checkBuiltinHardware();
