/**
 * Reproducible calibration of the Groq profile's two free parameters:
 *
 * - `sramUsable`: the smallest fraction (3 decimals) of a chip's SRAM at which
 *   Llama-2-70B's 8-bit weights need the reported ~576 chips;
 * - `blockUs`: the fixed cost per statically scheduled block, by least squares
 *   in log time over Groq's single-user speeds (batch 1, one new token,
 *   512 tokens of context, the `specsim cost` default).
 *
 * `test/groq.test.ts` checks that data/hardware/groq-lpu.json holds exactly
 * what this produces.
 */
import type { GroqProfile } from '../catalog/hardware-schema.js';
import { paramCount, resolveModel } from '../catalog/models.js';
import { groqStepCost } from './groq.js';
import { DEFAULT_COST_OPTIONS } from './operators.js';

export interface GroqTarget {
  model: string;
  /** Published per-user inter-token time (ms): a point, or a [low, high] bracket fitted at its log-midpoint. */
  ms: number | readonly [number, number];
  source: string;
}

export const GROQ_CHIPS_TARGET = { model: 'llama2-70b', chips: 576, source: 'Llama-2-70B served on ~576 GroqChips (secondary; SC23 talk: "over 500")' } as const;

export const GROQ_SPEED_TARGETS: readonly GroqTarget[] = [
  { model: 'llama2-70b', ms: [1000 / 300, 5.32], source: 'Groq press Feb 2024 ~300 tok/s per user (secondary) to LLMPerf 2024-01 ITL p50 5.32 ms' },
  { model: 'llama2-7b', ms: 1000 / 750, source: 'Groq press Feb 2024 ~750 tok/s per user (secondary)' },
  { model: 'mixtral-8x7b', ms: 1000 / 480, source: 'Groq press Feb 2024 ~480 tok/s per user (secondary)' },
];

/** The calibration shape: one user, one new token, 512 tokens of context. */
export const GROQ_CALIBRATION_SHAPE = { batch: 1, tokens: 1, context: 512, phase: 'decode' as const };

export function targetMs(t: GroqTarget): number {
  return typeof t.ms === 'number' ? t.ms : Math.sqrt(t.ms[0] * t.ms[1]);
}

export interface GroqResidual {
  model: string;
  source: string;
  targetMs: number;
  predictedMs: number;
  /** predicted / target − 1. */
  error: number;
}

export interface GroqCalibration {
  blockUs: number;
  sramUsable: number;
  chipsLlama2_70b: number;
  residuals: GroqResidual[];
  /** Root mean square of ln(predicted / target). */
  rmsLogError: number;
}

function goldenMin(f: (x: number) => number, lo: number, hi: number, tol = 1e-7): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo, b = hi;
  let c = b - g * (b - a), d = a + g * (b - a);
  let fc = f(c), fd = f(d);
  while (b - a > tol) {
    if (fc < fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = f(c); }
    else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = f(d); }
  }
  return (a + b) / 2;
}

/** Fit `sramUsable` then `blockUs` for `base` (its other fields are kept). Deterministic. */
export function calibrateGroq(base: GroqProfile): GroqCalibration {
  const m70 = resolveModel(GROQ_CHIPS_TARGET.model);
  const w70 = paramCount(m70).total * base.weightBytesPerParam;
  const sramUsable = Math.ceil((w70 / (GROQ_CHIPS_TARGET.chips * base.sramBytes)) * 1000) / 1000;
  const chipsLlama2_70b = Math.ceil(w70 / (base.sramBytes * sramUsable));

  const models = GROQ_SPEED_TARGETS.map((t) => ({ t, model: resolveModel(t.model), target: targetMs(t) }));
  const predict = (blockUs: number) => models.map(({ model }) =>
    groqStepCost({ ...base, sramUsable, blockUs }, model, GROQ_CALIBRATION_SHAPE, DEFAULT_COST_OPTIONS).ms);
  const loss = (x: number) => predict(x).reduce((s, p, i) => s + Math.log(p / models[i]!.target) ** 2, 0);
  const blockUs = Math.round(goldenMin(loss, 0, 500) * 100) / 100;

  const pred = predict(blockUs);
  const residuals = models.map(({ t, target }, i) => ({
    model: t.model, source: t.source, targetMs: target, predictedMs: pred[i]!, error: pred[i]! / target - 1,
  }));
  const rmsLogError = Math.sqrt(loss(blockUs) / models.length);
  return { blockUs, sramUsable, chipsLlama2_70b, residuals, rmsLogError };
}
