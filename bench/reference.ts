/**
 * The reference loop: batch-1 autoregressive decoding written as tight as
 * JavaScript allows, doing the work the simulator does for it and nothing
 * more: per request a prefill and then one decode step per output token, each
 * step's time read from a table by context bucket, the clock advanced, and per
 * request its first-token, end-to-end and per-token latencies stored. Its
 * tokens per second is what the simulator's batch-1 autoregressive point is
 * compared with (the same machine, the same run, so the ratio holds when the
 * machine is busy).
 */
import { CONTEXT_BUCKET, cachedCost } from '../src/sim/cost-cache.js';
import { resolveHardware } from '../src/catalog/hardware.js';
import { resolveModel } from '../src/catalog/models.js';

export interface ReferenceInput {
  requests: number;
  promptTokens: number;
  outputTokens: number;
  /** Prefill ms of one prompt. */
  prefillMs: number;
  /** decodeMs[b]: one decode step with about b × CONTEXT_BUCKET tokens cached. */
  decodeMs: Float64Array;
}

/** Build the tables from the cost model (llama3-8b on h100-sxm, as the simulate benchmarks). */
export function referenceInput(requests: number, promptTokens: number, outputTokens: number): ReferenceInput {
  const cost = cachedCost(resolveHardware('h100-sxm'), { tp: 1, weightDtype: 'bf16', kvDtype: 'bf16', cudaGraphs: true });
  const model = resolveModel('llama3-8b');
  const buckets = Math.ceil((promptTokens + outputTokens) / CONTEXT_BUCKET) + 2;
  const decodeMs = new Float64Array(buckets);
  for (let b = 0; b < buckets; b++) decodeMs[b] = cost(model, 1, 1, b * CONTEXT_BUCKET, 'decode').ms;
  return { requests, promptTokens, outputTokens, prefillMs: cost(model, 1, promptTokens, 0, 'prefill').ms, decodeMs };
}

/** Simulate the requests one after another; returns a checksum (so nothing is optimized away). */
export function referenceLoop(r: ReferenceInput): number {
  const ttft = new Float64Array(r.requests);
  const e2e = new Float64Array(r.requests);
  const tpot = new Float64Array(r.requests);
  const table = r.decodeMs;
  let now = 0;
  for (let q = 0; q < r.requests; q++) {
    const arrival = now;
    now += r.prefillMs;
    const first = now;
    let context = r.promptTokens + 1;
    for (let g = 1; g < r.outputTokens; g++) {
      now += table[Math.round(context / CONTEXT_BUCKET)]!;
      context++;
    }
    ttft[q] = first - arrival;
    e2e[q] = now - arrival;
    tpot[q] = (now - first) / (r.outputTokens - 1);
  }
  let sum = 0;
  for (let q = 0; q < r.requests; q++) sum += ttft[q]! + e2e[q]! + tpot[q]!;
  return sum;
}
