/**
 * Serving-engine profiles (`data/engines/*.json`): what an engine spends per
 * step beyond the kernels of the bare CUDA-graph loop the cost model was
 * calibrated on. Every constant carries a note (`notes["section.field"]` or
 * `notes["section"]`) saying which figure, engine source line or fit fixed it.
 */
import { z } from '../zod.js';
import { archField } from './hardware-schema.js';
import { ATTENTION_KERNELS, FUSION_LEVELS } from '../cost/kernels.js';

const us = z.number().min(0).max(1e6);
const batchSize = z.number().int().positive().max(65_536);

export const EngineProfileSchema = z.strictObject({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  /** Engine version the constants describe, and the sources they were read from. */
  source: z.string().min(1).max(4000),
  kernels: z.strictObject({
    /** Elementwise kernels: as the PyTorch harness runs them, or fused as engines ship them (cost/kernels.ts). */
    fusion: z.enum(FUSION_LEVELS),
    /** The attention kernel family the engine runs (cost/kernels.ts), on a GPU whose architecture `attentionByArch` does not name. */
    attention: z.enum(ATTENTION_KERNELS),
    /**
     * The family it runs instead on these architectures (a GPU profile's
     * `arch`), as the engine's own backend selection decides by compute
     * capability (vLLM: FlashAttention-3 on 9.x only, FlashInfer first on 10.x).
     */
    attentionByArch: z.record(archField(z), z.enum(ATTENTION_KERNELS)).optional(),
  }),
  cudaGraphs: z.strictObject({
    /** Target decode steps replay a CUDA graph. */
    target: z.boolean(),
    /** Target verify steps (q > 1 tokens per sequence) replay a CUDA graph. */
    verify: z.boolean(),
    /** Draft passes (draft model, EAGLE layer, heads) replay a CUDA graph. */
    draft: z.boolean(),
    /**
     * Batch sizes captured (ascending). A step is padded up to the next one;
     * a batch above the largest runs without a graph. Omitted: every batch is
     * captured as it comes (the calibration harness).
     */
    captureSizes: z.array(batchSize).min(1).max(4096).optional(),
    /** Sizes captured when speculating, if the engine captures fewer then. */
    speculativeCaptureSizes: z.array(batchSize).min(1).max(4096).optional(),
    /** What a captured size counts: sequences (a verify of q tokens per sequence pads its batch) or tokens (it pads batch × q, vLLM V1). */
    unit: z.enum(['sequences', 'tokens']),
  }),
  host: z.strictObject({
    /** CPU time per engine step: scheduling, input preparation, output processing (µs). */
    stepUs: us,
    /** CPU time per running sequence per step (µs). */
    perSeqUs: us,
    /** The host prepares step n+1 while the GPU runs step n (only the excess over GPU time shows). */
    overlap: z.boolean(),
    /** The overlap still holds when speculating. */
    overlapWithSpeculation: z.boolean(),
  }),
  sampler: z.strictObject({
    /** Fixed cost of sampling one step on the GPU and handing the token ids to the host (µs). */
    callUs: us,
    /** Bytes moved per logit (fp32 upcast, softmax/argmax reads) beyond the LM head's own output. */
    bytesPerLogit: z.number().min(0).max(64),
  }),
  speculation: z.strictObject({
    /** Bookkeeping per speculation round not hidden by the GPU: proposer setup, metadata, rejection sampling launch (µs); `methods.<kind>.roundUs` replaces it for a method whose loop does other work. */
    roundUs: us,
    /** Per draft forward pass: launch, input building, top-k and tree expansion between passes (µs). */
    perDraftPassUs: us,
    /** Per sequence per round: the proposer's and the acceptance bookkeeping's per-request work (µs). */
    perSeqUs: us,
    /** Per sequence per verified token: tree-mask build, acceptance, KV compaction (µs). */
    perSeqTokenUs: us,
    /** Per drafted node of the verified tree or chain, once per round whatever the batch: candidate selection and tree construction (µs). */
    perNodeUs: us,
    /** Requests the engine runs at once by default when speculating (SGLang's max_running_requests of 48); absent: no cap of its own. A scenario's `maxRunningRequests` overrides it. */
    maxRunningRequests: batchSize.optional(),
  }),
  chunkedPrefill: z.strictObject({
    /** Prefill is chunked and mixed into decode/verify steps by default. */
    default: z.boolean(),
    /** Tokens per step (decode/verify rows plus prefill chunks) when chunking. */
    tokenBudget: z.number().int().positive().max(1_048_576),
    /** Prefill chunks run in the same forward as the decode/verify rows (else as their own prefill step). */
    mixed: z.boolean(),
  }),
  /** Speculation methods the engine runs (by method kind), and whether it runs trees or only chains; `all`: every method specsim models, trees included. */
  methods: z.union([z.literal('all'), z.record(z.string().min(1).max(50), z.strictObject({
    trees: z.boolean(),
    /**
     * The tp the engine runs this method's drafter at, on the target's GPUs:
     * `target` (loaded into the target's workers, at its tp), `target-or-1`
     * (vLLM's draft_tensor_parallel_size for a draft model); absent: any tp
     * that divides the target's, or GPUs of its own (engine `none`). With a
     * rule, `draftPlacement: "separate"` is refused: the engine has no such
     * deployment.
     */
    draftTp: z.enum(['target', 'target-or-1']).optional(),
    /** false: the engine runs this method with its overlap scheduler off, so the host time of every step shows in full (absent: host.overlapWithSpeculation decides). */
    hostOverlap: z.boolean().optional(),
    /** This method's per-round bookkeeping (µs), replacing speculation.roundUs: its loop does other work per round than the one the engine-wide constant describes (absent: speculation.roundUs). */
    roundUs: us.optional(),
  }))]),
  notes: z.record(z.string(), z.string().min(1)),
}).superRefine((p, ctx) => {
  // Every constant has a note, on its own path or its section's.
  for (const section of ['kernels', 'cudaGraphs', 'host', 'sampler', 'speculation', 'chunkedPrefill'] as const) {
    for (const field of Object.keys(p[section])) {
      if (p.notes[`${section}.${field}`] === undefined && p.notes[section] === undefined) {
        ctx.addIssue({ code: 'custom', path: ['notes', `${section}.${field}`], message: `every constant needs a note saying where it came from: add notes["${section}.${field}"] or notes["${section}"]` });
      }
    }
  }
  if (p.notes.methods === undefined) ctx.addIssue({ code: 'custom', path: ['notes', 'methods'], message: 'say where the supported methods come from in notes["methods"]' });
  if (p.methods !== 'all') {
    for (const [kind, m] of Object.entries(p.methods)) {
      for (const field of ['hostOverlap', 'roundUs'] as const) {
        const key = `methods.${kind}.${field}`;
        if (m[field] !== undefined && p.notes[key] === undefined) ctx.addIssue({ code: 'custom', path: ['notes', key], message: `every constant needs a note saying where it came from: add notes["${key}"]` });
      }
    }
  }
  for (const key of ['captureSizes', 'speculativeCaptureSizes'] as const) {
    const s = p.cudaGraphs[key];
    if (s && s.some((v, i) => i > 0 && v <= s[i - 1]!)) ctx.addIssue({ code: 'custom', path: ['cudaGraphs', key], message: 'capture sizes must be strictly ascending' });
  }
});

export type EngineProfile = z.infer<typeof EngineProfileSchema>;
