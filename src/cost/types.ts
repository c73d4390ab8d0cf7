/** What the cost model answers: a step's cost and a memory footprint (types only, shared by every backend). */
import type { Bound } from './bound.js';

export interface StepCost {
  /** Wall time of the step (ms). */
  ms: number;
  /** The largest of compute-, memory-, overhead- and network-limited time. */
  bound: Bound;
  /** ms per operator group, plus `launch` (fixed kernel costs) and `host` (eager launch time not hidden by the GPU). Sums to `ms`. */
  breakdown: Record<string, number>;
  /** Time by limiter; sums to `ms`. */
  byBound: Record<Bound, number>;
  /** Useful FLOPs and bytes moved to and from memory, per device. */
  flops: number;
  bytes: number;
}

export interface MemoryFootprint {
  /** Devices the model spans (tp GPUs, or Groq chips). */
  devices: number;
  /** Per device. */
  weightBytes: number;
  kvBytes: number;
  capacityBytes: number;
  fits: boolean;
  /** Largest batch whose weights and KV cache fit at this context (null: no limit: the system grows with it, or there is no KV cache). */
  maxBatch: number | null;
}
