import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listHardware, resolveHardware } from '../src/hardware/resolve.js';
import { gpuSchemas } from '../src/catalog/hardware-schema.js';
import { z } from '../src/zod.js';
import { UserError } from '../src/errors.js';
import { stepCost } from '../src/cost/step-cost.js';
import { resolveModel } from '../src/catalog/models.js';

const { GpuEfficiencySchema } = gpuSchemas(z);

const tmp = mkdtempSync(join(tmpdir(), 'specsim-hw-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Doc = Record<string, unknown> & { efficiency?: Record<string, unknown>; flopsPerS?: Record<string, unknown> };
const h100File = (): Doc => JSON.parse(readFileSync('data/hardware/h100-sxm.json', 'utf8')) as Doc;
const h200File = (): Doc => JSON.parse(readFileSync('data/hardware/h200-sxm.json', 'utf8')) as Doc;

function badProfile(doc: Doc): UserError {
  const p = join(tmp, `p${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(p, JSON.stringify(doc));
  try { resolveHardware(p); } catch (e) { expect(e).toBeInstanceOf(UserError); return e as UserError; }
  throw new Error('expected a UserError');
}

describe('hardware profiles', () => {
  it('ships every GPU users ask for', () => {
    const ids = listHardware().map((h) => h.id);
    for (const id of ['h100-sxm', 'a100-sxm', 'a100-sxm-40gb', 'h200-sxm', 'b200', 'mi300x', 'l40s', 'l4', 'rtx-4090', 'rtx-3090', 'groq-lpu']) expect(ids).toContain(id);
  });

  it('every profile has a price and a TDP, each with a note, and every datasheet field a note', () => {
    for (const h of listHardware()) {
      expect(h.listPriceUsd).toBeGreaterThan(0);
      expect(h.tdpW).toBeGreaterThan(0);
      for (const k of ['listPriceUsd', 'tdpW']) expect(h.notes[k], `${h.id} notes.${k}`).toMatch(/\w/);
      if (h.kind !== 'gpu') continue;
      for (const k of ['memoryBytes', 'memBwBytesPerS', 'flopsPerS', 'sms', 'clockMhz', 'link']) expect(h.notes[k], `${h.id} notes.${k}`).toMatch(/\w/);
      expect(GpuEfficiencySchema.parse(h.efficiency)).toEqual(h.efficiency);
    }
  });

  it('a datasheet-only profile inherits the measured kernel behaviour, overriding only what it gives', () => {
    const h100 = resolveHardware('h100-sxm');
    const h200 = resolveHardware('h200-sxm');
    const a100 = resolveHardware('a100-sxm');
    if (h100.kind !== 'gpu' || h200.kind !== 'gpu' || a100.kind !== 'gpu') throw new Error('gpu');
    expect(h200.efficiency).toEqual(h100.efficiency);
    expect(a100.efficiency).toEqual({ ...h100.efficiency, attention: 0.93 });
  });

  it('H200 (1.43x the bandwidth, same compute): batch-1 decode gains less than the bandwidth ratio, compute-bound prefill nothing', () => {
    const m = resolveModel('llama2-7b');
    const d = (id: string) => stepCost(resolveHardware(id), m, { batch: 1, tokens: 1, context: 512, phase: 'decode' }).ms;
    const p = (id: string) => stepCost(resolveHardware(id), m, { batch: 1, tokens: 4096, context: 0, phase: 'prefill' }).ms;
    const gain = d('h100-sxm') / d('h200-sxm');
    expect(gain).toBeGreaterThan(1.15);
    expect(gain).toBeLessThan(4.8 / 3.35);
    expect(p('h100-sxm') / p('h200-sxm')).toBeLessThan(1.05);
  });

  it('a zero or negative peak, a missing field or a bad efficiencyFrom is a user error naming the field', () => {
    const zero = h200File(); zero.memBwBytesPerS = 0;
    expect(badProfile(zero).where).toMatch(/\$\.memBwBytesPerS$/);
    const neg = h200File(); neg.flopsPerS = { ...neg.flopsPerS, bf16: -1 };
    expect(badProfile(neg).where).toMatch(/\$\.flopsPerS\.bf16$/);
    const noClock = h200File(); delete noClock.clockMhz;
    expect(badProfile(noClock).message).toMatch(/clockMhz/);
    const noPrice = h100File(); delete noPrice.listPriceUsd;
    expect(badProfile(noPrice).message).toMatch(/listPriceUsd/);
    const noEff = h100File(); delete noEff.efficiency!.gemm;
    const e = badProfile(noEff);
    expect(e.message).toMatch(/efficiency\.gemm.*efficiencyFrom/);
    const from = h200File(); from.efficiencyFrom = 'h300';
    expect(badProfile(from).message).toMatch(/efficiencyFrom must name a measured GPU profile \(one of .*h100-sxm.*\), got 'h300'/);
    const chained = h200File(); chained.efficiencyFrom = 'a100-sxm';
    expect(badProfile(chained).where).toMatch(/\$\.efficiencyFrom$/);
    const noFeed = h100File(); noFeed.efficiency!.l2BytesPerSmClk = 0;
    expect(badProfile(noFeed).where).toMatch(/\$\.efficiency\.l2BytesPerSmClk$/);
  });

  it('a measured profile written before the L2 operand feed existed still loads: without l2BytesPerSmClk a GEMM tile is bound by its math alone', () => {
    const old = h100File(); delete old.efficiency!.l2BytesPerSmClk; old.id = 'h100-old';
    const p = join(tmp, 'h100-old.json');
    writeFileSync(p, JSON.stringify(old));
    const hw = resolveHardware(p);
    const shape = { batch: 512, tokens: 1, context: 512, phase: 'decode' as const };
    const m = resolveModel('llama2-7b');
    // The feed only ever adds time: a GEMM whose tiles wait on L2 is slower with it than without.
    expect(stepCost(resolveHardware('h100-sxm'), m, shape).breakdown.mlp!).toBeGreaterThanOrEqual(stepCost(hw, m, shape).breakdown.mlp!);
  });
});
