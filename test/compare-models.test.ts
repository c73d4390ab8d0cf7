/**
 * `compare` for real models: drafts by tokenizer family (not vocabulary size
 * alone: Llama 2 and Mistral both have 32,000 tokens), flags that tune each
 * method, defaults written down as assumptions, and names taken from a
 * config.json's `_name_or_path` (or --name), never its path.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { buildCompareScenario } from '../src/cli/compare.js';
import { closestVicuna } from '../src/cli/compare-methods.js';
import { defaultDraft } from '../src/catalog/drafts.js';
import { resolveModel } from '../src/catalog/models.js';
import { sharesTokenizer, tokenizerFamily } from '../src/catalog/tokenizer.js';
import { UserError } from '../src/errors.js';
import { runScenario } from '../src/scenario/run.js';

const BIN = resolve('dist/src/bin.js');
const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'specsim-models-'));

function config(name: string, cfg: Record<string, unknown>): string {
  const file = join(dir, name, 'config.json');
  const { mkdirSync } = require('node:fs') as typeof import('node:fs');
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(file, JSON.stringify(cfg));
  return file;
}

const shape = { hidden_size: 4096, intermediate_size: 14336, num_attention_heads: 32, num_hidden_layers: 32, num_key_value_heads: 8 };
const mistral = config('some-folder', { ...shape, _name_or_path: 'mistralai/Mistral-7B-Instruct-v0.2', model_type: 'mistral', vocab_size: 32000 });
const llama2 = config('l2', { ...shape, intermediate_size: 11008, num_key_value_heads: 32, _name_or_path: 'my-org/finetuned-7b', model_type: 'llama', vocab_size: 32000 });
const llama3 = config('l3', { ...shape, _name_or_path: 'my-org/another-8b', model_type: 'llama', vocab_size: 128256 });

describe('tokenizer families', () => {
  test('named from catalog ids, config names and model types; the vocabulary size alone does not decide', () => {
    expect(tokenizerFamily(resolveModel('mistral-7b'))?.id).toBe('mistral');
    expect(tokenizerFamily(resolveModel('mixtral-8x7b'))?.id).toBe('mistral');
    expect(tokenizerFamily(resolveModel('zephyr-7b'))?.id).toBe('mistral');
    expect(tokenizerFamily(resolveModel('llama2-7b'))?.id).toBe('llama2');
    expect(tokenizerFamily(resolveModel('llama3-8b'))?.id).toBe('llama3');
    expect(tokenizerFamily(resolveModel(mistral))?.id).toBe('mistral');
    expect(tokenizerFamily(resolveModel(llama2))?.id).toBe('llama2'); // model_type llama + 32k
    expect(tokenizerFamily(resolveModel(llama3))?.id).toBe('llama3'); // model_type llama + 128k
    expect(resolveModel('mistral-7b').vocab).toBe(resolveModel('llama-68m').vocab);
    expect(sharesTokenizer(resolveModel('mistral-7b'), resolveModel('llama-68m'))).toBe(false);
    expect(sharesTokenizer(resolveModel('codellama-7b'), resolveModel('llama-68m'))).toBe(true); // 32,016 extends 32,000
  });

  test('default drafts: a small model of the same family, or a UserError naming the family', () => {
    expect(defaultDraft(resolveModel(llama2))).toBe('llama-68m');
    expect(defaultDraft(resolveModel(llama3))).toBe('llama3.2-1b');
    expect(defaultDraft(resolveModel('qwen2.5-7b'))).toBe('qwen2.5-0.5b');
    for (const m of [mistral, 'mistral-7b', 'mixtral-8x7b']) {
      expect(() => defaultDraft(resolveModel(m))).toThrow(/Mistral tokenizer family/);
    }
  });
});

describe('compare scenario for a config.json', () => {
  test('named by _name_or_path, and results carry that name', () => {
    const { scenario } = buildCompareScenario({ hardware: ['h100-sxm'], model: mistral, methods: ['eagle'], batch: [1], tp: 1, requests: 4, outputTokens: 8 });
    expect(scenario.name).toBe('compare-mistralai-Mistral-7B-Instruct-v0.2');
    const report = runScenario(scenario);
    expect(new Set(report.results.map((r) => r.model))).toEqual(new Set(['mistralai/Mistral-7B-Instruct-v0.2']));
    expect(buildCompareScenario({ hardware: ['h100-sxm'], model: mistral, methods: ['eagle'], batch: [1], tp: 1, name: 'mistral instruct' }).scenario.name).toBe('compare-mistral-instruct');
  });

  test('--method draft on Mistral: no default is known, a Llama draft is refused, both as UserErrors on --draft', () => {
    const err = (f: () => unknown) => { try { f(); } catch (e) { return e; } return undefined; };
    const none = err(() => buildCompareScenario({ hardware: ['h100-sxm'], model: mistral, methods: ['draft'], batch: [1], tp: 1 }));
    expect(none).toBeInstanceOf(UserError);
    expect((none as UserError).where).toBe('--draft');
    const wrong = err(() => buildCompareScenario({ hardware: ['h100-sxm'], model: mistral, methods: ['draft'], batch: [1], tp: 1, methodFlags: { draft: 'llama-68m' } }));
    expect((wrong as UserError).message).toMatch(/must share its target's tokenizer/);
  });

  test('flags tune the methods; defaults are stated as assumptions in the scenario', () => {
    const { scenario, notes } = buildCompareScenario({
      hardware: ['h100-sxm'], model: 'llama2-13b', methods: ['draft', 'medusa', 'eagle'], batch: [4, 16], tp: 1, rate: 3,
      methodFlags: { gamma: 6, heads: 3, tree: 'dynamic:4,4,16' },
    });
    const by = Object.fromEntries(scenario.methods.map((m) => [m.kind, m]));
    expect(by.draft).toMatchObject({ draft: 'llama-68m', gamma: 6, acceptance: { kind: 'iid', alpha: 0.7 } });
    expect(by.medusa).toMatchObject({ heads: 3, tree: 'medusa-63' });
    expect(by.eagle).toMatchObject({ tree: { kind: 'dynamic', depth: 4, topK: 4, nodes: 16 } });
    expect(scenario.workload).toMatchObject({ kind: 'poisson', rate: 3 });
    expect(scenario.notes).toEqual(notes.filter((n) => /assumed|default/.test(n)));
    expect(scenario.notes!.some((n) => n.includes('vicuna-13b'))).toBe(true); // the Vicuna size closest to 13B
    expect(scenario.notes!.some((n) => n.startsWith('draft: iid acceptance α = 0.7'))).toBe(true);
    expect(scenario.notes!.some((n) => n.startsWith('draft: γ'))).toBe(false); // given, not assumed
    expect(closestVicuna(resolveModel('llama2-70b'))).toBe('vicuna-33b');
    const alpha = buildCompareScenario({ hardware: ['h100-sxm'], model: 'llama2-7b', methods: ['draft'], batch: [1], tp: 1, methodFlags: { alpha: 0.85 } }).scenario;
    expect(alpha.methods[1]).toMatchObject({ acceptance: { kind: 'iid', alpha: 0.85 } });
    expect(() => buildCompareScenario({ hardware: ['h100-sxm'], model: 'llama2-7b', methods: ['eagle'], batch: [1], methodFlags: { gamma: 3 } })).toThrow(/--gamma applies to method draft or ngram/);
  });
});

describe('compare CLI', () => {
  test('--method draft without a usable --draft exits 2 with one line', async () => {
    for (const extra of [[], ['--draft', 'llama-68m']]) {
      const r = await exec(process.execPath, [BIN, 'compare', '--hardware', 'h100-sxm', '--model', mistral, '--method', 'draft', '--batch', '1', '--out', join(dir, 'out'), ...extra])
        .then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/Mistral/);
    }
  });
});
