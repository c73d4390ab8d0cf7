/**
 * Serving-engine kernels against Vidur's operator times
 * (`data/reference/vidur/`, sarathi-serve on an A100 and an H100, fp16,
 * Llama-2-7B): the predictions per operator family, and the fit of the
 * engine-kernel numbers in `data/kernels.json` (fused elementwise rates,
 * paged attention costs). GEMMs are not fitted here: they use the profiles'
 * H100-harness calibration as it is.
 */
import { readFileSync } from 'node:fs';
import { dataPath } from '../catalog/data-dir.js';
import type { AttentionKernelNumbers, GpuProfile, KernelNumbers } from '../catalog/hardware-schema.js';
import { resolveHardware } from '../hardware/resolve.js';
import { resolveModel } from '../catalog/models.js';
import { timeGpuOp } from '../cost/gpu.js';
import { DEFAULT_COST_OPTIONS, stepOperators, type AttentionOp, type CostOptions, type ElementwiseOp, type GemmOp } from '../cost/operators.js';
import { nelderMead } from './nelder-mead.js';

export type VidurFamily = 'gemm' | 'fused-norm' | 'fused-rope' | 'fused-act' | 'residual-add' | 'paged-decode' | 'paged-prefill';
export interface VidurRow { gpu: 'a100' | 'h100'; family: VidurFamily; label: string; measuredMs: number; predict: (hw: GpuProfile) => number }

const OPTS: CostOptions = { ...DEFAULT_COST_OPTIONS, weightDtype: 'fp16', kvDtype: 'fp16', kernels: { attention: 'paged-flash', fusion: 'fused' }, warmL2: true };
// Vidur's profiler times each op repeated on the same tensors, so operands that fit stay in L2 (warmL2).
const H = 4096, I = 11008, HEADS = 32, D = 128;

function csv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(dataPath('reference', 'vidur', file), 'utf8').trim().split('\n');
  const keys = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i]!, v])));
}

/**
 * A kernel's own duration, as Vidur's profiler records it: the work, without
 * the per-kernel cost (`kernelUs`) a step pays between kernels in a CUDA graph.
 * Paged attention keeps its calibrated per-call and per-sequence costs.
 */
function kernelMs(op: GemmOp | ElementwiseOp | AttentionOp, hw: GpuProfile): number {
  const t = timeGpuOp(op, hw, OPTS);
  const launchMs = (op.kernels * hw.efficiency.kernelUs) / 1e3;
  return t.workMs + Math.max(0, t.launchMs - launchMs);
}

/**
 * Operator rows from this many tokens up: prefill-sized steps, where the
 * kernel's throughput sets its time. Below, kernel durations sit on floors of
 * 1–7 µs (launch ramp and tail) that the step model carries as `kernelUs` per kernel.
 */
export const VIDUR_MIN_TOKENS = 256;

function gemmOp(m: number, n: number, k: number): GemmOp {
  return { kind: 'gemm', group: 'mlp', repeat: 1, kernels: 1, m, n, k, groups: 1, weightBytes: n * k * 2, actBytes: m * (n + k) * 2, flops: 2 * m * n * k };
}

const elementwise = (bytes: number, rate: ElementwiseOp['rate']): ElementwiseOp => ({ kind: 'elementwise', group: 'norms', repeat: 1, kernels: 1, bytes, rate });

function attentionOp(batch: number, tokens: number, context: number, phase: 'decode' | 'prefill'): AttentionOp {
  const op = stepOperators(resolveModel('llama2-7b'), { batch, tokens, context, phase }, OPTS).find((o) => o.kind === 'attention');
  return op as AttentionOp;
}

/** Every Vidur row with its prediction (the profile passed in decides the GPU's numbers). */
export function vidurRows(): VidurRow[] {
  const rows: VidurRow[] = [];
  for (const r of csv('llama2-7b-ops-tp1.csv')) {
    const gpu = r.gpu as 'a100' | 'h100';
    const m = Number(r.num_tokens);
    if (m < VIDUR_MIN_TOKENS) continue;
    const add = (family: VidurFamily, op: string, build: () => GemmOp | ElementwiseOp) => {
      const op0 = build();
      rows.push({ gpu, family, label: `${gpu} ${op} ${m} tokens`, measuredMs: Number(r[op]), predict: (hw) => kernelMs(op0, hw) });
    };
    add('gemm', 'attn_pre_proj', () => gemmOp(m, 3 * H, H));
    add('gemm', 'attn_post_proj', () => gemmOp(m, H, H));
    add('gemm', 'mlp_up_proj', () => gemmOp(m, 2 * I, H));
    add('gemm', 'mlp_down_proj', () => gemmOp(m, H, I));
    add('fused-norm', 'input_layernorm', () => elementwise(2 * m * H * 2, 'fused-norm'));
    add('fused-norm', 'post_attention_layernorm', () => elementwise(2 * m * H * 2, 'fused-norm'));
    add('fused-rope', 'attn_rope', () => elementwise(2 * m * 2 * HEADS * D * 2, 'fused-rope'));
    add('fused-act', 'mlp_act', () => elementwise(3 * m * I * 2, 'fused-act'));
    add('residual-add', 'add', () => elementwise(3 * m * H * 2, 'copy'));
  }
  for (const r of csv('a100-llama2-7b-attention.csv')) {
    const prefill = r.phase === 'prefill';
    const batch = Number(r.batch), q = Number(r.query_tokens_per_seq), kv = Number(r.kv_tokens_per_seq);
    const op = attentionOp(batch, q, kv, prefill ? 'prefill' : 'decode');
    rows.push({
      gpu: 'a100', family: prefill ? 'paged-prefill' : 'paged-decode', measuredMs: Number(r.ms_per_layer),
      label: prefill ? `a100 paged prefill ${q} tokens over ${kv}` : `a100 paged decode batch ${batch} over ${kv}`,
      predict: (hw) => kernelMs(op, hw),
    });
  }
  return rows;
}

export const VIDUR_FAMILIES: readonly VidurFamily[] = ['gemm', 'fused-norm', 'fused-rope', 'fused-act', 'residual-add', 'paged-decode', 'paged-prefill'];

export function vidurProfiles(): Record<'a100' | 'h100', GpuProfile> {
  return { a100: resolveHardware('a100-sxm') as GpuProfile, h100: resolveHardware('h100-sxm') as GpuProfile };
}

/** Mean absolute relative error of the rows. */
export function mape(rows: readonly VidurRow[], hw: Record<'a100' | 'h100', GpuProfile>): number {
  return rows.reduce((s, r) => s + Math.abs(r.predict(hw[r.gpu]) / r.measuredMs - 1), 0) / Math.max(1, rows.length);
}

const withKernels = (hw: GpuProfile, k: KernelNumbers): GpuProfile => ({ ...hw, kernels: { ...hw.kernels, ...k } });

/**
 * Fit the engine-kernel numbers to Vidur's rows: each fused kernel's bytes per
 * SM clock on both GPUs at once (one number that must carry over between
 * them), then the paged decode and prefill costs on the A100 rows.
 */
export function fitVidurKernels(): KernelNumbers {
  const rows = vidurRows();
  const base = vidurProfiles();
  const on = (k: KernelNumbers) => ({ a100: withKernels(base.a100, k), h100: withKernels(base.h100, k) });
  const fused = { norm: 4, rope: 6, act: 7 };
  // The residual add over operands left in L2: one bytes-per-SM-clock rate for both GPUs.
  const add = rows.filter((r) => r.family === 'residual-add');
  const warm = (x: number[]) => ({ 'warm-l2': { bytesPerSmClk: Math.max(1, x[0]!) } });
  const warmL2 = warm([Number(Math.max(1, nelderMead((x) => mape(add, on(warm(x))), [14], { step: [2] }).x[0]!).toPrecision(3))])['warm-l2'];
  for (const kind of ['norm', 'rope', 'act'] as const) {
    const fam = rows.filter((r) => r.family === `fused-${kind}`);
    const f = (x: number[]) => mape(fam, on({ fused: { ...fused, [kind]: Math.max(0.1, x[0]!) } }));
    fused[kind] = Number(Math.max(0.1, nelderMead(f, [fused[kind]], { step: [1] }).x[0]!).toPrecision(3));
  }
  const decode = rows.filter((r) => r.family === 'paged-decode');
  const asPaged = (x: number[]): AttentionKernelNumbers => ({ pagedBw: Math.min(1.2, Math.max(0.1, x[0]!)), perCallUs: Math.max(0, x[1]!), perSeqUs: Math.max(0, x[2]!) });
  const d = nelderMead((x) => mape(decode, on({ fused, 'paged-flash': asPaged(x) })), [1, 5, 1], { iterations: 3000 }).x;
  const prefill = rows.filter((r) => r.family === 'paged-prefill');
  const paged0 = asPaged(d);
  const asPrefill = (x: number[]) => ({ prefillCausal: Math.min(1, Math.max(0.01, x[0]!)), prefillPrefix: Math.min(1, Math.max(0.01, x[1]!)) });
  const p = nelderMead((x) => mape(prefill, on({ fused, 'paged-flash': { ...paged0, ...asPrefill(x) } })), [0.15, 0.45], { iterations: 3000 }).x;
  const round = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Number(v.toPrecision(3))]));
  const paged = round({ ...paged0, ...asPrefill(p) }) as AttentionKernelNumbers;
  return { fused, 'warm-l2': warmL2, 'paged-flash': paged, 'paged-flashinfer': paged };
}
