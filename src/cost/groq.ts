/**
 * Groq LPU (tensor-streaming processor) systems. Weights live in on-chip
 * SRAM, so a model needs as many chips as its weights (and KV cache) fill;
 * the model is cut into statically scheduled blocks (attention, MLP, MoE
 * routing, LM head) that form a pipeline across the chips. Deterministic:
 * every number below is a closed-form function of the inputs.
 *
 * Equations (docs/groq.md has the derivation and sources):
 *
 *   N  = ceil((params · bytesPerParam + KV) / (sramBytes · sramUsable))   chips
 *   S  = blocks of the model (dense layer 2, MoE layer 3, LM head 1)     stages
 *   P  = min(S, N)           stages that can hold a micro-batch at once
 *   decode:  μ = ceil(batch / P) sequences per micro-batch, m = ceil(batch / μ) ≤ P
 *            in flight, so a sequence never waits for a stage:
 *            ms = S · blockUs + P · t_chip(μ · tokens rows) + net(μ · tokens rows)
 *   prefill (and a verified chain or tree): the step's rows R are cut into m chunks that
 *            stream through the pipeline; with o(m) = blockUs·S/P + t_chip(R/m), one stage
 *            occupancy, ms = min over m of S·blockUs + P·t_chip(R/m) + net + (m − 1)·o(m)
 *   t_chip(r) = max(SRAM bytes per chip / sramBw, FLOPs per chip / (peak · eff))
 *            (a chip holds 1/N of the weights and KV; it reads its weights once per
 *            micro-batch; compute and SRAM streams overlap on the static schedule)
 *   net(r)  = transfers · (hopUs + r · hidden · 2 B / (links · linkBw)), one transfer
 *            between consecutive chip groups and one exchange inside each multi-chip block.
 *
 * Per-user latency is therefore flat in batch while batch ≤ P (μ = 1) and
 * grows once several sequences share a micro-batch; the KV cache adds chips.
 */
import type { GroqProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { paramCount } from '../catalog/model-catalog.js';
import { kvCacheBytes } from './kv-cache.js';
import type { MemoryFootprint, StepCost } from './types.js';
import { ACT_BYTES, DEFAULT_COST_OPTIONS, stepOperators, WEIGHT_BYTES, type CostOptions, type StepShape } from './operators.js';
import { boundOf, type Bound } from './bound.js';

/**
 * Bytes per stored weight on Groq. `bf16` (the library and CLI default) means
 * "no particular precision": the profile's stored precision (8-bit). GroqChip
 * has no bf16 path (its float peak is fp16), so 16-bit weights are asked for
 * as `fp16`; `fp8`/`int8` store 1 byte, `int4` half a byte.
 */
export function groqWeightBytesPerParam(hw: GroqProfile, o: Pick<CostOptions, 'weightDtype'>): number {
  return o.weightDtype === 'bf16' ? hw.weightBytesPerParam : WEIGHT_BYTES[o.weightDtype];
}

/** Chips needed to hold the weights (at `bytesPerParam`) plus `kvBytes` of KV cache in SRAM. */
export function groqChips(hw: GroqProfile, model: ModelSpec, kvBytes = 0, bytesPerParam = hw.weightBytesPerParam): number {
  const weights = paramCount(model).total * bytesPerParam;
  return Math.max(1, Math.ceil((weights + kvBytes) / (hw.sramBytes * hw.sramUsable)));
}

/**
 * Statically scheduled blocks (pipeline stages) of a model: per decoder layer
 * attention, (routing/dispatch,) MLP or experts; the LM head. A derived model
 * (its `drafter`) adds one block per projection (Medusa's heads side by side
 * are one; EAGLE-3's FC counts on every pass) and one for its LM head(s).
 */
export function groqBlocks(model: ModelSpec): number {
  const perLayer = model.experts ? 3 : 2; // attention, (routing/dispatch,) MLP or experts
  if (!model.drafter) return Math.max(1, model.layers * perLayer + 1); // + LM head
  let blocks = 0;
  for (const p of model.drafter) {
    if (p.part === 'proj' || p.part === 'lmHead') blocks += 1;
    else if (p.part === 'layers') blocks += model.layers * perLayer;
  }
  return blocks;
}

/** The system a step runs on: chips, stages and where the SRAM goes. */
export interface GroqSystem {
  chips: number;
  /** Chips the weights alone need (the rest hold KV cache). */
  weightChips: number;
  /** Pipeline stages (blocks) and how many can hold a micro-batch at once: min(stages, weight chips). */
  stages: number;
  concurrentStages: number;
  bytesPerParam: number;
  weightBytes: number;
  kvBytes: number;
}

export function groqSystem(hw: GroqProfile, model: ModelSpec, shape: Pick<StepShape, 'batch' | 'context' | 'tokens'>, o: CostOptions): GroqSystem {
  const bytesPerParam = groqWeightBytesPerParam(hw, o);
  const kvBytes = kvCacheBytes(model, shape.batch, shape.context + shape.tokens, o);
  const chips = groqChips(hw, model, kvBytes, bytesPerParam);
  const stages = groqBlocks(model);
  const weightChips = groqChips(hw, model, 0, bytesPerParam);
  return { chips, weightChips, stages, concurrentStages: Math.min(stages, weightChips), bytesPerParam, weightBytes: paramCount(model).total * bytesPerParam, kvBytes };
}

/** Work of one pass of `rows` rows (micro-batch) through the whole model. */
interface PassWork {
  /** Weight-side work (GEMM math, weight reads): on the chips that hold the weights. */
  gemmFlops: number;
  weightBytes: number;
  /** KV-side work (attention math, KV and activation traffic): spread over every chip, KV chips included. */
  otherFlops: number;
  otherBytes: number;
  flops: number;
  sramBytes: number;
}

function passWork(model: ModelSpec, seqs: number, tokens: number, context: number, phase: StepShape['phase'], o: CostOptions, bytesPerParam: number): PassWork {
  let gemmFlops = 0, weightBytes = 0, otherFlops = 0, otherBytes = 0;
  for (const op of stepOperators(model, { batch: seqs, tokens, context, phase }, { ...o, tp: 1 })) {
    if (op.kind === 'gemm') {
      gemmFlops += op.flops * op.repeat;
      weightBytes += (op.weightBytes / WEIGHT_BYTES[o.weightDtype]) * bytesPerParam * op.repeat;
      otherBytes += op.actBytes * op.repeat;
    } else if (op.kind === 'attention') {
      otherFlops += op.flops * op.repeat;
      otherBytes += (op.kvBytes + op.actBytes) * op.repeat;
    } else if (op.kind === 'elementwise') otherBytes += op.bytes * op.repeat;
  }
  return { gemmFlops, weightBytes, otherFlops, otherBytes, flops: gemmFlops + otherFlops, sramBytes: weightBytes + otherBytes };
}

interface PassTiming { fixedMs: number; workMs: number; computeBound: boolean; netMs: number; passes: number; work: PassWork }

/** Time one pipeline pass of `seqs` sequences × `tokens` rows (ms). */
function passTiming(hw: GroqProfile, model: ModelSpec, sys: GroqSystem, seqs: number, tokens: number, context: number, phase: StepShape['phase'], o: CostOptions): Omit<PassTiming, 'fixedMs' | 'passes'> & { chipMs: number } {
  const work = passWork(model, seqs, tokens, context, phase, o, sys.bytesPerParam);
  const peak = (sys.bytesPerParam <= 1 ? hw.flopsPerS.int8 : hw.flopsPerS.fp16) * hw.computeEfficiency;
  // Weights stay on the chips the compiler laid them out on (N_w); chips added for KV cache sit beside
  // their attention blocks and take KV traffic only. A pass crosses min(S, N_w) weight-chip groups in turn.
  const Pw = sys.concurrentStages;
  // A pass's KV traffic is spread over the chips that hold its own sequences' caches (beside the
  // weights), not over chips that other sequences' caches added: more load never speeds a pass up.
  // (Counted continuously, without rounding up, so the share never jumps down as the cache grows.)
  const passChips = Math.max(sys.weightChips, (sys.weightBytes + kvCacheBytes(model, seqs, context + tokens, o)) / (hw.sramBytes * hw.sramUsable));
  const Pk = Math.min(sys.stages, passChips);
  const wShare = Pw / sys.weightChips;
  const kShare = Pk / passChips;
  const computeMs = ((work.gemmFlops * wShare + work.otherFlops * kShare) / peak) * 1e3;
  const memoryMs = ((work.weightBytes * wShare + work.otherBytes * kShare) / hw.sramBwBytesPerS) * 1e3;
  const workMs = Math.max(computeMs, memoryMs);
  const P = Pw;
  // Transfers: between consecutive chip groups (P − 1), plus an exchange inside every block spread over several chips.
  const chipsPerStage = sys.weightChips / sys.stages;
  const transfers = P - 1 + (chipsPerStage > 1 ? sys.stages : 0);
  const actBytes = seqs * tokens * model.hidden * ACT_BYTES;
  const netMs = transfers * (hw.hopUs / 1e3 + (actBytes / (hw.links * hw.linkBwBytesPerS)) * 1e3);
  return { chipMs: workMs / P, workMs, computeBound: computeMs > memoryMs, netMs, work };
}

function total(t: PassTiming): number {
  return t.fixedMs + t.workMs + t.netMs;
}

/**
 * The step's rows (batch × tokens) cut into m chunks that stream through the
 * pipeline: the last chunk leaves (m − 1) stage occupancies after the first.
 * The best m is taken. With m ≤ batch a chunk holds whole sequences; beyond,
 * one sequence's rows are cut and a chunk attends to the rows before it too.
 */
function streamedPass(hw: GroqProfile, model: ModelSpec, sys: GroqSystem, shape: StepShape, o: CostOptions): PassTiming {
  const S = sys.stages;
  const P = sys.concurrentStages;
  const rows = shape.batch * shape.tokens;
  let best: PassTiming | undefined;
  let bestMs = Infinity;
  for (let m = 1; m <= Math.min(rows, 4096); m = m < 64 ? m + 1 : Math.ceil(m * 1.05)) {
    const chunk = rows / m;
    const seqs = m <= shape.batch ? shape.batch / m : 1;
    const rowsPerSeq = chunk / seqs;
    const p = passTiming(hw, model, sys, seqs, rowsPerSeq, shape.context + (shape.tokens - rowsPerSeq) / 2, shape.phase, o);
    const occupancy = (hw.blockUs * S) / P / 1e3 + p.chipMs;
    const ms = (S * hw.blockUs) / 1e3 + p.workMs + p.netMs + (m - 1) * occupancy;
    if (ms < bestMs) {
      bestMs = ms;
      // Spread the queueing of the later chunks over fixed and work time in proportion.
      const fixed = (S * hw.blockUs) / 1e3 + (m - 1) * (hw.blockUs * S) / P / 1e3;
      best = { fixedMs: fixed, workMs: p.workMs + (m - 1) * p.chipMs, computeBound: p.computeBound, netMs: p.netMs, passes: m, work: p.work };
    }
  }
  return best!;
}

export function groqStepCost(hw: GroqProfile, model: ModelSpec, shape: StepShape, o: CostOptions): StepCost {
  const sys = groqSystem(hw, model, shape, o);
  const S = sys.stages;
  const P = sys.concurrentStages;
  let t: PassTiming;
  if (shape.phase === 'decode') {
    // Sequences in flight, one micro-batch per stage at most: no sequence ever waits.
    const mu = Math.ceil(shape.batch / P);
    const passes = Math.ceil(shape.batch / mu);
    const p = passTiming(hw, model, sys, mu, shape.tokens, shape.context, 'decode', o);
    t = { fixedMs: (S * hw.blockUs) / 1e3, workMs: p.workMs, computeBound: p.computeBound, netMs: p.netMs, passes, work: p.work };
    // Many rows per sequence (a verified chain or tree) can stream through the pipeline in chunks, as a prompt does.
    if (shape.tokens > 1) {
      const streamed = streamedPass(hw, model, sys, shape, o);
      if (total(streamed) < total(t)) t = streamed;
    }
  } else {
    t = streamedPass(hw, model, sys, shape, o);
  }
  const ms = t.fixedMs + t.workMs + t.netMs;
  const breakdown: Record<string, number> = { blockFixed: t.fixedMs, [t.computeBound ? 'compute' : 'sram']: t.workMs, chipToChip: t.netMs };
  const byBound: Record<Bound, number> = {
    compute: t.computeBound ? t.workMs : 0,
    memory: t.computeBound ? 0 : t.workMs,
    overhead: t.fixedMs,
    network: t.netMs,
  };
  // Per chip, over the whole step (all passes).
  return { ms, bound: boundOf(byBound), breakdown, byBound, flops: (t.work.flops * t.passes) / sys.chips, bytes: (t.work.sramBytes * t.passes) / sys.chips };
}

/**
 * Memory footprint on Groq in the shape `memoryFootprint` reports: `devices`
 * are chips; capacity grows with the system, so there is no largest batch.
 */
export function groqMemoryFootprint(
  hw: GroqProfile, models: readonly ModelSpec[], load: { batch: number; contextTokens: number }, opts: Partial<CostOptions> = {},
): MemoryFootprint {
  const o = { ...DEFAULT_COST_OPTIONS, ...opts };
  const bpp = groqWeightBytesPerParam(hw, o);
  const weights = models.reduce((s, m) => s + paramCount(m).total, 0) * bpp;
  const kv = models.reduce((s, m) => s + kvCacheBytes(m, load.batch, load.contextTokens, o), 0);
  const per = hw.sramBytes * hw.sramUsable;
  const devices = Math.max(1, Math.ceil((weights + kv) / per));
  return { devices, weightBytes: weights / devices, kvBytes: kv / devices, capacityBytes: per, fits: true, maxBatch: null };
}
