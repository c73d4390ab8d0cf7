import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { fitVidurKernels, mape, vidurProfiles, vidurRows } from '../src/calibrate/vidur.js';

describe('serving-engine kernels calibrated on Vidur', () => {
  test('data/kernels.json holds exactly what fitVidurKernels() fits (no hand-tuned number)', () => {
    const table = (JSON.parse(readFileSync('data/kernels.json', 'utf8')) as { kernels: Record<string, unknown> }).kernels;
    const fit = fitVidurKernels();
    for (const [k, v] of Object.entries(fit)) expect(table[k], k).toEqual(v);
  });

  test('one fused-kernel rate per SM clock carries over between the A100 and the H100: each GPU within 12% alone', () => {
    const rows = vidurRows();
    const hw = vidurProfiles();
    for (const fam of ['fused-norm', 'fused-rope', 'fused-act'] as const) {
      for (const gpu of ['a100', 'h100'] as const) {
        expect(mape(rows.filter((r) => r.family === fam && r.gpu === gpu), hw), `${fam} ${gpu}`).toBeLessThan(0.12);
      }
    }
  });

  test('paged decode: a sequence costs more with more context, a call more with more sequences', () => {
    const rows = vidurRows().filter((r) => r.family === 'paged-decode');
    const hw = vidurProfiles();
    const at = (label: string) => rows.find((r) => r.label === label)!.predict(hw.a100);
    expect(at('a100 paged decode batch 8 over 1728')).toBeGreaterThan(at('a100 paged decode batch 8 over 448'));
    expect(at('a100 paged decode batch 32 over 448')).toBeGreaterThan(at('a100 paged decode batch 16 over 448'));
  });
});
