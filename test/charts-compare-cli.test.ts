/** `specsim compare`'s in-memory scenario and the progress reporter (the chart side of the CLI). */
import { describe, expect, test } from 'vitest';
import { PassThrough } from 'node:stream';
import { buildCompareScenario } from '../src/cli/compare.js';
import { defaultDraft } from '../src/catalog/drafts.js';
import { createProgress } from '../src/cli/progress.js';
import { resolveModel } from '../src/catalog/models.js';
import { UserError } from '../src/errors.js';

describe('compare scenario', () => {
  test('autoregressive is always first; eagle gets the documented defaults; each GPU gets its smallest fitting power-of-two tp', () => {
    const { scenario, notes } = buildCompareScenario({ hardware: ['a100-sxm', 'h100-sxm', 'groq-lpu'], model: 'llama2-70b', methods: ['eagle'], batch: [64, 1, 8] });
    expect(scenario.methods.map((m) => m.kind)).toEqual(['autoregressive', 'eagle']);
    expect(scenario.methods[1]).toMatchObject({ tree: { kind: 'dynamic', depth: 5, topK: 8, nodes: 60 }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] } });
    expect(scenario.batch).toEqual([1, 8, 64]);
    // Each GPU gets its own tp; the Groq system sizes itself.
    const gpus = scenario.hardware.filter((h): h is { id: string; tp: number } => typeof h !== 'string');
    expect(gpus.map((h) => h.id)).toEqual(['a100-sxm', 'h100-sxm']);
    expect(scenario.hardware[2]).toBe('groq-lpu');
    for (const h of gpus) {
      expect([2, 4, 8]).toContain(h.tp); // 140 GB of bf16 weights do not fit one 80 GB GPU
      expect(notes.some((n) => n.includes(`${h.id}: tp ${h.tp}`))).toBe(true);
    }
  });

  test('draft models by family; medusa gets 4 heads of Vicuna-7B accuracies', () => {
    expect(defaultDraft(resolveModel('llama2-7b'))).toBe('llama-68m');
    expect(defaultDraft(resolveModel('vicuna-7b'))).toBe('llama-68m');
    expect(defaultDraft(resolveModel('llama2-70b'))).toBe('tinyllama-1.1b');
    expect(defaultDraft(resolveModel('llama3-8b'))).toBe('llama3.2-1b');
    expect(() => defaultDraft(resolveModel('llama3.2-1b'))).toThrow(UserError); // never its own draft, and none smaller shares its vocabulary
    const { scenario } = buildCompareScenario({ hardware: ['h100-sxm'], model: 'llama2-7b', methods: ['medusa', 'draft'], batch: [1], tp: 1 });
    const medusa = scenario.methods.find((m) => m.kind === 'medusa');
    expect(medusa).toMatchObject({ heads: 4, tree: 'medusa-63' });
    if (medusa?.kind !== 'medusa' || medusa.acceptance.kind !== 'topk') throw new Error('medusa topk expected');
    expect(medusa.acceptance.perHead).toHaveLength(4);
    expect(medusa.acceptance.perHead![0]![0]).toBeCloseTo(0.5604, 3);
    expect(scenario.tp).toBe(1);
  });

  test('--dtype reaches the scenario, and with fp8 weights a 70B model needs fewer GPUs', () => {
    const bf16 = buildCompareScenario({ hardware: ['h100-sxm'], model: 'llama3-70b', methods: ['eagle'], batch: [1] }).scenario;
    const fp8 = buildCompareScenario({ hardware: ['h100-sxm'], model: 'llama3-70b', methods: ['eagle'], batch: [1], dtype: 'fp8' }).scenario;
    expect(fp8.dtype).toBe('fp8');
    const tpOf = (s: typeof bf16) => (typeof s.hardware[0] === 'string' ? 1 : s.hardware[0]!.tp ?? 1);
    expect(tpOf(fp8)).toBeLessThan(tpOf(bf16));
  });

  test('unknown method kinds and hardware are user errors', () => {
    expect(() => buildCompareScenario({ hardware: ['h100-sxm'], model: 'llama2-7b', methods: ['eagel'], batch: [1] })).toThrow(UserError);
    expect(() => buildCompareScenario({ hardware: ['h100'], model: 'llama2-7b', methods: ['eagle'], batch: [1] })).toThrow(UserError);
  });
});

describe('progress', () => {
  const tty = () => Object.assign(new PassThrough(), { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });

  test('nothing before the delay, nothing without a TTY, nothing with --quiet or --json', () => {
    let t = 0;
    const now = () => t;
    const cases = [{ quiet: true, stream: tty() }, { json: true, stream: tty() }, { stream: new PassThrough() }];
    for (const o of cases) {
      t = 0;
      const p = createProgress({ ...o, now, delayMs: 1000 });
      t = 5000;
      p.onProgress({ done: 1, total: 10 });
      p.stop();
      expect(p.shown).toBe(false);
    }
    t = 0;
    const quick = createProgress({ stream: tty(), now, delayMs: 1000 });
    t = 500;
    quick.onProgress({ done: 5, total: 10 });
    expect(quick.shown).toBe(false);
    quick.stop();
  });

  test('a TTY run that outlasts the delay draws a bar', () => {
    let t = 0;
    const stream = tty();
    let out = '';
    stream.on('data', (d: Buffer) => { out += d.toString(); });
    const p = createProgress({ stream, now: () => t, delayMs: 1000 });
    p.onProgress({ done: 1, total: 4, hardware: 'h100-sxm', method: 'eagle', batch: 8 });
    t = 1500;
    p.onProgress({ done: 2, total: 4, hardware: 'h100-sxm', method: 'eagle', batch: 16 });
    p.stop();
    expect(p.shown).toBe(true);
    expect(out).toContain('50% of 4 points');
  });
});
