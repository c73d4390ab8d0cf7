/** `specsim optimize`'s report directory, chart and command line. */
import { afterAll, describe, expect, test, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { optimizeChart, settingLabel } from '../src/charts/optimize.js';
import { KIND_COLORS } from '../src/charts/common.js';
import { optimizeCommand } from '../src/cli/optimize.js';
import { optimize } from '../src/optimize/search.js';
import { writeOptimizeReport } from '../src/optimize/write.js';

const tmp = mkdtempSync(join(tmpdir(), 'specsim-optimize-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const small = () => optimize({ hardware: 'h100-sxm', model: 'llama2-7b', methods: ['draft'], drafts: ['llama-68m'], alpha: 0.3, context: 32, outputTokens: 32, batch: [1, 256], objective: 'user', seed: 1 });

describe('optimize chart', () => {
  test('pure: the same document gives the same spec; kind colours; crossover marked', () => {
    const o = small();
    const a = optimizeChart(o.doc, o.meta);
    expect(JSON.stringify(optimizeChart(o.doc, o.meta))).toBe(JSON.stringify(a));
    const text = JSON.stringify(a);
    expect(text).toContain(KIND_COLORS.draft!);
    expect(text).toContain(KIND_COLORS.autoregressive!);
    expect(o.doc.crossoverBatch).toBe(256);
    expect(text).toContain('speculation stops paying at batch 256');
  });
  test('setting labels', () => {
    expect(settingLabel({ method: 'draft', gamma: 5 })).toBe('γ=5');
    expect(settingLabel({ method: 'medusa', heads: 3, tree: 'greedy-27' })).toBe('3 heads · greedy-27');
    expect(settingLabel({ method: 'eagle', depth: 6, topK: 4, nodes: 12 })).toBe('depth 6 · top-4 · 12 nodes');
    expect(settingLabel({ method: 'autoregressive' })).toBe('autoregressive');
  });
});

describe('optimize report', () => {
  test('optimize.json, summary.md and charts/optimize.{vl.json,svg} beside the standard report, atomically', async () => {
    const o = small();
    const dir = join(tmp, 'rep');
    await writeOptimizeReport(o, dir);
    for (const f of ['optimize.json', 'summary.md', 'charts/optimize.vl.json', 'charts/optimize.svg', 'report.json', 'index.html']) expect(existsSync(join(dir, f))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'optimize.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(o.doc)));
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(/Speculation stops paying at batch 256/);
    expect(readFileSync(join(dir, 'charts/optimize.svg'), 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('chart-optimize');
    expect(existsSync(`${dir}.tmp-${process.pid}`)).toBe(false);
  });

  test('CLI --json prints exactly the document', async () => {
    const program = new Command().exitOverride();
    optimizeCommand(program);
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
    try {
      await program.parseAsync(['node', 'specsim', 'optimize', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'ngram', '--alpha', '0.5', '--batch', '1,64', '--json', '--out', join(tmp, 'cli')]);
    } finally {
      spy.mockRestore();
    }
    const doc = JSON.parse(out) as { points: { batch: number; best: { method: string; gamma?: number } }[]; crossoverBatch: number | null };
    expect(Object.keys(doc)).toEqual(['points', 'crossoverBatch']);
    expect(doc.points.map((p) => p.batch)).toEqual([1, 64]);
    expect(doc.points[0]!.best.method).toBe('ngram');
    expect(existsSync(join(tmp, 'cli', 'optimize.json'))).toBe(true);
  });
});
