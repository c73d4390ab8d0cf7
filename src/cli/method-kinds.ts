/** The speculation methods, for `specsim list methods` and help texts: a view of the method registry. */
import { METHOD_DEFINITIONS, type MethodKind } from '../methods/index.js';

export const METHOD_KINDS: readonly { id: MethodKind; description: string }[] = METHOD_DEFINITIONS.map((d) => ({ id: d.kind, description: d.description }));
