/**
 * Fitting a GPU profile's efficiency parameters to step-latency measurements.
 * The datasheet peaks stay fixed; only parameters with a physical meaning are
 * fitted (see `GpuEfficiencySchema`), so the result transfers to other shapes
 * and to other GPUs of the family.
 */
import type { GpuEfficiency, GpuProfile } from '../catalog/hardware-schema.js';
import { timeGpuOp } from '../cost/gpu.js';
import { ACT_BYTES, DEFAULT_COST_OPTIONS, WEIGHT_BYTES, type GemmOp } from '../cost/operators.js';
import { gpuStepCost } from '../cost/step-cost.js';
import { DEFAULT_KERNELS } from '../cost/kernels.js';
import { eagleDraftOf, medusaHeadsOf } from '../catalog/models.js';
import type { GemmMeasurement, MeasurementSet, StepMeasurement } from './measurements.js';
import { nelderMead } from './nelder-mead.js';

export interface FitRow {
  label: string;
  group: string;
  measuredMs: number;
  predictedMs: number;
  /** (predicted − measured) / measured. */
  error: number;
}

/** The fitted parameters, in a fixed order, with bounds. */
/**
 * Not fitted: `l2BytesPerSmClk`, the GEMM tiles' operand feed, is the A100
 * whitepaper's L2 read bandwidth per SM per clock (a profile constant with its
 * note), so that the GEMM rows are not its only evidence.
 */
const FITTED: { key: Exclude<keyof GpuEfficiency, 'l2BytesPerSmClk'>; lo: number; hi: number }[] = [
  { key: 'gemm', lo: 0.3, hi: 1 },
  { key: 'decodeAttention', lo: 0.02, hi: 1 },
  { key: 'elementwiseBytesPerSmClk', lo: 0.5, hi: 64 },
  { key: 'rooflineP', lo: 1, hi: 50 },
  { key: 'kernelUs', lo: 0, hi: 20 },
  { key: 'blockBwShare', lo: 1, hi: 16 },
  { key: 'gemmMemBw', lo: 0.5, hi: 1 },
];

export function predictGemmMs(hw: GpuProfile, g: Pick<GemmMeasurement, 'm' | 'n' | 'k'>): number {
  const op: GemmOp = {
    kind: 'gemm', group: 'mlp', repeat: 1, kernels: 1, m: g.m, n: g.n, k: g.k, groups: 1,
    weightBytes: g.n * g.k * WEIGHT_BYTES.bf16, actBytes: g.m * (g.n + g.k) * ACT_BYTES, flops: 2 * g.m * g.n * g.k,
  };
  const t = timeGpuOp(op, hw, DEFAULT_COST_OPTIONS);
  return t.workMs + t.launchMs;
}

/**
 * The model a row times: the target, its Medusa heads or its EAGLE drafter;
 * and the kernels: a tree passes a boolean mask, which PyTorch's SDPA runs
 * with the memory-efficient kernel (flash takes no mask).
 */
export function predictStepMs(hw: GpuProfile, set: MeasurementSet, s: StepMeasurement): number {
  const target = set.models.get(s.model)!;
  const model = s.kind === 'medusa' ? medusaHeadsOf(target, s.heads ?? 1) : s.kind === 'eagle' ? eagleDraftOf(target) : target;
  const shape = { batch: s.batch, tokens: s.q, context: s.ctx, phase: s.kind === 'prefill' ? 'prefill' as const : 'decode' as const, ...(s.kind === 'tree' ? { tree: true } : {}) };
  return gpuStepCost(hw, model, shape, { ...DEFAULT_COST_OPTIONS, cudaGraphs: s.kind !== 'decode_eager', kernels: DEFAULT_KERNELS }).ms;
}

export const gemmLabel = (g: GemmMeasurement): string => `${g.kind} ${g.m}x${g.n}x${g.k}`;
export const stepLabel = (s: StepMeasurement): string => `${s.kind} ${s.model}${s.kind === 'medusa' ? ` heads${s.heads}` : ''} b${s.batch} q${s.q} ctx${s.ctx}`;

/** The measurements whose row label does not match `pattern` (for fitting with some rows held out). */
export function withoutRows(set: MeasurementSet, pattern: RegExp): MeasurementSet {
  return { ...set, steps: set.steps.filter((s) => !pattern.test(stepLabel(s))), gemms: set.gemms.filter((g) => !pattern.test(gemmLabel(g))) };
}

/** Predicted vs. measured for every step and GEMM row. */
export function compareRows(hw: GpuProfile, set: MeasurementSet): FitRow[] {
  const rows: FitRow[] = [];
  for (const g of set.gemms) {
    const p = predictGemmMs(hw, g);
    rows.push({ label: gemmLabel(g), group: g.kind, measuredMs: g.ms, predictedMs: p, error: (p - g.ms) / g.ms });
  }
  for (const s of set.steps) {
    const p = predictStepMs(hw, set, s);
    rows.push({ label: stepLabel(s), group: `${s.kind} ${s.model}`, measuredMs: s.ms, predictedMs: p, error: (p - s.ms) / s.ms });
  }
  return rows;
}

export function meanAbsError(rows: readonly FitRow[]): number {
  return rows.reduce((s, r) => s + Math.abs(r.error), 0) / Math.max(1, rows.length);
}

function withEfficiency(hw: GpuProfile, eff: Partial<GpuEfficiency>): GpuProfile {
  return { ...hw, efficiency: { ...hw.efficiency, ...eff } };
}

/**
 * Fit the efficiency parameters of `base` to the measurements: memory
 * efficiency from the copy rows, the rest by minimising the mean absolute
 * percentage error over graph-captured steps and GEMMs; the eager host cost
 * last, from the eager rows alone.
 */
export function fitGpuProfile(base: GpuProfile, set: MeasurementSet): { profile: GpuProfile; rows: FitRow[]; mape: number } {
  let hw = base;
  if (set.copies.length > 0) {
    const gbps = set.copies.reduce((s, c) => s + c.GBps, 0) / set.copies.length;
    hw = withEfficiency(hw, { memBw: Math.min(1, (gbps * 1e9) / hw.memBwBytesPerS) });
  }
  const graphSteps = set.steps.filter((s) => s.kind !== 'decode_eager');
  const clamp = (x: number[]) => Object.fromEntries(FITTED.map((p, i) => [p.key, Math.min(p.hi, Math.max(p.lo, x[i]!))])) as Partial<GpuEfficiency>;
  const objective = (x: number[]): number => {
    const h = withEfficiency(hw, clamp(x));
    let err = 0;
    for (const s of graphSteps) err += Math.abs(predictStepMs(h, set, s) / s.ms - 1);
    for (const g of set.gemms) err += Math.abs(predictGemmMs(h, g) / g.ms - 1);
    return err / (graphSteps.length + set.gemms.length);
  };
  let x = FITTED.map((p) => hw.efficiency[p.key]);
  for (let round = 0; round < 3; round++) x = nelderMead(objective, x, { iterations: 1500 }).x;
  hw = withEfficiency(hw, clamp(x));

  const eager = set.steps.filter((s) => s.kind === 'decode_eager');
  if (eager.length > 0) {
    const eagerObjective = (e: number[]) => eager.reduce((s, r) => s + Math.abs(predictStepMs(withEfficiency(hw, { eagerKernelUs: Math.max(0, e[0]!) }), set, r) / r.ms - 1), 0);
    const e = nelderMead(eagerObjective, [hw.efficiency.eagerKernelUs], { step: [5] }).x[0]!;
    hw = withEfficiency(hw, { eagerKernelUs: Math.max(0, e) });
  }
  const rounded = Object.fromEntries(Object.entries(hw.efficiency).map(([k, v]) => [k, Number(v.toPrecision(4))])) as GpuEfficiency;
  hw = { ...hw, efficiency: rounded };
  const rows = compareRows(hw, set);
  return { profile: hw, rows, mape: meanAbsError(rows.filter((r) => !r.group.startsWith('decode_eager'))) };
}
