/** `specsim optimize`: the best speculation setting per batch size (see search.ts). */
export { optimize, OBJECTIVES, TIE_TOLERANCE, type Objective, type OptimizeDoc, type OptimizeInput, type OptimizeMeta, type OptimizeOutcome, type OptimizePoint } from './search.js';
export { acceptanceFor, eagleTopkCurve, FAMILIES, type Family } from './acceptance.js';
export { expectedChain, expectedTree } from '../acceptance/expected.js';
export { buildCandidates, type Candidate, type Setting } from './candidates.js';
export { optimizeJson, optimizeSummary, writeOptimizeReport } from './write.js';
