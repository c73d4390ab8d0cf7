/**
 * `static` batching: a batch is admitted only when the previous one has
 * drained completely, then runs until its last sequence finishes.
 */
import type { BatchPolicy } from '../policy.js';

export const staticPolicy: BatchPolicy = {
  keepsBatchFull: false,
  next({ running, waiting, maxBatch }) {
    if (waiting > 0 && running === 0) return { kind: 'prefill', count: Math.min(maxBatch, waiting) };
    return running > 0 ? { kind: 'iteration' } : { kind: 'idle' };
  },
};
