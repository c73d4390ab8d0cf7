/**
 * Limits and the zod field schemas shared by scenario files, method and
 * acceptance-model definitions and CLI flags. The bottom of the schema
 * layer: imports nothing of specsim, so every definition can use it.
 */
import { z } from './zod.js';

/**
 * Upper limits. None is a modelling limit: each is far beyond any real
 * deployment and is there so that a typo (an extra zero, 1e9) fails at once
 * with a clear line instead of running for hours or exhausting memory.
 */
export const LIMITS = {
  /** Sequences per step: 64 Ki is far beyond what any device's memory holds at any context. */
  batch: 65_536,
  /** Requests per point: a million already gives percentiles to four digits; each request costs memory. */
  requests: 1_000_000,
  /** Prompt or output tokens of one request: 1 Mi tokens, beyond every catalog model's context. */
  tokens: 1_000_000,
  /** Output tokens simulated per point (requests × the largest output length): ~1e8 is about a minute of simulation. */
  tokensPerPoint: 100_000_000,
  /** Drafted tokens per step (gamma) and Medusa heads: verification of more than 64 tokens per step is never useful. */
  gamma: 64,
  heads: 16,
  /** Dynamic trees: building one is quadratic in nodes × topK. */
  treeDepth: 32,
  treeTopK: 32,
  treeNodes: 512,
  /** Inline tree paths, and the ranks and depth they contain. */
  treePaths: 1024,
  /** Tensor-parallel GPUs. */
  tp: 64,
  /** Entries of the list-valued keys (hardware, batch, methods, per-position rows). */
  listEntries: 256,
  /** Strings (ids, paths, labels); names name a directory, so they stay short. */
  stringChars: 4096,
  nameChars: 100,
  /** Arrivals per second, Beta concentrations, lognormal sigma, host ms per lookup. */
  rate: 1_000_000,
  concentration: 1_000_000,
  sigma: 10,
  cpuMs: 10_000,
  /** Sampling temperature: 2 is the top of the range engines' APIs accept (OpenAI-compatible servers). */
  temperature: 2,
  /**
   * The simulated clock is a double in ms: past ~10¹⁰ ms (115 days) a
   * step of a few ms loses precision and latencies collapse, so arrivals
   * (trace rows, or requests / rate of a Poisson workload) must come before it.
   */
  arrivalMs: 1e10,
} as const;

/** The batch policies (src/sim/policies/, compiler-checked against this list): a scenario's `batching`. */
export const BATCHING = ['continuous', 'static', 'chunked'] as const;

/** Building blocks of the schemas (scenario, methods, acceptance models). */
export const posInt = z.number().int().positive();
export const prob = z.number().min(0).max(1);
/** Ids, paths and labels. */
export const id = z.string().min(1).max(LIMITS.stringChars);
export const tokens = posInt.max(LIMITS.tokens);
/** A method's name in results (default: its kind). */
export const label = id.optional();
/** Drafted tokens per step. */
export const gamma = posInt.max(LIMITS.gamma);
/** Inline tree paths of 0-based top-k ranks (the root is implicit). */
export const treePaths = z.array(z.array(z.number().int().min(0).max(LIMITS.treePaths)).min(1).max(LIMITS.treeDepth)).min(1).max(LIMITS.treePaths);

/**
 * Field schemas shared by scenario files and CLI flags (`--seed`, `--batch`,
 * `--tp`, `--requests`, `--prompt-tokens`, ...), so both accept the same
 * values and say the same thing about a bad one (see cli/options.ts).
 */
export const FIELDS = {
  seed: z.number().int().min(0),
  batch: posInt.max(LIMITS.batch),
  tp: posInt.max(LIMITS.tp),
  requests: posInt.max(LIMITS.requests),
  tokens,
  /** Tokens already in the KV cache (`specsim cost --context`). */
  context: z.number().int().min(0).max(LIMITS.tokens),
} as const;
