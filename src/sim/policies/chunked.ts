/**
 * `chunked` prefill (Sarathi-Serve; vLLM V1's scheduler; TensorRT-LLM's
 * in-flight batching): each step carries at most `tokenBudget` tokens.
 * Running sequences take theirs first (one iteration each: 1 token, or the
 * verify width when speculating), then prompts fill what is left in chunks:
 * first the requests already part way through their prefill, in admission
 * order, then new ones while the batch has room. With `mixed`, the chunks
 * ride in the decode iteration's step (one step, linear layers over every
 * row at once); without (SGLang's default, and always with its EAGLE),
 * pending chunks run as their own prefill step first, up to the budget.
 *
 * The engine refuses a budget below the batch's decode rows (see
 * `checkTokenBudget`), so a step never exceeds the budget.
 */
import type { BatchPolicy, NextStep, ServingState } from '../policy.js';

export function chunkedPolicy(tokenBudget: number, mixed: boolean): BatchPolicy {
  return {
    keepsBatchFull: true,
    tokenBudget,
    next(s: ServingState): NextStep {
      const { running, waiting, prefilling, maxBatch } = s;
      const decode = mixed && running > 0;
      const room = maxBatch - running - prefilling;
      if (prefilling === 0 && (waiting === 0 || room <= 0)) return running > 0 ? { kind: 'iteration' } : { kind: 'idle' };
      let budget = tokenBudget - (decode ? running * s.decodeTokens : 0);
      const chunks: number[] = [];
      for (let i = 0; i < prefilling && budget > 0; i++) {
        const c = Math.min(s.pendingPrompt(i), budget);
        chunks.push(c);
        budget -= c;
      }
      let admit = 0;
      if (chunks.length === prefilling) {
        while (budget > 0 && admit < waiting && admit < room) {
          const c = Math.min(s.waitingPrompt(admit), budget);
          chunks.push(c);
          budget -= c;
          admit++;
        }
      }
      if (chunks.length === 0) return running > 0 ? { kind: 'iteration' } : { kind: 'idle' };
      return { kind: 'mixed', decode, admit, chunks };
    },
  };
}

/** The smallest budget that holds every running sequence's decode rows (a lower budget cannot run the batch). */
export function minTokenBudget(maxBatch: number, decodeTokens: number): number {
  return maxBatch * decodeTokens;
}
