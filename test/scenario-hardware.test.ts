/** Hardware entries with their own tp and dtype: one scenario compares configurations side by side. */
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import { resolveHardwareEntries } from '../src/scenario/schema.js';
import { summaryMarkdown } from '../src/report/summary.js';
import { UserError } from '../src/errors.js';

const base = {
  name: 'hw', model: 'llama2-70b', batch: [1, 8],
  workload: { kind: 'closed', requests: 8, promptTokens: 128, outputTokens: 16 },
  methods: [{ kind: 'autoregressive' }],
};

describe('hardware entries', () => {
  test('labels default to the id plus the settings that differ; results carry the label', () => {
    const s = parseScenario({ ...base, tp: 4, hardware: [{ id: 'h100-sxm', tp: 2 }, { id: 'h100-sxm', tp: 2, dtype: 'fp8' }, 'h100-sxm', { id: 'a100-sxm', tp: 8, label: 'big-a100' }] }, 's.json');
    expect(resolveHardwareEntries(s).map((e) => [e.label, e.tp, e.dtype])).toEqual([
      ['h100-sxm-tp2', 2, 'bf16'], ['h100-sxm-tp2-fp8', 2, 'fp8'], ['h100-sxm', 4, 'bf16'], ['big-a100', 8, 'bf16'],
    ]);
    const r = runScenario(s);
    expect([...new Set(r.results.map((x) => x.hardware))]).toEqual(['h100-sxm-tp2', 'h100-sxm-tp2-fp8', 'h100-sxm', 'big-a100']);
    const at = (hw: string) => r.results.find((x) => x.hardware === hw && x.batch === 1)!;
    // fp8 weights halve the bytes streamed per step; four GPUs split them further.
    expect(at('h100-sxm-tp2-fp8').metrics.tpotMs.mean).toBeLessThan(at('h100-sxm-tp2').metrics.tpotMs.mean * 0.75);
    expect(at('h100-sxm').metrics.tpotMs.mean).toBeLessThan(at('h100-sxm-tp2').metrics.tpotMs.mean);
    expect(at('big-a100').detail?.devices).toBe(8);
    const md = summaryMarkdown(r);
    expect(md).toContain('## Hardware at a glance');
    expect(md).toContain('## h100-sxm-tp2-fp8 (2 devices)');
  });

  test('duplicate labels are a one-line error at the entry', () => {
    let err: unknown;
    try { parseScenario({ ...base, hardware: [{ id: 'h100-sxm', tp: 2 }, { id: 'h100-sxm', tp: 2 }] }, 's.json'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).line()).toMatch(/duplicate hardware label 'h100-sxm-tp2'.*\$\.hardware\[1\]/);
  });

  test('a model that does not fit at the entry\'s tp says so and names the largest batch', () => {
    expect(() => runScenario(parseScenario({ ...base, hardware: [{ id: 'h100-sxm', tp: 1 }] }, 's.json'))).toThrow(/does not fit in h100-sxm-tp1 memory; the largest batch that fits is 0/);
  });
});
