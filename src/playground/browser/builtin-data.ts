/** The browser build's `catalog/builtin-data.ts`: the page checks the embedded data/ files once when the worker starts (zod is in the bundle for scenarios anyway). */
import { validateBuiltins, type BuiltinCatalog } from '../../catalog/builtin-validate.js';

export const BUILTIN_CATALOG: BuiltinCatalog = validateBuiltins();
