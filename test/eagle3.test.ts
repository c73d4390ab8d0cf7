/**
 * EAGLE-3: the drafter `<target>+eagle3` (fusion FC, one decoder layer with a
 * 2h-wide QKV, an LM head over the draft vocabulary, the d2t id map), the
 * method `eagle3` (EAGLE's trees and acceptance with that drafter), and
 * where it plugs in: compare, optimize's search space and acceptance, the
 * playground catalog, bad input.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveHardware } from '../src/hardware/resolve.js';
import { eagle3DraftOf, paramCount, resolveModel } from '../src/catalog/models.js';
import { DEFAULT_COST_OPTIONS } from '../src/cost/operators.js';
import { stepCost } from '../src/cost/step-cost.js';
import { buildCompareScenario } from '../src/cli/compare.js';
import { buildMethod, methodDefinition, type MethodSpec } from '../src/methods/index.js';
import { acceptanceFor, FAMILIES } from '../src/optimize/acceptance.js';
import { catalog } from '../src/playground/catalog.js';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import { runCli, userLine } from './helpers/cli.js';

const h100 = resolveHardware('h100-sxm');
const pass = (id: string, tokens = 1) => stepCost(h100, resolveModel(id), { batch: 1, tokens, context: 512, phase: 'decode' }, DEFAULT_COST_OPTIONS);

describe('the EAGLE-3 drafter', () => {
  it('on llama3-8b a draft pass costs less than EAGLE\'s, by the LM head it no longer reads (128,256 → 32,000 rows)', () => {
    const e2 = pass('llama3-8b+eagle');
    const e3 = pass('llama3-8b+eagle3');
    expect(e3.ms).toBeLessThan(e2.ms);
    const lmSaved = e2.breakdown.lmHead! - e3.breakdown.lmHead!;
    // The LM head is most of an EAGLE pass (the issue's ~60%) and shrinks with the vocabulary (wave quantization aside).
    expect(e2.breakdown.lmHead! / e2.ms).toBeGreaterThan(0.5);
    expect(e3.breakdown.lmHead! / e2.breakdown.lmHead!).toBeGreaterThan((32_000 / 128_256) * 0.9);
    expect(e3.breakdown.lmHead! / e2.breakdown.lmHead!).toBeLessThan((32_000 / 128_256) * 1.1);
    // What EAGLE-3 adds back: a wider fusion FC (3h vs 2h input) and a QKV reading 2h; together far less than the LM head saved.
    const added = e3.breakdown.eagle3Fc! - e2.breakdown.eagleFc! + (e3.breakdown.qkv! - e2.breakdown.qkv!);
    expect(added).toBeGreaterThan(0);
    expect(e2.ms - e3.ms).toBeGreaterThan(lmSaved - added - 0.02);
    expect(e2.ms - e3.ms).toBeLessThan(lmSaved);
  });

  it('only a round\'s first pass fuses the target\'s features: the later passes have no FC', () => {
    const t = resolveModel('llama3.1-8b');
    const first = stepCost(h100, eagle3DraftOf(t), { batch: 4, tokens: 1, context: 512, phase: 'decode' }, DEFAULT_COST_OPTIONS);
    const later = stepCost(h100, eagle3DraftOf(t, undefined, false), { batch: 4, tokens: 1, context: 512, phase: 'decode' }, DEFAULT_COST_OPTIONS);
    expect(first.breakdown.eagle3Fc).toBeGreaterThan(0);
    expect(later.breakdown.eagle3Fc).toBeUndefined();
    expect(later.ms).toBeLessThan(first.ms);
    expect(later.breakdown.vocabMap).toBeGreaterThan(0); // the d2t gather runs on every pass
  });

  it('weights: FC 3h·h, a layer whose QKV reads 2h, its own LM head over the draft vocabulary; the embedding is the target\'s', () => {
    const t = resolveModel('llama3.1-8b');
    const d = resolveModel('llama3.1-8b+eagle3');
    const e = resolveModel('llama3.1-8b+eagle');
    const h = t.hidden;
    const p = paramCount(d);
    expect(p.embedding).toBe(0);
    expect(p.lmHead).toBe(32_000 * h);
    const qkvExtra = h * (t.heads + 2 * t.kvHeads) * (h / t.heads);
    expect(p.perLayer).toBe(paramCount(e).perLayer + qkvExtra);
    expect(p.total).toBe(3 * h * h + p.perLayer + p.lmHead);
    // A settable draft vocabulary (`+eagle3:<V>`), never more than the target's, nor by default.
    expect(resolveModel('llama3.1-8b+eagle3:64000').vocab).toBe(64_000);
    expect(resolveModel('llama2-7b+eagle3').vocab).toBe(32_000);
    expect(eagle3DraftOf(resolveModel('llama-68m')).vocab).toBeLessThanOrEqual(resolveModel('llama-68m').vocab);
  });

  it('bad input names the key: a draft vocabulary larger than the target\'s, a malformed one', () => {
    expect(userLine(() => resolveModel('llama2-7b+eagle3:64000', '--model'))).toMatch(/draftVocab 64000 is larger than the 32000-token vocabulary of 'llama2-7b'.*\(--model\)$/);
    expect(userLine(() => resolveModel('llama2-7b+eagle3:x', '--model'))).toMatch(/positive integer.*\(--model\)$/);
  });
});

describe('the eagle3 method', () => {
  const scenario = (methods: MethodSpec[], batch = [1, 16]) => parseScenario({
    name: 'e3', seed: 3, hardware: ['h100-sxm'], model: 'llama3.1-8b', batch,
    workload: { kind: 'closed', requests: 32, promptTokens: 256, outputTokens: 96 }, methods,
  });
  const acceptance = { kind: 'topk' as const, perDepth: [[0.8, 0.88, 0.92]] };

  it('runs chains, dynamic and static trees: the same tree and acceptance as eagle accept the same, faster', () => {
    const trees = [
      { kind: 'dynamic' as const, depth: 3, topK: 1, nodes: 3 },
      { kind: 'dynamic' as const, depth: 5, topK: 4, nodes: 7 },
      { kind: 'static' as const, name: 'mc_sim_7b_63' },
    ];
    const methods: MethodSpec[] = trees.flatMap((tree, i) => [
      { kind: 'eagle', label: `eagle-${i}`, tree, acceptance },
      { kind: 'eagle3', label: `eagle3-${i}`, tree, acceptance },
    ]);
    const report = runScenario(scenario([{ kind: 'autoregressive' }, ...methods]));
    const env = { hw: h100, target: resolveModel('llama3.1-8b'), opts: DEFAULT_COST_OPTIONS, draftDevice: 'shared' as const };
    for (const batch of [1, 16]) {
      for (let i = 0; i < trees.length; i++) {
        const e2 = report.results.find((r) => r.method === `eagle-${i}` && r.batch === batch)!;
        const e3 = report.results.find((r) => r.method === `eagle3-${i}` && r.batch === batch)!;
        const m2 = buildMethod(methods[2 * i]!, env, 'test');
        const m3 = buildMethod(methods[2 * i + 1]!, env, 'test');
        const closed = m3.expectedTokens(m3.acceptance!.mean);
        expect(closed).toBe(m2.expectedTokens(m2.acceptance!.mean));
        expect(Math.abs(e3.metrics.acceptedPerStep / closed - 1)).toBeLessThan(0.06);
        expect(e3.metrics.tpotMs.mean).toBeLessThan(e2.metrics.tpotMs.mean);
        expect(e3.metrics.speedup).toBeGreaterThan(1);
      }
    }
  });

  it('its work: the first pass reads the fused features, the later passes do not; the resident drafter is the fusing one', () => {
    const target = resolveModel('llama3.1-8b');
    const env = { hw: h100, target, opts: DEFAULT_COST_OPTIONS, draftDevice: 'shared' as const };
    const m = buildMethod({ kind: 'eagle3', tree: { kind: 'dynamic', depth: 4, topK: 2, nodes: 6 }, acceptance }, env, 'test');
    const w = m.iteration(512, 3);
    const steps = w.before.flatMap((p) => ('steps' in p ? p.steps.map((s) => ({ model: p.model, ...s })) : []));
    expect(steps).toHaveLength(4);
    expect(steps[0]!.model.fusedLayers).toBe(3);
    expect(steps[0]!.tokens).toBe(3);
    expect(steps.slice(1).every((s) => s.model.fusedLayers === 0 && s.tokens === 2)).toBe(true);
    expect(w.verifyTokens).toBe(7);
    expect(m.draftDeployment!.model.id).toBe('llama3.1-8b+eagle3');
    // Both passes run at the drafter's deployment.
    expect(m.draftDeployment!.pricedIds).toHaveLength(2);
  });

  it('a scenario\'s draftVocab larger than the target\'s: exit 2, one line naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-e3-'));
    writeFileSync(join(dir, 's.json'), JSON.stringify({
      name: 'bad', hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1],
      workload: { kind: 'closed', requests: 4, promptTokens: 16, outputTokens: 8 },
      methods: [{ kind: 'eagle3', tree: { kind: 'dynamic', depth: 3, topK: 1, nodes: 3 }, acceptance, draftVocab: 50_000 }],
    }));
    const r = await runCli(dir, ['run', 's.json', '--quiet', '--no-charts', '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^specsim: draftVocab 50000 is larger than the 32000-token vocabulary.*\$\.methods\[0\]\.draftVocab\)$/m);
  }, 60_000);
});

describe('eagle3 in compare, optimize and the playground', () => {
  it('compare runs its default: a chain where the engine runs chains, a small tree otherwise; --alpha and --tree apply', () => {
    const base = { hardware: ['h100-sxm'], model: 'llama3.1-8b', methods: ['eagle3'], batch: [1] };
    const trees = buildCompareScenario(base).scenario.methods.find((m) => m.kind === 'eagle3')!;
    expect(trees).toMatchObject({ tree: { kind: 'dynamic', depth: 5, topK: 4, nodes: 7 } });
    const chain = buildCompareScenario({ ...base, engine: 'vllm' }).scenario.methods.find((m) => m.kind === 'eagle3')!;
    expect(chain).toMatchObject({ tree: { kind: 'dynamic', depth: 3, topK: 1, nodes: 3 } });
    const tuned = buildCompareScenario({ ...base, methodFlags: { alpha: 0.7, tree: 'dynamic:4,1,4' } }).scenario.methods.find((m) => m.kind === 'eagle3')!;
    expect(tuned).toMatchObject({ tree: { kind: 'dynamic', depth: 4, topK: 1, nodes: 4 }, acceptance: { kind: 'topk' } });
    expect((tuned as { acceptance: { perDepth: number[][] } }).acceptance.perDepth[0]![0]).toBe(0.7);
  });

  it('optimize searches it: chains and small trees (top-k 1..3, at most 7 nodes), each point a valid method', () => {
    expect(FAMILIES).toContain('eagle3');
    const acc = acceptanceFor('eagle3', undefined, undefined);
    expect((acc.spec as { perDepth: number[][] }).perDepth[0]![0]).toBe(0.8);
    const d = methodDefinition('eagle3')!;
    const space = d.search!.space({ acceptance: acc.spec, rows: [[0.8]] });
    expect(space.length).toBeGreaterThan(20);
    const env = { hw: h100, target: resolveModel('llama3.1-8b'), opts: DEFAULT_COST_OPTIONS, draftDevice: 'shared' as const };
    for (const p of space) {
      const s = p.setting;
      expect(s.topK).toBeGreaterThanOrEqual(1);
      expect(s.topK).toBeLessThanOrEqual(3);
      expect(s.nodes).toBeLessThanOrEqual(7);
      if (s.topK === 1) expect(s.nodes).toBe(s.depth);
      expect(buildMethod(p.spec, env, 'optimize').maxAccepted).toBeGreaterThanOrEqual(1);
    }
    expect(space.some((p) => p.setting.topK === 1 && p.setting.depth === 7)).toBe(true);
  });

  it('the playground offers it with its compare default', () => {
    const c = catalog(() => '{}');
    expect(c.methods.map((m) => m.id)).toContain('eagle3');
    expect(c.methodDefaults['llama3.1-8b']!.eagle3).toMatchObject({ kind: 'eagle3' });
  });
});
