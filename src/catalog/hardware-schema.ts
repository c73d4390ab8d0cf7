/**
 * Hardware profiles: datasheet peaks plus a few efficiency parameters with a
 * physical meaning, so a profile written from another GPU's datasheet can
 * reuse them. Every built-in number carries a note (`notes[field]`) saying
 * where it came from.
 */
import { z } from 'zod';

const pos = z.number().positive();
const frac = z.number().gt(0).max(1);

export const GpuEfficiencySchema = z.strictObject({
  /** Achieved fraction of datasheet memory bandwidth on a large streaming copy. */
  memBw: frac,
  /** Achieved fraction of datasheet dense tensor FLOP/s on a large GEMM. */
  gemm: frac,
  /** Flash-attention (causal or single-query) FLOP/s as a fraction of the GEMM peak it can reach. */
  attention: frac,
  /**
   * Attention with an explicit mask (chain or tree verification of q > 1
   * tokens over a KV cache): flash kernels take no arbitrary mask, so the
   * memory-efficient kernel runs, at this fraction of the GEMM peak.
   */
  maskedAttention: frac,
  /**
   * Exponent p of the soft roofline t = (t_compute^p + t_memory^p)^(1/p):
   * large p is a hard max, small p models kernels that cannot fully overlap
   * loads with math near the ridge point.
   */
  rooflineP: z.number().min(1).max(50),
  /** Fixed cost of one kernel inside a CUDA graph (launch, ramp-up, tail), µs. */
  kernelUs: z.number().nonnegative(),
  /**
   * How many SMs' fair share of bandwidth one thread block can draw: a kernel
   * with fewer blocks than SMs / this reaches only part of the bandwidth.
   */
  blockBwShare: z.number().min(1),
  /** Bandwidth fraction a GEMM reading weights reaches relative to a copy, for m > 1 (tensor-core path). */
  gemmMemBw: frac,
  /** Extra host time per kernel when not captured in a CUDA graph (eager PyTorch), µs. */
  eagerKernelUs: z.number().nonnegative(),
});

/**
 * Price and power of one device, for cost and energy per token. Every built-in
 * profile carries both, each with a note saying where the figure comes from.
 */
const deviceEconomics = {
  /** List (or typical street) price of one device, US dollars. */
  listPriceUsd: pos,
  /** Thermal design power of one device (board power), watts. */
  tdpW: pos,
};

export const GemmTileSchema = z.tuple([z.number().int().positive(), z.number().int().positive()]);

const GpuFields = {
  kind: z.literal('gpu'),
  id: z.string().min(1),
  name: z.string().min(1),
  source: z.string().min(1),
  memoryBytes: pos,
  memBwBytesPerS: pos,
  /** Dense (no sparsity) tensor-core peaks per dtype. */
  flopsPerS: z.strictObject({ bf16: pos, fp16: pos, fp8: pos.optional(), int8: pos.optional(), fp4: pos.optional() }),
  /** Streaming multiprocessors (AMD: compute units): the unit of wave quantization. */
  sms: z.number().int().positive(),
  /** Boost clock (MHz): with `sms`, what SM-bound kernels scale with. */
  clockMhz: pos,
  ...deviceEconomics,
  /** Output tiles (rows × cols) the GEMM library chooses from. */
  gemmTiles: z.array(GemmTileSchema).min(1),
  /** Query rows per attention thread block: prefill (flash forward), and decode/verify (split-KV flash decoding or the masked kernel). */
  attentionBlockRows: z.number().int().positive(),
  decodeAttentionBlockRows: z.number().int().positive(),
  /**
   * Kernel behaviour: measured on this GPU (all fields), or inherited from the
   * measured profile named by `efficiencyFrom` (fields given here override;
   * see `transferEfficiency` in hardware.ts for how each one carries over).
   */
  efficiency: GpuEfficiencySchema.partial().optional(),
  /** A built-in profile whose calibrated kernel behaviour this datasheet-only profile inherits. */
  efficiencyFrom: z.string().min(1).optional(),
  /** Memory kept free for activations, the allocator and the runtime (bytes). */
  reservedBytes: z.number().nonnegative().default(0),
  /** GPU-to-GPU link for tensor parallelism. */
  link: z.strictObject({
    /** Bandwidth per direction per GPU (bytes/s). */
    bwBytesPerS: pos,
    /** Fixed cost of one collective (µs). */
    collectiveUs: z.number().nonnegative(),
  }).optional(),
  notes: z.record(z.string(), z.string()).default({}),
};

/** A GPU profile as written in a file: measured efficiencies, or inherited ones (resolved by `resolveEfficiency`). */
export const GpuProfileFileSchema = z.strictObject(GpuFields);

/**
 * A Groq LPU system: a pipeline of GroqChips (TSPs) whose SRAM holds the
 * weights and KV cache. `src/cost/groq.ts` documents the timing equations;
 * `blockUs` and `sramUsable` are fitted by `calibrateGroq()`
 * (`src/cost/groq-calibrate.ts`).
 */
export const GroqProfileSchema = z.strictObject({
  kind: z.literal('groq'),
  id: z.string().min(1),
  name: z.string().min(1),
  source: z.string().min(1),
  /** SRAM per chip (bytes). */
  sramBytes: pos,
  /** On-chip SRAM bandwidth per chip (bytes/s). */
  sramBwBytesPerS: pos,
  /** Peak math per chip: fp16 (16-bit weights) and int8 (8-bit or narrower weights). */
  flopsPerS: z.strictObject({ fp16: pos, int8: pos }),
  /** Chip-to-chip links per chip, and bandwidth per link per direction (bytes/s). */
  links: z.number().int().positive(),
  linkBwBytesPerS: pos,
  /** Latency of one chip-to-chip hop (µs). */
  hopUs: z.number().nonnegative(),
  /**
   * Fixed cost of one statically scheduled block on the pipeline (µs): an
   * attention block, an MLP block, an MoE routing/dispatch block or the LM
   * head. A dense decoder layer is 2 blocks, an MoE layer 3. Calibrated.
   */
  blockUs: z.number().nonnegative(),
  /** Bytes per weight as stored in SRAM when the cost options ask for no particular precision (weightDtype bf16). */
  weightBytesPerParam: pos,
  /** Fraction of SRAM that holds weights and KV cache (the rest: activations, program). Calibrated on the chip count. */
  sramUsable: frac,
  /** Achieved fraction of peak math. */
  computeEfficiency: frac,
  ...deviceEconomics,
  notes: z.record(z.string(), z.string()).default({}),
});

export const HardwareProfileFileSchema = z.discriminatedUnion('kind', [GpuProfileFileSchema, GroqProfileSchema]);

/** A GPU profile after loading: every efficiency resolved. */
export type GpuProfile = Omit<z.infer<typeof GpuProfileFileSchema>, 'efficiency'> & { efficiency: GpuEfficiency };
export type GroqProfile = z.infer<typeof GroqProfileSchema>;
export type HardwareProfile = GpuProfile | GroqProfile;
export type GpuEfficiency = z.infer<typeof GpuEfficiencySchema>;
