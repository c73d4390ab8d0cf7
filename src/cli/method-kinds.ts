/** The speculation methods, for `specsim list methods` and help texts; the compiler checks every method kind has a line. */
import type { MethodKind } from '../scenario/schema.js';

const DESCRIPTIONS = {
  autoregressive: 'one token per target step (the baseline)',
  draft: 'a separate draft model proposes gamma tokens; the target verifies gamma+1 in one step',
  medusa: 'K Medusa heads on the target propose a tree; one step verifies it with tree attention',
  eagle: 'the EAGLE draft (one decoder layer) grows a static (EAGLE-1) or dynamic (EAGLE-2) tree',
  ngram: 'prompt lookup: free proposals from n-gram matches, no draft model',
} as const satisfies Record<MethodKind, string>;

export const METHOD_KINDS: readonly { id: MethodKind; description: string }[] =
  (Object.keys(DESCRIPTIONS) as MethodKind[]).map((id) => ({ id, description: DESCRIPTIONS[id] }));
