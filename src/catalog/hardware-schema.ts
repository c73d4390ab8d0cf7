/**
 * The profile schemas of the two hardware kinds specsim ships, GPUs and Groq
 * LPU systems: datasheet peaks plus a few efficiency parameters with a
 * physical meaning, so a profile written from another GPU's datasheet can
 * reuse them. Every built-in number carries a note (`notes[field]`) saying
 * where it came from.
 *
 * The schemas are built from the zod they are given (`gpuSchemas(z)`,
 * `groqProfileSchema(z)`): the hardware backends name them (`profileSchema`)
 * and the cost model imports this module for its types, yet `list` and `cost`
 * with built-in ids load no zod. A new hardware kind writes its schema in its
 * own backend file (`cost/backends/<kind>.ts`) the same way.
 */
import type { z as Zod } from '../zod.js';

type Z = typeof Zod;

/** What every hardware profile has, whatever its kind: what lists, labels and the economics read. */
export interface HardwareProfileBase {
  kind: string;
  /** The device architecture serving engines pick kernels by (GPUs: `sm90`, …), where the kind has one. */
  arch?: string;
  id: string;
  name: string;
  source: string;
  listPriceUsd: number;
  tdpW: number;
  notes: Record<string, string>;
}

/**
 * A device architecture as engines test it: an NVIDIA compute capability
 * (`sm80` = 8.0, `sm90` = 9.0, `sm100` = 10.0) or an AMD GPU target
 * (`gfx942`).
 */
export function archField(z: Z) {
  return z.string().regex(/^(sm\d{2,3}|gfx[0-9a-f]{3,4})$/, 'an architecture such as sm80, sm89, sm90, sm100 or gfx942');
}

/** The fields that name a profile and say where its numbers come from (every kind's schema has them, after `kind`). */
export function profileIdentity(z: Z) {
  return { id: z.string().min(1), name: z.string().min(1), source: z.string().min(1) };
}

/**
 * Price and power of one device, for cost and energy per token (every kind's schema has them). Every built-in
 * profile carries both, each with a note saying where the figure comes from.
 */
export function deviceEconomics(z: Z) {
  return {
    /** List (or typical street) price of one device, US dollars. */
    listPriceUsd: z.number().positive(),
    /** Thermal design power of one device (board power), watts. */
    tdpW: z.number().positive(),
  };
}

/** The GPU kind's schemas: its efficiencies, kernel-family numbers, GEMM tiles and the profile file. */
export function gpuSchemas(z: Z) {
  const pos = z.number().positive();
  const frac = z.number().gt(0).max(1);

  const GpuEfficiencySchema = z.strictObject({
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
  const AttentionKernelNumbersSchema = z.strictObject({
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

  const KernelNumbersSchema = z.strictObject({
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

  const GemmTileSchema = z.tuple([z.number().int().positive(), z.number().int().positive()]);

  const GpuFields = {
    kind: z.literal('gpu'),
    ...profileIdentity(z),
    memoryBytes: pos,
    memBwBytesPerS: pos,
    /** Dense (no sparsity) tensor-core peaks per dtype. */
    flopsPerS: z.strictObject({ bf16: pos, fp16: pos, fp8: pos.optional(), int8: pos.optional(), fp4: pos.optional() }),
    /** Streaming multiprocessors (AMD: compute units): the unit of wave quantization. */
    sms: z.number().int().positive(),
    /** Boost clock (MHz): with `sms`, what SM-bound kernels scale with. */
    clockMhz: pos,
    /**
     * Architecture (compute capability, or AMD GPU target): what a serving
     * engine picks its attention kernel by (an engine profile's
     * `kernels.attentionByArch`). Optional: absent, engines run their default.
     */
    arch: archField(z).optional(),
    ...deviceEconomics(z),
    /** L2 cache capacity (bytes, datasheet). Optional: used only for operands left in L2 (`CostOptions.warmL2`). */
    l2Bytes: pos.optional(),
    /** Output tiles (rows × cols) the GEMM library chooses from. */
    gemmTiles: z.array(GemmTileSchema).min(1),
    /**
     * Kernel behaviour: measured on this GPU (all fields), or inherited from the
     * measured profile named by `efficiencyFrom` (fields given here override;
     * see `transferEfficiency` in transfer.ts for how each one carries over).
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
  const GpuProfileFileSchema = z.strictObject(GpuFields);
  return { GpuEfficiencySchema, AttentionKernelNumbersSchema, KernelNumbersSchema, GemmTileSchema, GpuProfileFileSchema };
}

/**
 * A Groq LPU system: a pipeline of GroqChips (TSPs) whose SRAM holds the
 * weights and KV cache. `src/cost/groq.ts` documents the timing equations;
 * `blockUs` and `sramUsable` are fitted by `calibrateGroq()`
 * (`src/cost/groq-calibrate.ts`).
 */
export function groqProfileSchema(z: Z) {
  const pos = z.number().positive();
  const frac = z.number().gt(0).max(1);
  return z.strictObject({
    kind: z.literal('groq'),
    ...profileIdentity(z),
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
    ...deviceEconomics(z),
    notes: z.record(z.string(), z.string()).default({}),
  });
}

type GpuSchemas = ReturnType<typeof gpuSchemas>;
/** A GPU profile as written in a file: measured efficiencies, or inherited ones (resolved by `resolveEfficiency`). */
export type GpuProfileFile = Zod.infer<GpuSchemas['GpuProfileFileSchema']>;
/** A GPU profile after loading: every efficiency resolved. */
export type GpuProfile = Omit<GpuProfileFile, 'efficiency'> & { efficiency: GpuEfficiency };
export type GroqProfile = Zod.infer<ReturnType<typeof groqProfileSchema>>;
export type GpuEfficiency = Zod.infer<GpuSchemas['GpuEfficiencySchema']>;
export type KernelNumbers = Zod.infer<GpuSchemas['KernelNumbersSchema']>;
export type AttentionKernelNumbers = Zod.infer<GpuSchemas['AttentionKernelNumbersSchema']>;
