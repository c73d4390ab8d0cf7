import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import type { GroqProfile } from '../src/catalog/hardware-schema.js';
import { stepCost } from '../src/cost/step-cost.js';
import { groqChips, groqMemoryFootprint, groqSystem } from '../src/cost/groq.js';
import { calibrateGroq } from '../src/cost/groq-calibrate.js';
import { alphaForTokens, groqSpeculationNeeded } from '../src/cost/groq-speculation.js';
import { expectedTokens } from '../src/acceptance/expected.js';
import { DEFAULT_COST_OPTIONS } from '../src/cost/operators.js';

const groq = resolveHardware('groq-lpu') as GroqProfile;
const one = { batch: 1, tokens: 1, context: 512, phase: 'decode' as const };

/** `specsim cost --hardware groq-lpu --model <id> --batch 1 --tokens 1 --json`, through the built CLI (`npm test` builds first). */
function cliMs(model: string): number {
  const out = execFileSync(process.execPath, ['dist/src/bin.js', 'cost', '--hardware', 'groq-lpu', '--model', model, '--batch', '1', '--tokens', '1', '--json'], { encoding: 'utf8' });
  return (JSON.parse(out) as { points: { ms: number }[] }).points[0]!.ms;
}
// The CLI and the library must agree; the library is the fallback when nothing is built.
const ms = (id: string) => {
  const lib = stepCost(groq, resolveModel(id), one).ms;
  if (!existsSync('dist/src/bin.js')) return lib;
  const cli = cliMs(id);
  expect(cli).toBeCloseTo(lib, 9);
  return cli;
};

describe('Groq single-user speeds against published figures', () => {
  test('llama2-70b batch 1: between Groq press ~300 tok/s (3.33 ms, secondary) and LLMPerf 2024-01 ITL p50 5.32 ms', () => {
    const t = ms('llama2-70b');
    expect(t).toBeGreaterThan(1000 / 300);
    expect(t).toBeLessThan(5.32);
  });
  test('llama2-7b batch 1: within 20% of Groq press ~750 tok/s (secondary)', () => {
    expect(Math.abs(1000 / ms('llama2-7b') / 750 - 1)).toBeLessThan(0.2);
  });
  test('mixtral-8x7b batch 1: within 20% of Groq press ~480 tok/s (secondary)', () => {
    expect(Math.abs(1000 / ms('mixtral-8x7b') / 480 - 1)).toBeLessThan(0.2);
  });
  test('llama2-70b at 8-bit weights spans ~576 chips (secondary)', () => {
    expect(groqChips(groq, resolveModel('llama2-70b'))).toBe(576);
    expect(groqMemoryFootprint(groq, [resolveModel('llama2-70b')], { batch: 1, contextTokens: 0 }).devices).toBe(576);
  });
});

describe('calibration', () => {
  test('the shipped groq-lpu profile equals calibrateGroq() (within rounding)', () => {
    const c = calibrateGroq(groq);
    console.log(`calibrateGroq: blockUs ${c.blockUs} µs, sramUsable ${c.sramUsable}; ` +
      c.residuals.map((r) => `${r.model} ${r.predictedMs.toFixed(3)} ms vs ${r.targetMs.toFixed(3)} (${(r.error * 100).toFixed(1)}%)`).join(', '));
    expect(groq.blockUs).toBeCloseTo(c.blockUs, 2);
    expect(groq.sramUsable).toBeCloseTo(c.sramUsable, 3);
    expect(c.chipsLlama2_70b).toBe(576);
    for (const r of c.residuals) expect(Math.abs(r.error)).toBeLessThan(0.2);
  });
  test('calibration is deterministic', () => {
    expect(calibrateGroq(groq)).toEqual(calibrateGroq(groq));
  });
});

describe('chips', () => {
  test('chip count grows with model size', () => {
    const ids = ['llama3.2-1b', 'llama2-7b', 'llama2-13b', 'mixtral-8x7b', 'llama2-70b', 'llama3.1-405b'];
    const chips = ids.map((id) => groqChips(groq, resolveModel(id)));
    for (let i = 1; i < chips.length; i++) expect(chips[i]!).toBeGreaterThan(chips[i - 1]!);
  });
  test('lower-precision weights need fewer chips (weightDtype fp16 > int8 = fp8 = profile default > int4)', () => {
    const m = resolveModel('llama2-70b');
    const chips = (weightDtype: typeof DEFAULT_COST_OPTIONS.weightDtype) => groqSystem(groq, m, { batch: 1, context: 0, tokens: 1 }, { ...DEFAULT_COST_OPTIONS, weightDtype }).weightChips;
    expect(chips('fp16')).toBeGreaterThan(chips('int8'));
    expect(chips('int8')).toBe(chips('fp8'));
    expect(chips('bf16')).toBe(chips('int8')); // the default means the profile's 8-bit storage
    expect(chips('int4')).toBeLessThan(chips('int8'));
    expect(chips('fp16')).toBeGreaterThanOrEqual(2 * chips('int8') - 1);
  });
  test('the KV cache competes for SRAM: more sequences or context, more chips', () => {
    const m = resolveModel('llama2-70b');
    const c = (batch: number, context: number) => groqSystem(groq, m, { batch, context, tokens: 1 }, DEFAULT_COST_OPTIONS).chips;
    expect(c(64, 4096)).toBeGreaterThan(c(1, 4096));
    expect(c(8, 4096)).toBeGreaterThan(c(8, 512));
  });
});

describe('batch behaviour', () => {
  test('latency vs batch is flat until the pipeline fills, then grows', () => {
    for (const id of ['llama2-70b', 'llama2-7b', 'mixtral-8x7b']) {
      const m = resolveModel(id);
      const P = groqSystem(groq, m, one, DEFAULT_COST_OPTIONS).concurrentStages;
      const base = stepCost(groq, m, one).ms;
      for (const b of [2, 4, 8, Math.floor(P / 2), P]) expect(stepCost(groq, m, { ...one, batch: b }).ms / base).toBeLessThan(1.01);
      expect(stepCost(groq, m, { ...one, batch: 8 * P }).ms / base).toBeGreaterThan(1.05);
      expect(stepCost(groq, m, { ...one, batch: 32 * P }).ms).toBeGreaterThan(stepCost(groq, m, { ...one, batch: 8 * P }).ms);
    }
  });
  test('deterministic, accounted, and never faster with more work', () => {
    fc.assert(fc.property(
      fc.constantFrom('llama2-7b', 'llama2-70b', 'mixtral-8x7b', 'llama3.2-1b', 'llama2-7b+eagle', 'llama2-7b+medusa4'),
      fc.integer({ min: 1, max: 2048 }), fc.integer({ min: 1, max: 32 }), fc.integer({ min: 0, max: 4096 }),
      fc.constantFrom('decode', 'prefill'), fc.constantFrom('bf16', 'fp16', 'int8', 'int4'),
      (id, batch, tokens, context, phase, weightDtype) => {
        const m = resolveModel(id);
        const shape = { batch, tokens, context, phase: phase as 'decode' | 'prefill' };
        const o = { weightDtype: weightDtype as 'bf16' };
        const c = stepCost(groq, m, shape, o);
        expect(stepCost(groq, m, shape, o)).toEqual(c);
        const sum = Object.values(c.breakdown).reduce((a, b) => a + b, 0);
        const byBound = Object.values(c.byBound).reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(c.ms, 9);
        expect(byBound).toBeCloseTo(c.ms, 9);
        expect(c.ms).toBeGreaterThan(0);
        expect(c.flops).toBeGreaterThan(0);
        expect(c.bytes).toBeGreaterThan(0);
        if (phase === 'decode') expect(stepCost(groq, m, { ...shape, tokens: tokens + 1 }, o).ms).toBeGreaterThanOrEqual(c.ms * (1 - 1e-3));
      }), { numRuns: 150 });
  });
});

describe('speculation on Groq (Llama-3.1-70B 250 → ~1,660 tok/s, Groq, secondary)', () => {
  test('E = (1 − α^(γ+1)) / (1 − α) (Leviathan et al. 2023) and its inverse', () => {
    expect(expectedTokens(0.8, 2)).toBeCloseTo(2.44, 2);
    expect(expectedTokens(1, 4)).toBe(5);
    expect(alphaForTokens(expectedTokens(0.7, 5), 5)).toBeCloseTo(0.7, 6);
    expect(alphaForTokens(7, 5)).toBeNull();
  });
  test('groqSpeculationNeeded reports the acceptance and draft the published speedup needs', () => {
    const r = groqSpeculationNeeded(groq);
    console.log(`llama3.1-70b on groq-lpu: ${r.baselineTokPerS.toFixed(0)} tok/s autoregressive; goal ${r.reference.specTokPerS} tok/s (${r.goalMs.toFixed(3)} ms/token); ` +
      `free draft needs α ≥ ${r.freeDraftBest?.alpha.toFixed(3)} at γ ${r.freeDraftBest?.gamma}; ` +
      r.drafts.map((d) => `${d.draft} ${d.placement} (${d.draftMs.toFixed(3)} ms/draft token, ${d.chips} chips, ceiling ${d.ceilingTokPerS.toFixed(0)} tok/s): ${d.best ? `α ≥ ${d.best.alpha.toFixed(3)} at γ ${d.best.gamma}` : 'unreachable'}`).join('; '));
    // The autoregressive baseline is within 20% of the published 250 tok/s.
    expect(Math.abs(r.baselineTokPerS / 250 - 1)).toBeLessThan(0.2);
    // A separate draft model whose own step is slower than the goal's per-token time can never reach it.
    for (const d of r.drafts) if (d.draftMs > r.goalMs) expect(d.best).toBeNull();
    // A one-layer EAGLE-style draft can, at a high acceptance.
    const eagle = r.drafts.find((d) => d.draft.endsWith('+eagle'))!;
    expect(eagle.best).not.toBeNull();
    expect(eagle.best!.alpha).toBeGreaterThan(0.85);
    expect(r.freeDraftBest!.alpha).toBeGreaterThan(0.8);
  });
});
