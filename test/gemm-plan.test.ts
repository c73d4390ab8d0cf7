/**
 * GEMMs as the library runs them (cost/gpu.ts gemmPlan): output tiles in
 * waves over the SMs, each tile bounded by its math or its operand feed from
 * L2, split-K when there are too few tiles to fill the SMs.
 */
import { describe, expect, test } from 'vitest';
import { resolveHardware } from '../src/hardware/resolve.js';
import type { GpuProfile } from '../src/catalog/hardware-schema.js';
import { gemmPeakFlops, gemmPlan } from '../src/cost/gpu.js';
import { DEFAULT_COST_OPTIONS } from '../src/cost/operators.js';

const h100 = resolveHardware('h100-sxm') as GpuProfile;
const peak = gemmPeakFlops(h100, DEFAULT_COST_OPTIONS);
const only = (tile: [number, number]): GpuProfile => ({ ...h100, gemmTiles: [tile] });
const shape = (m: number, n: number, k: number) => ({ m, n, k, groups: 1, weightBytes: n * k * 2 });

describe('GEMM plan', () => {
  test('a 64 × 64 tile waits on its operands from L2, a 128 × 256 tile on its math', () => {
    expect(gemmPlan(shape(8192, 8192, 8192), only([64, 64]), peak).feedBound).toBe(true);
    expect(gemmPlan(shape(8192, 8192, 8192), only([128, 256]), peak).feedBound).toBe(false);
  });

  test('without the feed rate a tile is bound by its math alone, so the feed only ever adds time', () => {
    const { l2BytesPerSmClk: _, ...eff } = h100.efficiency;
    const noFeed: GpuProfile = { ...h100, efficiency: eff };
    for (const m of [16, 256, 512, 513, 2048]) {
      expect(gemmPlan(shape(m, 22016, 4096), h100, peak).ms).toBeGreaterThanOrEqual(gemmPlan(shape(m, 22016, 4096), noFeed, peak).ms);
    }
  });

  test('too few output tiles to fill the SMs split K (a 256-token down projection: 32 tiles of 128 × 256 on 132 SMs)', () => {
    const plan = gemmPlan(shape(256, 4096, 11008), h100, peak);
    expect(plan.splits).toBeGreaterThan(1);
    expect(plan.blocks).toBeLessThanOrEqual(2 * h100.sms);
  });

  test('a prefill-sized product takes a large tile and runs near the fitted peak', () => {
    const plan = gemmPlan(shape(4096, 22016, 4096), h100, peak);
    expect(plan.tile[0] * plan.tile[1]).toBeGreaterThanOrEqual(128 * 192);
    const flopsPerMs = (2 * 4096 * 22016 * 4096) / plan.ms;
    expect(flopsPerMs / ((peak * h100.efficiency.gemm) / 1e3)).toBeGreaterThan(0.95);
  });

  test('time never falls as rows grow (every plan is monotone in m, and the best of them too)', () => {
    let last = 0;
    for (let m = 1; m <= 1200; m += 7) {
      const ms = gemmPlan(shape(m, 4096, 4096), h100, peak).ms;
      expect(ms).toBeGreaterThanOrEqual(last);
      last = ms;
    }
  });
});

describe('GEMM plans remembered', () => {
  test('the same shape gives the same plan; a profile edited in place (same tile list) is planned again', () => {
    const hw: GpuProfile = { ...h100, efficiency: { ...h100.efficiency } };
    const first = gemmPlan(shape(512, 4096, 4096), hw, peak);
    expect(gemmPlan(shape(512, 4096, 4096), hw, peak)).toEqual(first);
    hw.efficiency.gemm /= 2;
    const slower = gemmPlan(shape(512, 4096, 4096), hw, peak);
    expect(slower.ms).toBeGreaterThan(first.ms);
    hw.efficiency.gemm *= 2;
    expect(gemmPlan(shape(512, 4096, 4096), hw, peak).ms).toBe(first.ms);
  });
});
