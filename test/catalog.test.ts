import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.js';
import { modelFromHfConfig } from '../src/catalog/hf-config.js';
import { jsonErrorOffset, lineColumn } from '../src/catalog/json-file.js';
import { ModelSpecSchema, type ModelSpec } from '../src/catalog/model-schema.js';
import { headDim, listModels, paramCount, resolveModel, weightBytes } from '../src/catalog/models.js';

const tmp = mkdtempSync(join(tmpdir(), 'specsim-catalog-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, body: string): string {
  const p = join(tmp, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, body);
  return p;
}

function userError(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

const kvBytesPerToken = (m: ModelSpec, bytes = 2): number => 2 * m.layers * m.kvHeads * headDim(m) * bytes;
const within = (actual: number, expected: number, rel: number): void => {
  expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(rel);
};

describe('built-in catalog', () => {
  const models = listModels();

  it('has the expected models', () => {
    const ids = models.map((m) => m.id);
    for (const id of [
      'llama2-7b', 'llama2-13b', 'llama2-70b', 'llama3-8b', 'llama3-70b', 'llama3.1-8b', 'llama3.1-70b',
      'llama3.1-405b', 'llama3.2-1b', 'llama3.2-3b', 'vicuna-7b', 'vicuna-13b', 'vicuna-33b',
      'codellama-7b', 'codellama-13b', 'codellama-34b', 'mistral-7b', 'mixtral-8x7b', 'mixtral-8x22b',
      'tinyllama-1.1b', 'llama-68m', 'llama-160m', 'qwen2.5-0.5b', 'qwen2.5-7b', 'qwen2.5-72b', 'zephyr-7b',
    ]) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every entry validates, is a decoder, has a public source and a kebab-case id', () => {
    for (const m of models) {
      expect(ModelSpecSchema.parse(m)).toEqual(m);
      expect(m.kind).toBe('decoder');
      expect(m.source).toMatch(/^https:\/\/(huggingface\.co|arxiv\.org)\//);
      expect(m.id).toMatch(/^[a-z0-9]+([.-][a-z0-9]+)*$/);
      expect(Number.isInteger(headDim(m))).toBe(true);
    }
  });

  it('GQA kvHeads divide heads', () => {
    for (const m of models) expect(m.heads % m.kvHeads, m.id).toBe(0);
    expect(resolveModel('llama2-70b').kvHeads).toBe(8);
    expect(resolveModel('llama2-7b').kvHeads).toBe(32);
  });

  it('mixtral has experts', () => {
    expect(resolveModel('mixtral-8x7b').experts).toEqual({ count: 8, topK: 2 });
    expect(resolveModel('mixtral-8x22b').experts).toEqual({ count: 8, topK: 2 });
    expect(resolveModel('mistral-7b').experts).toBeUndefined();
  });

  it('returns frozen specs and a fresh list', () => {
    const a = listModels();
    a.pop();
    expect(listModels().length).toBe(models.length);
    expect(Object.isFrozen(resolveModel('llama2-7b'))).toBe(true);
  });
});

describe('paramCount', () => {
  it('llama2-7b is 6,738,149,376 params and 13.48 GB in bf16', () => {
    const p = paramCount(resolveModel('llama2-7b'));
    expect(p.total).toBe(6_738_149_376);
    expect(p.embedding).toBe(32000 * 4096);
    expect(p.lmHead).toBe(32000 * 4096);
    within(weightBytes(resolveModel('llama2-7b'), 2), 13.48e9, 0.001);
  });

  it('llama-68m is 68,026,368 params', () => {
    expect(paramCount(resolveModel('llama-68m')).total).toBe(68_026_368);
  });

  it('matches published sizes of other models', () => {
    within(paramCount(resolveModel('llama2-13b')).total, 13.016e9, 0.005);
    within(paramCount(resolveModel('llama2-70b')).total, 68.977e9, 0.005);
    within(paramCount(resolveModel('llama3-8b')).total, 8.030e9, 0.005);
    within(paramCount(resolveModel('llama3.1-405b')).total, 405.8e9, 0.005);
    within(paramCount(resolveModel('llama3.2-1b')).total, 1.236e9, 0.005); // tied
    within(paramCount(resolveModel('mistral-7b')).total, 7.242e9, 0.005);
    within(paramCount(resolveModel('mixtral-8x7b')).total, 46.70e9, 0.005);
    within(paramCount(resolveModel('mixtral-8x22b')).total, 140.6e9, 0.01);
    within(paramCount(resolveModel('tinyllama-1.1b')).total, 1.100e9, 0.005);
    within(paramCount(resolveModel('qwen2.5-7b')).total, 7.615e9, 0.005);
    within(paramCount(resolveModel('gemma-7b')).total, 8.538e9, 0.005);
    expect(paramCount(resolveModel('llama3.2-1b')).lmHead).toBe(0);
  });

  it("llama3-8b's KV bytes per token are 1/4 of llama2-7b's", () => {
    expect(kvBytesPerToken(resolveModel('llama3-8b')) * 4).toBe(kvBytesPerToken(resolveModel('llama2-7b')));
    expect(kvBytesPerToken(resolveModel('llama2-7b'))).toBe(524_288); // 512 KiB in bf16
  });
});

describe('derived models', () => {
  it('+medusa4 puts 4 Medusa-1 heads on the target', () => {
    const m = resolveModel('vicuna-7b+medusa4');
    expect(m).toMatchObject({
      id: 'vicuna-7b+medusa4', kind: 'medusa-heads', medusaHeads: 4, target: 'vicuna-7b',
      hidden: 4096, vocab: 32000, layers: 0,
    });
    expect(ModelSpecSchema.parse(m)).toEqual(m);
    const p = paramCount(m);
    expect(p.embedding).toBe(0);
    expect(p.total).toBe(4 * (4096 * 4096 + 4096 + 32000 * 4096));
    expect(p.lmHead).toBe(4 * 32000 * 4096);
  });

  it('+eagle is FC + one decoder layer sharing the target LM head', () => {
    const m = resolveModel('vicuna-7b+eagle');
    expect(m).toMatchObject({
      id: 'vicuna-7b+eagle', kind: 'eagle-draft', layers: 1, target: 'vicuna-7b',
      hidden: 4096, heads: 32, kvHeads: 32, intermediate: 11008, vocab: 32000,
    });
    expect(ModelSpecSchema.parse(m)).toEqual(m);
    const p = paramCount(m);
    expect(p.lmHead).toBe(0);
    expect(p.embedding).toBe(0);
    expect(p.total).toBe(2 * 4096 * 4096 + 4096 + paramCount(resolveModel('vicuna-7b')).perLayer);
  });

  it('EAGLE draft sizes match the paper (0.24B / 0.37B / 0.99B for 7B / 13B / 70B)', () => {
    within(paramCount(resolveModel('vicuna-7b+eagle')).total, 0.24e9, 0.1);
    within(paramCount(resolveModel('vicuna-13b+eagle')).total, 0.37e9, 0.1);
    within(paramCount(resolveModel('llama2-70b+eagle')).total, 0.99e9, 0.1);
  });

  it('the EAGLE draft of a MoE target is dense', () => {
    expect(resolveModel('mixtral-8x7b+eagle').experts).toBeUndefined();
  });

  it('rejects bad suffixes and derived targets', () => {
    expect(userError(() => resolveModel('vicuna-7b+medusa0')).message).toMatch(/positive integer/);
    expect(userError(() => resolveModel('vicuna-7b+medusa')).message).toMatch(/positive integer/);
    expect(userError(() => resolveModel('vicuna-7b+hydra')).message).toMatch(/unknown model suffix '\+hydra'/);
    expect(userError(() => resolveModel('vicuna-7b+medusa2+eagle')).message).toMatch(/full decoder/);
    expect(userError(() => resolveModel('vicnua-7b+eagle')).message).toMatch(/did you mean 'vicuna-7b'/);
  });
});

describe('Hugging Face config.json', () => {
  const llamaCfg = {
    _name_or_path: 'acme/tiny-llama',
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_size: 768,
    num_hidden_layers: 2,
    num_attention_heads: 12,
    num_key_value_heads: 12,
    intermediate_size: 3072,
    vocab_size: 32000,
    max_position_embeddings: 2048,
    tie_word_embeddings: false,
  };

  it('loads a llama config from a path', () => {
    const p = write('tiny/config.json', JSON.stringify(llamaCfg, null, 2));
    const m = resolveModel(p);
    expect(m).toMatchObject({
      id: p, name: 'acme/tiny-llama', source: `file:${p}`, kind: 'decoder',
      hidden: 768, layers: 2, heads: 12, kvHeads: 12, intermediate: 3072, vocab: 32000,
      tiedEmbeddings: false, maxContext: 2048,
    });
    expect(paramCount(m).total).toBe(68_026_368);
  });

  it('defaults kvHeads to heads, names by directory, reads experts and head_dim', () => {
    const { _name_or_path: _, num_key_value_heads: __, ...rest } = llamaCfg;
    const p = write('my-model/config.json', JSON.stringify({ ...rest, num_local_experts: 4, num_experts_per_tok: 2, head_dim: 32 }));
    const m = modelFromHfConfig(p);
    expect(m.kvHeads).toBe(12);
    expect(m.name).toBe('my-model');
    expect(m.experts).toEqual({ count: 4, topK: 2 });
    expect(m.headDim).toBe(32);
  });

  it('accepts a model directory and derives heads from a path target', () => {
    const dir = join(tmp, 'tiny');
    expect(resolveModel(dir).hidden).toBe(768);
    const p = join(dir, 'config.json');
    const e = resolveModel(`${p}+eagle`);
    expect(e).toMatchObject({ kind: 'eagle-draft', target: p, hidden: 768 });
    expect(resolveModel(`${p}+medusa3`).medusaHeads).toBe(3);
  });

  it('names the missing field', () => {
    const { hidden_size: _, ...rest } = llamaCfg;
    const p = write('missing/config.json', JSON.stringify(rest));
    const e = userError(() => resolveModel(p));
    expect(e.message).toBe("config.json is missing 'hidden_size' (a positive integer)");
    expect(e.where).toBe(p);
  });

  it('names a wrong field', () => {
    const p = write('wrong/config.json', JSON.stringify({ ...llamaCfg, num_hidden_layers: '32' }));
    expect(userError(() => modelFromHfConfig(p)).message).toBe(`config.json has 'num_hidden_layers' = "32"; expected a positive integer`);
    const q = write('gqa/config.json', JSON.stringify({ ...llamaCfg, num_key_value_heads: 5 }));
    expect(userError(() => modelFromHfConfig(q)).message).toMatch(/'num_key_value_heads' = 5, which does not divide/);
  });

  it('reports invalid JSON with line and column', () => {
    const p = write('badjson/config.json', '{\n  "hidden_size": 768,\n  "num_hidden_layers": }\n');
    const e = userError(() => modelFromHfConfig(p));
    expect(e.message).toMatch(/^invalid JSON at line 3, column 24: /);
    expect(e.where).toBe(p);
    const q = write('badjson2/config.json', '{\n  "a": 1\n  "b": 2\n}');
    expect(userError(() => modelFromHfConfig(q)).message).toMatch(/^invalid JSON at line 3, column 3: Expected ',' or '}'/);
    const r = write('badjson3/config.json', '{\n  "a": [1, 2');
    expect(userError(() => modelFromHfConfig(r)).message).toMatch(/^invalid JSON at line 2, column 13: /);
  });

  it('says when the file does not exist', () => {
    const p = join(tmp, 'nope', 'config.json');
    const e = userError(() => resolveModel(p));
    expect(e.message).toBe('no such file');
    expect(e.where).toBe(p);
    expect(userError(() => modelFromHfConfig(p)).message).toBe('no such file');
    expect(userError(() => resolveModel('meta-llama/Llama-2-7b-hf')).message).toMatch(/built-in model 'llama2-7b'/);
  });
});

describe('unknown ids', () => {
  it('suggests the closest id and lists the known ones', () => {
    const e = userError(() => resolveModel('llama2-7', 'scenario.json: target'));
    expect(e.message).toMatch(/^unknown model 'llama2-7'; did you mean 'llama2-7b'\?; known: /);
    expect(e.message).toContain('mixtral-8x7b');
    expect(e.where).toBe('scenario.json: target');
  });

  it('is case-insensitive for catalog ids', () => {
    expect(resolveModel('Llama2-7B').id).toBe('llama2-7b');
  });
});

describe('JSON error location helpers', () => {
  it('locates errors Node does not', () => {
    expect(jsonErrorOffset('{"a": }')).toBe(6);
    expect(jsonErrorOffset('{"a": 1}')).toBeUndefined();
    expect(jsonErrorOffset('[1, 2, 3] x')).toBe(10);
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
