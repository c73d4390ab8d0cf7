/**
 * Per-method round bookkeeping (`methods.<kind>.roundUs`): the Hugging Face
 * loop's prompt lookup pays its own counted round, not the tree bookkeeping
 * fitted on EAGLE; every other method and engine keeps the engine-wide
 * constant.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EngineProfileSchema } from '../src/catalog/engine-schema.js';
import { listEngines, resolveEngine } from '../src/catalog/engines.js';
import type { GpuProfile } from '../src/catalog/hardware-schema.js';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import type { MethodSpec } from '../src/scenario/schema.js';
import { roundUs, speculationMs } from '../src/serving/engine-method.js';
import { roundMs } from '../src/serving/round.js';
import { HF_PLD_ROUND_OPS } from '../src/validate/engine-fit.js';

const a100 = resolveHardware('a100-sxm') as GpuProfile;
const vicuna = resolveModel('vicuna-7b');
const fp16 = { weightDtype: 'fp16' as const, kvDtype: 'fp16' as const };
const hf = resolveEngine('hf');
const pld: MethodSpec = { kind: 'ngram', gamma: 10, acceptance: { kind: 'iid', alpha: 0.7 } };
const eagle: MethodSpec = { kind: 'eagle', tree: { kind: 'static', name: 'mc_sim_7b_63' }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } };
const specMs = (method: MethodSpec): number => roundMs({ hw: a100, target: vicuna, engine: hf, method, lastEmitted: 2, opts: fp16 }).byPhase.spec ?? 0;

describe('hf per-method round bookkeeping', () => {
  it('a prompt-lookup round pays its own round, without the EAGLE-only bookkeeping', () => {
    const own = hf.methods !== 'all' ? hf.methods.ngram?.roundUs : undefined;
    expect(own).toBeDefined();
    // Both rounds draft no draft-model passes the engine charges for and hf has no per-node or per-sequence terms,
    // so the bookkeeping phases differ by exactly the EAGLE-only part: speculation.roundUs minus prompt lookup's own.
    expect(specMs(pld) * 1e3).toBeCloseTo(own!, 9);
    expect(specMs(eagle) * 1e3).toBeCloseTo(hf.speculation.roundUs, 9);
    expect((specMs(eagle) - specMs(pld)) * 1e3).toBeCloseTo(hf.speculation.roundUs - own!, 9);
    expect(own!).toBeLessThan(hf.speculation.roundUs);
  });

  it('the shipped prompt-lookup round is the counted ops at the eager per-op cost (refit with fit-engines if not)', () => {
    const own = hf.methods !== 'all' ? hf.methods.ngram?.roundUs : undefined;
    expect(own).toBe(Math.round(HF_PLD_ROUND_OPS.length * a100.efficiency.eagerKernelUs));
  });

  it('methods and engines without their own round keep the engine-wide constant', () => {
    for (const kind of ['draft', 'medusa', 'eagle', 'eagle3']) expect(roundUs(hf, kind)).toBe(hf.speculation.roundUs);
    expect(roundUs(hf)).toBe(hf.speculation.roundUs);
    for (const e of listEngines()) {
      const own = e.methods !== 'all' && e.methods.ngram?.roundUs !== undefined;
      if (own) continue;
      expect(speculationMs(e, 0, 4, 11, 'ngram'), e.id).toBe(speculationMs(e, 0, 4, 11));
    }
  });

  it('refuses a method round without a note', () => {
    const raw = JSON.parse(readFileSync('data/engines/hf.json', 'utf8')) as { notes: Record<string, string> };
    delete raw.notes['methods.ngram.roundUs'];
    const r = EngineProfileSchema.safeParse(raw);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('methods.ngram.roundUs');
  });
});
