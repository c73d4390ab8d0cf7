/**
 * TensorRT-LLM's profile: NGRAM runs without the overlap scheduler (a
 * per-method setting of the profile), and the host time is fitted on
 * TensorRT-LLM's own host-bound B200 runs (src/validate/engine-fit.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EngineProfileSchema } from '../src/catalog/engine-schema.js';
import { resolveEngine } from '../src/catalog/engines.js';
import type { GpuProfile } from '../src/catalog/hardware-schema.js';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import { engineIterationPhases, engineStepHost, hostMs, hostOverlaps } from '../src/serving/engine-method.js';
import type { Method } from '../src/methods/types.js';
import { roundMs } from '../src/serving/round.js';
import { FIT_FIGURES, fitEngines, trtllmB200GpuMs } from '../src/validate/engine-fit.js';
import { trtllmNgramCases, trtllmNgramSpeedup, TRTLLM_NGRAM_FIGURES } from '../src/validate/trtllm-ngram.js';

const trt = resolveEngine('trtllm');

describe('per-method overlap', () => {
  it('TensorRT-LLM overlaps the host for EAGLE-3, MTP and draft models but not for n-gram; other engines keep their rule', () => {
    expect(hostOverlaps(trt, false)).toBe(true);
    for (const kind of ['eagle', 'eagle3', 'mtp', 'draft']) expect(hostOverlaps(trt, true, kind), kind).toBe(true);
    expect(hostOverlaps(trt, true, 'ngram')).toBe(false);
    // Without a kind, the engine-wide rule.
    expect(hostOverlaps(trt, true)).toBe(true);
    const sg = resolveEngine('sglang');
    expect(hostOverlaps(sg, true, 'ngram')).toBe(sg.host.overlapWithSpeculation);
  });

  it('an n-gram round pays the whole host time, an EAGLE-3 round only what the GPU does not hide', () => {
    const gpu = 1.5;
    const host = hostMs(trt, 8);
    expect(host).toBeGreaterThan(gpu);
    expect(engineIterationPhases(trt, gpu, 8, true, 0, 5, 'ngram').host).toBe(host);
    expect(engineIterationPhases(trt, gpu, 8, true, 3, 4, 'eagle3').host).toBeCloseTo(host - gpu, 12);
    expect(engineIterationPhases(trt, 10, 8, true, 3, 4, 'eagle3').host).toBe(0);
  });

  it('a prefill-only step of an n-gram run pays the whole host time too, of an EAGLE run only what the GPU does not hide', () => {
    const ngram = engineStepHost(trt, { kind: 'ngram', maxAccepted: 4 } as Method)!;
    const eagle = engineStepHost(trt, { kind: 'eagle', maxAccepted: 4 } as Method)!;
    expect(ngram(8, 1)).toBe(hostMs(trt, 8));
    expect(eagle(8, 1)).toBeCloseTo(hostMs(trt, 8) - 1, 12);
  });

  it('roundMs: the n-gram round on trtllm carries a scheduler phase of the full host time', () => {
    const h100 = resolveHardware('h100-sxm') as GpuProfile;
    const llama = resolveModel('llama3.1-8b');
    const r = roundMs({ hw: h100, target: llama, engine: trt, method: { kind: 'ngram', gamma: 3, acceptance: { kind: 'iid', alpha: 0.5 } }, batch: 4 });
    expect(r.byPhase.scheduler).toBeCloseTo(hostMs(trt, 4), 12);
    const ar = roundMs({ hw: h100, target: llama, engine: trt, method: { kind: 'autoregressive' }, batch: 4 });
    expect(ar.byPhase.scheduler ?? 0).toBeLessThan(hostMs(trt, 4));
  });

  it('a profile that sets a method\'s hostOverlap without a note is refused, naming the note', () => {
    const raw = JSON.parse(readFileSync('data/engines/trtllm.json', 'utf8')) as { notes: Record<string, string> };
    expect(EngineProfileSchema.safeParse(raw).success).toBe(true);
    delete raw.notes['methods.ngram.hostOverlap'];
    const r = EngineProfileSchema.safeParse(raw);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('methods.ngram.hostOverlap');
  });
});

describe('trtllm host time fit', () => {
  it('the profile holds what the fit solves from the B200 figures (rerun node dist/bench/fit-engines.js if not)', () => {
    const fit = fitEngines();
    expect(trt.host.stepUs).toBe(Math.round(fit.trtllm.hostStepUs));
    expect(trt.host.perSeqUs).toBeCloseTo(fit.trtllm.perSeqUs, 1);
    // NIM's serving path takes more per step than TensorRT-LLM's executor: the reason it is a case parameter.
    expect(fit.nim.hostStepUs).toBeGreaterThan(fit.trtllm.hostStepUs);
  });

  it('the fit\'s premise holds: at both concurrencies the kernels take less than the host, so the runs were host-bound', () => {
    for (const c of Object.keys(FIT_FIGURES.trtllmB200Llama8bOtps).map(Number)) {
      const hostStep = hostMs(trt, c);
      expect(trtllmB200GpuMs(c), `concurrency ${c}`).toBeLessThan(hostStep);
    }
  });
});

describe('TensorRT-LLM n-gram blog cases', () => {
  it('batch 32 is the case; batch 1 and 4 (published at or above their own τ) are only facts', () => {
    const cases = trtllmNgramCases();
    expect(cases.map((c) => c.id)).toEqual(['trtllm-ngram-llama4-scout-b32']);
    expect(TRTLLM_NGRAM_FIGURES[0]!.speedup).toBeGreaterThan(1.66);
    expect(TRTLLM_NGRAM_FIGURES[1]!.speedup).toBeGreaterThan(1.66 * 0.98);
    expect(cases[0]!.facts!.publishedBatch1).toBe(TRTLLM_NGRAM_FIGURES[0]!.speedup);
    expect(cases[0]!.facts!.publishedBatch4).toBe(TRTLLM_NGRAM_FIGURES[1]!.speedup);
    for (const c of cases) expect(c.sample).toBe('out');
  });

  it('the speedup never exceeds τ, and the overlapped baseline reading is the slower one', () => {
    for (const f of TRTLLM_NGRAM_FIGURES) {
      const r = trtllmNgramSpeedup(f);
      expect(r.speedup).toBeLessThan(1.66);
      expect(r.arOverlapMs).toBeLessThan(r.arMs);
      expect(r.speedupOverlapBaseline).toBeLessThan(r.speedup);
    }
  });
});
