/**
 * Fuzzing every input format besides the scenario (test/fuzz-loader.test.ts
 * does that one): hardware profiles, Hugging Face config.json files, trace
 * CSVs, calibration rows and CLI number lists. Each input must give a
 * one-line UserError or a value whose numbers are finite and within limits,
 * never another exception. On failure fast-check prints `{ seed, path }`;
 * replay with FC_SEED/FC_PATH.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadMeasurements } from '../src/calibrate/measurements.js';
import { resolveHardware } from '../src/hardware/resolve.js';
import { modelFromHfConfig } from '../src/catalog/hf-config.js';
import { resolveModel } from '../src/catalog/models.js';
import { parseIntList } from '../src/cli/options.js';
import { memoryFootprint } from '../src/cost/memory.js';
import { stepCost } from '../src/cost/step-cost.js';
import { UserError } from '../src/errors.js';
import { FIELDS, LIMITS } from '../src/scenario/schema.js';
import { checkScenarioBudget, checkScenarioSense, parseScenario } from '../src/scenario/load.js';
import { parseTrace } from '../src/workload/trace.js';
import { fcParams } from './props-fc.js';

const dir = mkdtempSync(join(tmpdir(), 'specsim-fuzz-'));

/** Run `f`; a UserError must be one line; any other exception fails the property. */
function userErrorOr<T>(f: () => T): T | undefined {
  try { return f(); } catch (e) {
    if (!(e instanceof UserError)) throw e;
    expect(e.line().includes('\n')).toBe(false);
    return undefined;
  }
}

const HOSTILE: unknown[] = [0, -1, 1e-300, 1e300, 1e-3, 0.5, 1.5, 2 ** 31, 2 ** 53, 1e30, 'x', '', null, true, [], {}, [1, 2], { a: 1 }, '1e3', -0];
const hostile = fc.constantFrom(...HOSTILE);

/** `doc` with the value at a random existing path (or a new key) replaced. */
function mutate(doc: Record<string, unknown>, keyPick: number, depthPick: number, value: unknown, newKey: boolean): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (let d = 0; d < 1 + (depthPick % 2); d++) {
    const keys = Object.keys(at);
    const k = keys[keyPick % keys.length]!;
    const next = at[k];
    if (d === 0 && next !== null && typeof next === 'object' && !Array.isArray(next) && depthPick % 2 === 1) { at = next as Record<string, unknown>; continue; }
    at[newKey ? `${k}_extra` : k] = value;
    return copy;
  }
  const keys = Object.keys(at);
  at[keys[keyPick % Math.max(1, keys.length)] ?? 'x'] = value;
  return copy;
}

const H100 = JSON.parse(readFileSync('data/hardware/h100-sxm.json', 'utf8')) as Record<string, unknown>;
const LLAMA = resolveModel('llama2-7b');

describe('fuzz: inputs give a one-line UserError or finite numbers', () => {
  it('hardware profiles', () => {
    fc.assert(fc.property(fc.nat(), fc.nat(), hostile, fc.boolean(), (k, d, v, extra) => {
      const file = join(dir, 'hw.json');
      writeFileSync(file, JSON.stringify(mutate(H100, k, d, v, extra)));
      const hw = userErrorOr(() => resolveHardware(file));
      if (!hw) return;
      for (const tp of [1, 2]) {
        const c = userErrorOr(() => stepCost(hw, LLAMA, { batch: 8, tokens: 4, context: 1024, phase: 'decode' }, { tp }));
        if (c) expect(Number.isFinite(c.ms) && c.ms > 0, `ms ${c.ms}`).toBe(true);
      }
      const fp = userErrorOr(() => memoryFootprint(hw, LLAMA, { batch: 8, contextTokens: 1024 }));
      if (fp) expect(Number.isFinite(fp.weightBytes + fp.kvBytes + fp.capacityBytes)).toBe(true);
    }), fcParams(120));
  });

  it('Hugging Face config.json files', () => {
    const cfg = { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 2048, num_hidden_layers: 4, num_attention_heads: 16, num_key_value_heads: 4, intermediate_size: 5632, vocab_size: 32000, max_position_embeddings: 4096, tie_word_embeddings: false, num_local_experts: 4, num_experts_per_tok: 2, head_dim: 128, _name_or_path: 'x' };
    const hw = resolveHardware('h100-sxm');
    fc.assert(fc.property(fc.nat(), hostile, fc.boolean(), (k, v, extra) => {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify(mutate(cfg, k, 0, v, extra)));
      const m = userErrorOr(() => modelFromHfConfig(file));
      if (!m) return;
      const c = userErrorOr(() => stepCost(hw, m, { batch: 2, tokens: 2, context: 128, phase: 'decode' }, {}));
      if (c) expect(Number.isFinite(c.ms) && c.ms > 0, `ms ${c.ms}`).toBe(true);
    }), fcParams(150));
  });

  it('trace CSVs', () => {
    const chars = fc.constantFrom('0', '1', '7', '9', '.', 'e', '-', '+', ',', ';', '\t', '"', ' ', '\n', '\r', '#', 'x');
    fc.assert(fc.property(fc.array(chars, { maxLength: 120 }).map((a) => a.join('')), (text) => {
      const rows = userErrorOr(() => parseTrace(text, 't.csv'));
      if (!rows) return;
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(Number.isFinite(r.arrivalMs) && r.arrivalMs >= 0 && r.arrivalMs <= LIMITS.arrivalMs).toBe(true);
        expect(Number.isInteger(r.promptTokens) && r.promptTokens >= 1 && r.promptTokens <= LIMITS.tokens).toBe(true);
        expect(Number.isInteger(r.outputTokens) && r.outputTokens >= 1 && r.outputTokens <= LIMITS.tokens).toBe(true);
      }
    }), fcParams(400));
  });

  it('calibration rows', () => {
    const kind = fc.constantFrom('model', 'decode', 'decode_eager', 'prefill', 'gemm', 'copy', 'device', 'constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty');
    const field = fc.constantFrom('model', 'shape', 'batch', 'q', 'ctx', 'ms', 'm', 'n', 'k', 'bytes_moved', 'GBps', '__proto__', 'constructor');
    const row = fc.record({ kind, fields: fc.array(fc.tuple(field, hostile), { maxLength: 6 }) })
      .map(({ kind: k, fields }) => `{"kind": ${JSON.stringify(k)}${fields.map(([f, v]) => `, ${JSON.stringify(f)}: ${JSON.stringify(v)}`).join('')}}`);
    const good = ['{"kind": "model", "model": "m", "shape": [4096, 32, 32, 32, 11008, 32000]}', '{"kind": "decode", "model": "m", "batch": 1, "q": 1, "ctx": 512, "ms": 6.5}'];
    fc.assert(fc.property(fc.array(fc.oneof(row, fc.constantFrom(...good, 'null', '[]', '{', '"x"')), { maxLength: 8 }), (lines) => {
      const file = join(dir, 'm.jsonl');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const set = userErrorOr(() => loadMeasurements(file));
      if (!set) return;
      for (const s of set.steps) expect(Number.isFinite(s.batch + s.q + s.ctx + s.ms)).toBe(true);
    }), fcParams(300));
  });

  it('scenarios through the checks run and compare make before simulating (budget, sense)', () => {
    const examples = ['quickstart.json', 'h100-eagle-vs-draft-poisson.json', 'h100-llama2-7b-methods.json'].map((f) => JSON.parse(readFileSync(join('scenarios', f), 'utf8')) as Record<string, unknown>);
    const lengths = fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(1_000_000), fc.record({ dist: fc.constant('lognormal'), mean: fc.constantFrom(1, 50, 1e6), sigma: fc.constantFrom(0, 1, 10) }), fc.record({ dist: fc.constant('uniform'), min: fc.constant(1), max: fc.constantFrom(1, 2, 5000) }));
    const workload = fc.oneof(
      fc.record({ kind: fc.constant('closed'), requests: fc.constantFrom(1, 2, 1000, 1_000_000), promptTokens: lengths, outputTokens: lengths }),
      fc.record({ kind: fc.constant('poisson'), rate: fc.constantFrom(1e-300, 1e-6, 0.5, 1e6), requests: fc.constantFrom(1, 100, 1_000_000), promptTokens: lengths, outputTokens: lengths }),
    );
    const batch = fc.array(fc.constantFrom(1, 2, 64, 65536), { minLength: 1, maxLength: 4 });
    const model = fc.constantFrom('llama2-7b', 'llama3-8b', 'llama-68m', 'llama2-7b+medusa2', 'vicuna-7b');
    fc.assert(fc.property(fc.constantFrom(...examples), workload, batch, model, (ex, w, b, m) => {
      const s = userErrorOr(() => parseScenario({ ...ex, workload: w, batch: b, model: m }));
      if (!s) return;
      userErrorOr(() => { checkScenarioBudget(s, '.', 's.json'); checkScenarioSense(s, '.', 's.json'); });
    }), fcParams(200));
  });

  it('CLI number lists', () => {
    const chars = fc.constantFrom('0', '1', '2', '9', 'x', 'b', 'o', 'e', '.', ',', ' ', '-', '+', '_', 'I', 'n');
    fc.assert(fc.property(fc.array(chars, { maxLength: 24 }).map((a) => a.join('')), (text) => {
      const list = userErrorOr(() => parseIntList(text, '--batch', FIELDS.batch));
      if (!list) return;
      expect(list.length).toBeGreaterThan(0);
      for (const n of list) expect(Number.isInteger(n) && n >= 1 && n <= LIMITS.batch).toBe(true);
      // What is accepted is plain decimal.
      for (const part of text.split(',')) expect(part.trim()).toMatch(/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/);
    }), fcParams(500));
  });
});
