/**
 * Serving-engine profiles: every built-in loads with a note per constant; the
 * `none` engine prices steps exactly as the bare cost model; padding, sampler,
 * host overlap and speculation bookkeeping do what their notes say; and a
 * method or tree an engine does not run is a user error.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EngineProfileSchema } from '../src/catalog/engine-schema.js';
import { checkEngineRuns, listEngines, resolveEngine } from '../src/catalog/engines.js';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import { DEFAULT_COST_OPTIONS } from '../src/cost/operators.js';
import { stepCost } from '../src/cost/step-cost.js';
import { engineCost } from '../src/serving/engine-cost.js';
import { graphBatch } from '../src/serving/engine-kernels.js';
import { engineIterationPhases } from '../src/serving/engine-method.js';
import { engineStepCost } from '../src/serving/engine-step.js';
import { UserError } from '../src/errors.js';

const BIN = resolve('dist/src/bin.js');
const exec = promisify(execFile);
const h100 = resolveHardware('h100-sxm');
const llama = resolveModel('llama3.1-8b');

describe('engine profiles', () => {
  it('ship none, hf, vllm, sglang and trtllm, none first', () => {
    expect(listEngines().map((e) => e.id)).toEqual(['none', 'hf', 'sglang', 'trtllm', 'vllm']);
  });

  it('refuse a profile with a constant that has no note', () => {
    const raw = JSON.parse(readFileSync('data/engines/sglang.json', 'utf8')) as { notes: Record<string, string> };
    delete raw.notes['host.stepUs'];
    const r = EngineProfileSchema.safeParse(raw);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('host.stepUs');
  });

  it('every note of a fitted constant names its fit (no FIT placeholder left)', () => {
    for (const e of listEngines()) for (const [k, v] of Object.entries(e.notes)) expect(v, `${e.id} ${k}`).not.toBe('FIT');
  });

  it('none prices every step exactly as the bare cost model', () => {
    const none = resolveEngine('none');
    const ec = engineCost(h100, DEFAULT_COST_OPTIONS, none, llama.id, true);
    for (const [b, q] of [[1, 1], [3, 4], [77, 1], [200, 8]] as const) {
      expect(ec.cost(llama, b, q, 600, 'decode').ms).toBe(stepCost(h100, llama, { batch: b, tokens: q, context: 576, phase: 'decode' }).ms);
    }
  });

  it('pads a step to the next captured batch, and runs above the largest without a graph', () => {
    const sg = resolveEngine('sglang');
    expect(graphBatch(sg, 'target', 17, false)).toBe(24);
    expect(graphBatch(sg, 'verify', 33, true)).toBe(40);
    expect(graphBatch(sg, 'target', 161, false)).toBeUndefined();
    const ec = engineCost(h100, DEFAULT_COST_OPTIONS, sg, llama.id, false);
    // A padded step costs the padded batch's kernels, so 17 and 24 cost the same.
    expect(ec.cost(llama, 17, 1, 512, 'decode').ms).toBe(ec.cost(llama, 24, 1, 512, 'decode').ms);
    // Eager beyond the graphs: the host's launches show.
    expect(ec.cost(llama, 161, 1, 512, 'decode').ms).toBeGreaterThan(ec.cost(llama, 160, 1, 512, 'decode').ms);
  });

  it('fused kernels make a batch-1 step cheaper than the harness loop (fewer launches)', () => {
    const fused = stepCost(h100, llama, { batch: 1, tokens: 1, context: 512, phase: 'decode' }, { kernels: { attention: 'flash2-dense', fusion: 'fused' } });
    const harness = stepCost(h100, llama, { batch: 1, tokens: 1, context: 512, phase: 'decode' });
    expect(fused.breakdown.launch!).toBeLessThan(harness.breakdown.launch! * 0.6);
  });

  it('cost --engine: breakdown sums to the step time and shows host, sampler and speculation', () => {
    for (const id of ['sglang', 'vllm', 'trtllm', 'hf']) {
      const e = resolveEngine(id);
      for (const [b, q] of [[1, 1], [5, 4], [300, 1]] as const) {
        const c = engineStepCost(h100, llama, { batch: b, tokens: q, context: 512, phase: 'decode' }, {}, e);
        const sum = Object.values(c.breakdown).reduce((a, x) => a + x, 0);
        expect(Math.abs(sum - c.ms)).toBeLessThan(1e-9 * c.ms);
        expect(c.breakdown.sampler ?? 0).toBeGreaterThan(0);
        if (q > 1) expect(c.breakdown.speculation ?? 0).toBeGreaterThan(0);
      }
    }
  });

  it('host time hides behind the GPU only where the engine overlaps, and never when SGLang speculates', () => {
    const sg = resolveEngine('sglang');
    const plan = { before: [], target: { ...stepCost(h100, llama, { batch: 8, tokens: 1, context: 512, phase: 'decode' }) }, after: [] };
    const host = (sg.host.stepUs + 8 * sg.host.perSeqUs) / 1e3;
    expect(engineIterationPhases(sg, plan.target.ms, 8, false, 0, 1).host).toBe(Math.max(0, host - plan.target.ms));
    expect(engineIterationPhases(sg, plan.target.ms, 8, true, 3, 4).host).toBe(host);
    const spec = engineIterationPhases(sg, plan.target.ms, 8, true, 3, 4).spec;
    expect(spec).toBeCloseTo((sg.speculation.roundUs + 3 * sg.speculation.perDraftPassUs + 3 * sg.speculation.perNodeUs + 8 * sg.speculation.perSeqUs + 32 * sg.speculation.perSeqTokenUs) / 1e3, 12);
  });

  it('a method or tree the engine does not run is a user error naming it', () => {
    expect(() => checkEngineRuns(resolveEngine('sglang'), 'medusa', 'medusa', true, 'x')).toThrow(/does not run method 'medusa'/);
    expect(() => checkEngineRuns(resolveEngine('vllm'), 'eagle', 'eagle', true, 'x')).toThrow(/chain only/);
    expect(() => checkEngineRuns(resolveEngine('vllm'), 'eagle', 'eagle', false, 'x')).not.toThrow();
    expect(() => resolveEngine('sglagn')).toThrow(UserError);
  });
});

describe('engine CLI', () => {
  async function cli(args: string[], files: Record<string, string> = {}): Promise<{ code: number; stderr: string; stdout: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-engine-'));
    for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
    try {
      const r = await exec('node', [BIN, ...args.map((a) => a.replace('$DIR', dir))], { cwd: dir });
      return { code: 0, stderr: r.stderr, stdout: r.stdout };
    } catch (e) {
      const x = e as { code: number; stderr: string; stdout: string };
      return { code: x.code, stderr: x.stderr, stdout: x.stdout };
    }
  }

  it('an unknown engine is exit 2 with one line listing the known ones', async () => {
    const r = await cli(['cost', '--hardware', 'h100-sxm', '--model', 'llama3.1-8b', '--engine', 'sglagn']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown engine 'sglagn'; did you mean 'sglang'\?; known: none, hf, sglang, trtllm, vllm \(--engine\)/);
  });

  it('an EAGLE tree on vLLM, and Medusa on SGLang, are exit 2 naming the method', async () => {
    const q = JSON.parse(readFileSync('scenarios/quickstart.json', 'utf8')) as Record<string, unknown> & { workload: Record<string, unknown> };
    q.batch = [1];
    q.workload.requests = 2;
    q.workload.outputTokens = 4;
    delete q.$schema;
    for (const [engine, pattern] of [['vllm', /engine 'vllm' runs 'medusa' with a chain only|engine 'vllm' runs 'eagle' with a chain only|does not run method 'draft'/], ['sglang', /engine 'sglang' does not run method 'medusa'/]] as const) {
      const r = await cli(['run', 's.json', '--engine', engine, '--out', '$DIR/out', '--quiet'], { 's.json': JSON.stringify(q) });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
  });

  it('list engines names each engine', async () => {
    const r = await cli(['list', 'engines', '--json']);
    const doc = JSON.parse(r.stdout) as { engines: { id: string }[] };
    expect(doc.engines.map((e) => e.id)).toContain('sglang');
  });
});
