/**
 * `continuous` batching: whenever there is room and someone waits, the
 * waiting requests that fit are prefilled as one step (their first token
 * comes from it); otherwise every running sequence takes one iteration.
 */
import type { BatchPolicy } from '../policy.js';

export const continuousPolicy: BatchPolicy = {
  keepsBatchFull: true,
  next({ running, waiting, maxBatch }) {
    const room = maxBatch - running;
    if (waiting > 0 && room > 0) return { kind: 'prefill', count: Math.min(room, waiting) };
    return running > 0 ? { kind: 'iteration' } : { kind: 'idle' };
  },
};
