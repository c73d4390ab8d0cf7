/**
 * Hardware profiles: datasheet peaks plus a few efficiency parameters with a
 * physical meaning, so a profile written from another GPU's datasheet can
 * reuse them. Every built-in number carries a note (`notes[field]`) saying
 * where it came from.
 */
import { z } from '../zod.js';

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
   * FlashAttention-2's split-KV path for decode and verify (q ≥ 1 new tokens
   * over a KV cache, 64-row tiles): FLOP/s as a fraction of the GEMM peak.
   */
  decodeAttention: frac,
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
  /**
   * Bytes per SM per clock that SM-bound elementwise kernels move (PyTorch ops
   * on strided views, norms): their rate is sms × clock × this, capped by copy
   * bandwidth, so it does not grow with memory bandwidth.
   */
  elementwiseBytesPerSmClk: pos,
  /**
   * Bytes per SM per clock a GEMM tile can load from L2 (its operand feed): a
   * tile of tm × tn outputs loads tm + tn operand rows per K step, so small
   * tiles are feed-bound below the tensor-core peak. Scales with sms × clock.
   * Optional: absent, the operand feed never limits a GEMM.
   */
  l2BytesPerSmClk: pos.optional(),
});

/**
 * Numbers of the kernel families that are not the harness's (see
 * `cost/kernels.ts` for their behaviour): `data/kernels.json` holds them, a
 * profile's `kernels` overrides them per GPU. Keys are family ids, so an
 * unknown family is an error naming it.
 */
export const AttentionKernelNumbersSchema = z.strictObject({
  /** Prompt (dense, causal) attention FLOP/s as a fraction of the GEMM peak. */
  attention: frac.optional(),
  /** Decode/verify attention FLOP/s as a fraction of the GEMM peak. */
  decodeAttention: frac.optional(),
  /** Paged decode: KV streaming bandwidth as a fraction of the datasheet bandwidth. */
  pagedBw: z.number().gt(0).max(1.2).optional(),
  /** Paged decode: fixed cost per call (µs) and per sequence (µs; block-table walk, partial results). */
  perCallUs: z.number().nonnegative().optional(),
  perSeqUs: z.number().nonnegative().optional(),
  /** Paged prefill: FLOP/s fractions of the GEMM peak for the causal part (new tokens) and the cached prefix. */
  prefillCausal: frac.optional(),
  prefillPrefix: frac.optional(),
});

export const KernelNumbersSchema = z.strictObject({
  'flash2-dense': AttentionKernelNumbersSchema.optional(),
  'flash3-dense': AttentionKernelNumbersSchema.optional(),
  'sdpa-efficient': AttentionKernelNumbersSchema.optional(),
  'sdpa-cudnn': AttentionKernelNumbersSchema.optional(),
  'paged-flash': AttentionKernelNumbersSchema.optional(),
  'paged-flashinfer': AttentionKernelNumbersSchema.optional(),
  /**
   * Fused engine elementwise kernels, bytes per SM per clock each moves:
   * RMSNorm (a reduction per row), rotary embedding (also the KV-cache write,
   * the same gather-and-store pattern), SiLU·mul.
   */
  fused: z.strictObject({ norm: pos, rope: pos, act: pos }).optional(),
  /**
   * Contiguous elementwise kernels whose operands are already in L2 (a
   * microbenchmark repeating one op on the same tensors): bytes per SM per
   * clock, for the part of the operands that fits in the profile's `l2Bytes`.
   */
  'warm-l2': z.strictObject({ bytesPerSmClk: pos }).optional(),
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
  /** L2 cache capacity (bytes, datasheet). Optional: used only for operands left in L2 (`CostOptions.warmL2`). */
  l2Bytes: pos.optional(),
  /** Output tiles (rows × cols) the GEMM library chooses from. */
  gemmTiles: z.array(GemmTileSchema).min(1),
  /**
   * Kernel behaviour: measured on this GPU (all fields), or inherited from the
   * measured profile named by `efficiencyFrom` (fields given here override;
   * see `transferEfficiency` in hardware.ts for how each one carries over).
   */
  efficiency: GpuEfficiencySchema.partial().optional(),
  /** A built-in profile whose calibrated kernel behaviour this datasheet-only profile inherits. */
  efficiencyFrom: z.string().min(1).optional(),
  /** Per-GPU numbers for kernel families, over `data/kernels.json` (keys: family ids). */
  kernels: KernelNumbersSchema.optional(),
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
/** A profile as written in a file, before its efficiencies are resolved (`efficiency.ts`). */
export type HardwareProfileFile = z.infer<typeof HardwareProfileFileSchema>;
export type HardwareProfile = GpuProfile | GroqProfile;
export type GpuEfficiency = z.infer<typeof GpuEfficiencySchema>;
export type KernelNumbers = z.infer<typeof KernelNumbersSchema>;
export type AttentionKernelNumbers = z.infer<typeof AttentionKernelNumbersSchema>;
