/**
 * The reference loop: batch-1 autoregressive decoding written as tight as
 * JavaScript allows, doing the work any simulator of it must do and nothing
 * more: per request a prefill, then per output token one decode step whose
 * time comes from the cached cost model (the simulator's own `cachedCost`),
 * the device booked (start no earlier than it is free), the clock advanced,
 * step counters and the tokens-per-step histogram kept, and per request its
 * first-token, end-to-end and per-token latencies stored in typed arrays. Its
 * tokens per second is what the simulator's batch-1 autoregressive point is
 * compared with (the same machine, the same run, so the ratio holds when the
 * machine is busy).
 */
import { cachedCost, type CostFn } from '../src/sim/cost-cache.js';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import type { ModelSpec } from '../src/catalog/model-schema.js';

export interface ReferenceInput {
  requests: number;
  promptTokens: number;
  outputTokens: number;
  model: ModelSpec;
  cost: CostFn;
}

/** llama3-8b on h100-sxm, as the simulate benchmarks; the cost cache is warmed by the first run. */
export function referenceInput(requests: number, promptTokens: number, outputTokens: number): ReferenceInput {
  const cost = cachedCost(resolveHardware('h100-sxm'), { tp: 1, weightDtype: 'bf16', kvDtype: 'bf16', cudaGraphs: true });
  return { requests, promptTokens, outputTokens, model: resolveModel('llama3-8b'), cost };
}

/** Simulate the requests one after another (a closed workload at batch 1); returns a checksum (so nothing is optimized away). */
export function referenceLoop(r: ReferenceInput): number {
  const { cost, model } = r;
  const ttft = new Float64Array(r.requests);
  const e2e = new Float64Array(r.requests);
  const tpot = new Float64Array(r.requests);
  const hist = new Float64Array(3);
  let now = 0;
  let freeAt = 0;
  let busyMs = 0;
  let iterations = 0;
  let targetMsSum = 0;
  for (let q = 0; q < r.requests; q++) {
    const arrival = now;
    const prefill = cost(model, 1, r.promptTokens, 0, 'prefill').ms;
    freeAt = Math.max(now, freeAt) + prefill;
    busyMs += prefill;
    now = freeAt;
    const first = now;
    let context = r.promptTokens + 1;
    for (let g = 1; g < r.outputTokens; g++) {
      const ms = cost(model, 1, 1, context, 'decode').ms;
      freeAt = Math.max(now, freeAt) + ms;
      busyMs += ms;
      now = freeAt;
      iterations++;
      targetMsSum += ms;
      hist[1]!++;
      context++;
    }
    ttft[q] = first - arrival;
    e2e[q] = now - arrival;
    tpot[q] = (now - first) / (r.outputTokens - 1);
  }
  let sum = busyMs + iterations + targetMsSum + hist[1]!;
  for (let q = 0; q < r.requests; q++) sum += ttft[q]! + e2e[q]! + tpot[q]!;
  return sum;
}
