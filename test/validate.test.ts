import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runValidation } from '../src/validate/index.js';
import { validationMarkdown, weakestSection } from '../src/validate/markdown.js';
import { expectedTokens, leviathanSpeedup, treeExpectedLength } from '../src/validate/theory.js';
import { dataDir } from '../src/catalog/data-dir.js';

describe('specsim validate', () => {
  const report = runValidation();

  test('has at least 15 cases from every required source, each well formed', () => {
    expect(report.cases.length).toBeGreaterThanOrEqual(15);
    for (const s of ['leviathan', 'medusa', 'eagle', 'groq', 'h100', 'nim', 'trtllm']) {
      expect(report.cases.some((c) => c.source.startsWith(s)), s).toBe(true);
    }
    const ids = new Set<string>();
    for (const c of report.cases) {
      expect(ids.has(c.id), c.id).toBe(false);
      ids.add(c.id);
      expect(Number.isFinite(c.predicted), c.id).toBe(true);
      expect(c.why.length, c.id).toBeGreaterThan(20);
      // No tolerance above 25% without a written reason in the case itself.
      if (c.compare === 'relative' && c.tolerance > 0.25) expect(c.why, c.id).toMatch(/25%|inconsistent|contradict/);
    }
  });

  test('every case passes (specsim validate exits 0)', () => {
    const failing = report.cases.filter((c) => !c.pass).map((c) => c.id);
    expect(failing).toEqual([]);
  });

  test('docs/validation.md is current (regenerate with `specsim validate --markdown > docs/validation.md`)', () => {
    const doc = readFileSync(join(dataDir(), '..', 'docs', 'validation.md'), 'utf8');
    expect(doc).toBe(validationMarkdown(report));
  });

  test('conditions are readable text (no garbled labels) and one-sided claims keep a published reference', () => {
    for (const c of report.cases) expect(c.conditions, c.id).not.toMatch(/\dbatch|batch\s+b\d|\s{2}/);
    for (const c of report.cases.filter((x) => x.compare === 'atLeast' || x.compare === 'atMost')) expect(c.reference, c.id).toBe(1);
  });

  test('"where specsim is weakest" follows the cases, not hand-typed numbers', () => {
    const spec = report.cases.find((c) => c.id === 'groq-llama3.1-70b-speculative')!;
    const gptj = report.cases.find((c) => c.id === 'trtllm-gptj-6b-a100-fp16')!;
    const text = weakestSection(report);
    expect(text).toContain(`${Math.abs(spec.error * 100).toFixed(0)}% short`);
    expect(text).toContain(`−${Math.abs(gptj.error * 100).toFixed(1)}%`);
    expect(text).toContain(`α ≥ ${spec.facts!.chainAlphaNeeded!.toFixed(3)}`);
    const changed = { cases: report.cases.map((c) => (c.id === spec.id ? { ...c, error: -0.5, pass: false } : c)) };
    const other = weakestSection(changed);
    expect(other).toContain('50% short');
    expect(other).toMatch(new RegExp(`^1 of ${report.cases.length} cases fail`, 'm'));
  });

  test('runs in well under 10 s', () => {
    const t0 = performance.now();
    runValidation();
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('closed forms', () => {
  test('Leviathan E and speedup', () => {
    expect(expectedTokens(0.8, 2)).toBeCloseTo(2.44, 10);
    expect(expectedTokens(1, 4)).toBe(5);
    expect(leviathanSpeedup(0.8, 2, 0.5)).toBeCloseTo(2.44 / 2, 10);
  });
  test('a chain tree gives the i.i.d. expected length', () => {
    const chain = [[0], [0, 0], [0, 0, 0]];
    const per = Array.from({ length: 3 }, () => [0.7, 0.8]);
    expect(treeExpectedLength(chain, per)).toBeCloseTo(expectedTokens(0.7, 3), 10);
  });
});
