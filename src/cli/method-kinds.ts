/** The speculation methods, for `specsim list methods` and help texts. */
export const METHOD_KINDS = [
  { id: 'autoregressive', description: 'one token per target step (the baseline)' },
  { id: 'draft', description: 'a separate draft model proposes gamma tokens; the target verifies gamma+1 in one step' },
  { id: 'medusa', description: 'K Medusa heads on the target propose a tree; one step verifies it with tree attention' },
  { id: 'eagle', description: 'the EAGLE draft (one decoder layer) grows a static (EAGLE-1) or dynamic (EAGLE-2) tree' },
  { id: 'ngram', description: 'prompt lookup: free proposals from n-gram matches, no draft model' },
] as const;
