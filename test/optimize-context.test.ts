/** `specsim optimize --context a,b,c`: the context axis, and vLLM's (batch, context) table. */
import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { optimize } from '../src/optimize/search.js';
import { engineConfig } from '../src/optimize/emit.js';
import { runCli } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'specsim-ctx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('context axis', () => {
  const o = optimize({ hardware: 'h100-sxm', model: 'llama3.1-8b', methods: ['eagle'], batch: [1, 16], contexts: [512, 16384], context: 512, objective: 'user', outputTokens: 64, seed: 3, requests: 32, engine: 'vllm', policy: 'one-kind' });

  test('one point per (context, batch); a longer context makes each step dearer, so per-user speed falls', () => {
    expect(o.doc.points.map((p) => [p.context, p.batch])).toEqual([[512, 1], [512, 16], [16384, 1], [16384, 16]]);
    expect(o.meta.contexts).toEqual([512, 16384]);
    expect(o.doc.crossovers!.map((c) => c.context)).toEqual([512, 16384]);
    for (const b of [1, 16]) {
      const [short, long] = [512, 16384].map((c) => o.doc.points.find((p) => p.batch === b && p.context === c)!);
      expect(long!.simulated.tpotMs).toBeGreaterThan(short!.simulated.tpotMs);
    }
    expect(new Set(o.report.results.map((r) => r.method))).toEqual(new Set(['autoregressive · ctx 512', 'best · ctx 512', 'autoregressive · ctx 16384', 'best · ctx 16384']));
  });

  test('vLLM: a rectangular grid of [bs_lo, bs_hi, ctx_lo, ctx_hi, K] from batch 1 and context 1, K = each pick', () => {
    const cfg = engineConfig(o.doc, o.meta, 'vllm', '0.0.0').config as { speculative_config: { num_speculative_tokens: number; num_speculative_tokens_per_batch_size: number[][] } };
    const table = cfg.speculative_config.num_speculative_tokens_per_batch_size;
    expect(table.map((e) => e.slice(0, 4))).toEqual([[1, 1, 1, 512], [1, 1, 513, 16384], [2, 16, 1, 512], [2, 16, 513, 16384]]);
    for (const p of o.doc.points) {
      const e = table.find((x) => p.batch >= x[0]! && p.batch <= x[1]! && p.context >= x[2]! && p.context <= x[3]!)!;
      expect(e[4]).toBe(p.best.method === 'autoregressive' ? 0 : p.best.depth);
    }
    expect(cfg.speculative_config.num_speculative_tokens).toBe(Math.max(...table.map((e) => e[4]!)));
  });

  test('a context beyond the model\'s maximum is exit 2, one line', async () => {
    const r = await runCli(tmp, ['optimize', '--hardware', 'h100-sxm', '--model', 'llama3-8b', '--method', 'eagle', '--batch', '1', '--context', '512,8192,32768', '--out', join(tmp, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^specsim: requests of up to 33024 tokens \(prompt \+ output\) exceed the 8192-token context of 'llama3-8b'; shorten them \(--context, --output-tokens\)$/);
  });
});
