/** optimize searches a draft model's deployment: its tp (within the engine's rule) and, when asked, GPUs of its own. */
import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { optimize, type OptimizeOutcome } from '../src/optimize/search.js';
import { runCli, userLine } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'specsim-draft-deploy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base = { hardware: 'h100-sxm', model: 'llama2-70b', tp: [4], methods: ['draft' as const], batch: [1, 64], objective: 'user' as const, context: 256, outputTokens: 64, requests: 32, seed: 5 };
const draftTps = (o: OptimizeOutcome): Set<number | undefined> => new Set(o.doc.points.flatMap((p) => [p.best, ...p.simulated.finalists.map((f) => f.setting)]).filter((s) => s.method === 'draft').map((s) => s.draftTp));

describe('draft tp', () => {
  const vllm = optimize({ ...base, engine: 'vllm' });
  const none = optimize({ ...base, engine: 'none' });

  test('under vLLM only the target\'s tp and 1 (draft_tensor_parallel_size); under the kernels alone every divisor of the target\'s tp', () => {
    expect(vllm.doc.points[0]!.analytic.searched).toBe(1 + 16 * 2);
    for (const t of draftTps(vllm)) expect([1, 4]).toContain(t);
    expect(none.doc.points[0]!.analytic.searched).toBe(1 + 16 * 3);
    for (const t of draftTps(none)) expect([1, 2, 4]).toContain(t);
  });

  test('searching the draft tp never does worse analytically than the target\'s tp alone', () => {
    const fixed = optimize({ ...base, engine: 'vllm', draftTps: [4] });
    expect(fixed.doc.points[0]!.analytic.searched).toBe(1 + 16);
    fixed.doc.points.forEach((p, i) => {
      expect(p.best.method === 'autoregressive' || p.best.draftTp === 4).toBe(true);
      expect(vllm.doc.points[i]!.simulated.finalists[0]!.analyticSpeedup).toBeGreaterThanOrEqual(p.simulated.finalists[0]!.analyticSpeedup * 0.99);
    });
  });

  test('a draft tp the engine does not run, or one for a kind without a draft model: exit 2 naming --draft-tp', () => {
    expect(userLine(() => optimize({ ...base, engine: 'vllm', batch: [1], draftTps: [2] }))).toMatch(/^specsim: draft tp 2 cannot be searched: the engine runs a draft model at the target's tp \(4\) or at 1; possible: 1, 4 \(--draft-tp\)$/);
    expect(userLine(() => optimize({ ...base, engine: 'none', batch: [1], draftTps: [3] }))).toMatch(/^specsim: draft tp 3 cannot be searched: .*possible: 1, 2, 4 \(--draft-tp\)$/);
    expect(userLine(() => optimize({ ...base, methods: ['eagle'], batch: [1], draftTps: [1] }))).toMatch(/--draft-tp and --draft-placement apply to method draft, not to eagle \(--draft-tp\)$/);
  });
});

describe('draft placement', () => {
  test('a draft on GPUs of its own is searched only when asked, and costs its devices', () => {
    const cost = { ...base, objective: 'cost' as const, batch: [64], draftTps: [1] };
    const shared = optimize(cost);
    const separate = optimize({ ...cost, draftPlacements: ['separate'] });
    const s = separate.doc.points[0]!;
    const h = shared.doc.points[0]!;
    expect(h.best.draftPlacement).toBeUndefined();
    expect(s.best).toMatchObject({ method: 'draft', draftTp: 1, draftPlacement: 'separate' });
    // $/token ∝ devices / tokens/s: 4 + 1 GPUs against 4.
    const devicesRatio = (s.analytic.usdPerMTokens! * s.analytic.tokensPerS) / (h.analytic.usdPerMTokens! * h.analytic.tokensPerS);
    expect(devicesRatio).toBeCloseTo(5 / 4, 9);
    expect((s.scenario.methods as { draftPlacement?: string }[])[1]!.draftPlacement).toBe('separate');
  });
});

describe('--emit with a searched draft deployment', () => {
  test('vLLM: draft_tensor_parallel_size is set exactly when the draft runs at another tp than the target\'s', async () => {
    const out = join(tmp, 'vllm');
    const r = await runCli(tmp, ['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-70b', '--tp', '4', '--method', 'draft', '--batch', '1,64', '--output-tokens', '64', '--requests', '32', '--emit', 'vllm', '--out', out, '--json'], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as OptimizeOutcome['doc'];
    const spec = (doc.engineConfig!.config as { speculative_config: Record<string, unknown> }).speculative_config;
    const picks = doc.points.filter((p) => p.best.method === 'draft');
    expect(picks.length).toBeGreaterThan(0);
    expect(new Set(picks.map((p) => p.best.draftTp)).size).toBe(1);
    const t = picks[0]!.best.draftTp!;
    if (t === 4) expect(spec).not.toHaveProperty('draft_tensor_parallel_size');
    else expect(spec.draft_tensor_parallel_size).toBe(t);
  }, 150_000);

  test('SGLang: the draft at the target\'s tp; a draft on its own GPUs is exit 2, one line, before any search', async () => {
    const ok = await runCli(tmp, ['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-70b', '--tp', '4', '--method', 'draft', '--batch', '1,64', '--output-tokens', '64', '--requests', '32', '--emit', 'sglang', '--out', join(tmp, 'sgl'), '--json'], { timeoutMs: 120_000 });
    expect(ok.code).toBe(0);
    const doc = JSON.parse(ok.stdout) as OptimizeOutcome['doc'];
    // SGLang runs every drafter at the target's tp (its engine profile's rule): one choice, the default, so the setting names none.
    for (const p of doc.points) if (p.best.method === 'draft') expect(p.best.draftTp ?? 4).toBe(4);
    const bad = await runCli(tmp, ['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-70b', '--tp', '4', '--method', 'draft', '--batch', '1', '--output-tokens', '64', '--requests', '32', '--draft-placement', 'separate', '--emit', 'sglang', '--out', join(tmp, 'sgl-sep')], { timeoutMs: 120_000 });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr.trim()).toMatch(/^specsim: engine 'sglang' runs method draft's drafter on the target's GPUs, not on GPUs of its own; .*\(--draft-placement\)$/);
  }, 150_000);
});
