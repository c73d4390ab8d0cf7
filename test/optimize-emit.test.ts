/** `specsim optimize --emit vllm|sglang|trtllm`: the engine's configuration for the picks, parsed back and checked against the report. */
import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import type { OptimizeDoc } from '../src/report/optimize-types.js';

const tmp = mkdtempSync(join(tmpdir(), 'specsim-emit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The lines that are not comments. */
const body = (text: string): string => text.split('\n').filter((l) => !l.startsWith('#')).join('\n');
const comments = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('#'));

describe('--emit vllm', () => {
  test('llama2-70b tp 4, draft and EAGLE: a speculative_config whose batch table matches the report\'s picks', async () => {
    const out = join(tmp, 'vllm70');
    const r = await runCli(tmp, ['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-70b', '--tp', '4', '--method', 'draft,eagle', '--batch', '1,8,64,256', '--emit', 'vllm', '--out', out], { timeoutMs: 180_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const head = comments(r.stdout);
    expect(head[0]).toMatch(/^# specsim \d+\.\d+\.\d+ optimize for vLLM: h100-sxm, llama2-70b \(tp 4, bf16 weights\), engine profile vllm/);
    expect(head.join('\n')).toMatch(/acceptance assumed: draft: iid acceptance α = 0\.8 .*eagle: EAGLE top-1 acceptance 0\.75/);
    const cfg = JSON.parse(body(r.stdout)) as { speculative_config: { method: string; model?: string; num_speculative_tokens: number; num_speculative_tokens_per_batch_size: Record<string, number> } };
    const spec = cfg.speculative_config;
    const doc = JSON.parse(readFileSync(join(out, 'optimize.json'), 'utf8')) as OptimizeDoc;
    expect(doc.engineConfig).toEqual({ target: 'vllm', config: cfg });
    // Inclusive "lo-hi" ranges from 1, contiguous, increasing.
    const ranges = Object.entries(spec.num_speculative_tokens_per_batch_size).map(([k, v]) => {
      const m = /^(\d+)-(\d+)$/.exec(k);
      expect(m, k).not.toBeNull();
      return { lo: Number(m![1]), hi: Number(m![2]), k: v };
    });
    expect(ranges[0]!.lo).toBe(1);
    ranges.forEach((x, i) => { expect(x.hi).toBeGreaterThanOrEqual(x.lo); if (i > 0) expect(x.lo).toBe(ranges[i - 1]!.hi + 1); });
    // One speculative method; K at each batch = the pick (chain length; 0 where autoregressive wins).
    const kinds = new Set(doc.points.filter((p) => p.best.method !== 'autoregressive').map((p) => p.best.method));
    expect(kinds.size).toBe(1);
    const kind = [...kinds][0]!;
    expect(spec.method).toBe(kind === 'draft' ? 'draft_model' : kind);
    for (const p of doc.points) {
      const range = ranges.find((x) => p.batch >= x.lo && p.batch <= x.hi)!;
      const k = p.best.method === 'autoregressive' ? 0 : (p.best.gamma ?? p.best.depth)!;
      if (p.best.method === 'eagle') expect(p.best.topK).toBe(1);
      expect(range.k, `batch ${p.batch}`).toBe(k);
    }
    expect(spec.num_speculative_tokens).toBe(Math.max(...ranges.map((x) => x.k)));
    expect(doc.points[0]!.speedup).toBeGreaterThan(1.5);
  }, 200_000);

  test('a tree the search found under the kernels alone cannot be a vLLM config: exit 2, one line', async () => {
    const r = await runCli(tmp, ['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'eagle', '--batch', '1', '--engine', 'none', '--emit', 'vllm', '--out', join(tmp, 'tree')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^specsim: vLLM runs eagle as a chain only, but the pick at batch 1 is a tree \(depth \d+ · top-\d+ · \d+ nodes\); search with --engine vllm .*\(--emit\)$/m);
  }, 60_000);
});

describe('--emit sglang and trtllm: one setting for every batch', () => {
  test('sglang: --max-running-requests only lifts SGLang\'s own cap when speculating (48, engine data), never lowers it', async () => {
    const { sglangRunningRequests } = await import('../src/optimize/emit.js');
    const { resolveEngine } = await import('../src/catalog/engines.js');
    const cap = resolveEngine('sglang').speculation.maxRunningRequests!;
    expect(sglangRunningRequests(cap)).toBeUndefined();
    expect(sglangRunningRequests(16)).toBeUndefined();
    expect(sglangRunningRequests(cap + 1)).toBe(cap + 1);
    expect(sglangRunningRequests(256)).toBe(256);
  });

  test('sglang: the four flags of one EAGLE setting, the same at every batch of the report', async () => {
    const out = join(tmp, 'sgl');
    const r = await runCli(tmp, ['optimize', '--hardware', 'h100-sxm', '--model', 'llama3-8b', '--method', 'eagle', '--batch', '1,16,64', '--emit', 'sglang', '--out', out], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    const flags = body(r.stdout).trim().split(/\s+/);
    const get = (k: string): string => flags[flags.indexOf(k) + 1]!;
    expect(get('--speculative-algorithm')).toBe('EAGLE');
    const doc = JSON.parse(readFileSync(join(out, 'optimize.json'), 'utf8')) as OptimizeDoc;
    const settings = new Set(doc.points.map((p) => JSON.stringify(p.best)));
    expect(settings.size).toBe(1);
    const s = doc.points[0]!.best;
    expect(Number(get('--speculative-num-steps'))).toBe(s.depth);
    expect(Number(get('--speculative-eagle-topk'))).toBe(s.topK);
    expect(Number(get('--speculative-num-draft-tokens'))).toBe(s.nodes! + 1);
    // SGLang runs at most 48 requests at once when speculating unless told (server_args.py): the config lifts that to the
    // largest batch searched, and batch 64 was simulated whole (its point's scenario says so, and no result ran at a cap).
    expect(Number(get('--max-running-requests'))).toBe(64);
    expect(doc.points.find((p) => p.batch === 64)!.scenario['maxRunningRequests']).toBe(64);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { results: { batch: number; detail?: { runningCap?: number } }[] };
    expect(report.results.filter((x) => x.batch === 64)).toHaveLength(2);
    expect(report.results.filter((x) => x.detail?.runningCap !== undefined)).toEqual([]);
  }, 150_000);

  test('trtllm: a DraftTarget YAML; EAGLE-1/2 is refused (its PyTorch backend runs EAGLE-3 only)', async () => {
    const r = await runCli(tmp, ['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'draft', '--batch', '1,8', '--emit', 'trtllm', '--out', join(tmp, 'trt')], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    expect(body(r.stdout)).toMatch(/^speculative_config:\n {2}decoding_type: DraftTarget\n {2}max_draft_len: \d+\n {2}speculative_model: JackFram\/llama-68m\n$/m);
    const bad = await runCli(tmp, ['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'eagle', '--batch', '1', '--engine', 'vllm', '--emit', 'trtllm', '--out', join(tmp, 'trt2')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^specsim: TensorRT-LLM does not run method 'eagle', the pick at batch 1 \(chain of \d+\) \(--emit\)$/m);
  }, 150_000);
  test('trtllm MTP: num_nextn_predict_layers is the chained depth; the report\'s settings table names the searched tp and dtype', async () => {
    const out = join(tmp, 'mtp');
    const r = await runCli(tmp, ['optimize', '--hardware', 'h200-sxm', '--model', 'deepseek-v3', '--tp', '8', '--dtype', 'fp8', '--method', 'mtp', '--batch', '1,32', '--emit', 'trtllm', '--out', out], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    const m = /^speculative_config:\n {2}decoding_type: MTP\n {2}max_draft_len: (\d+)\n {2}num_nextn_predict_layers: (\d+)\n$/m.exec(body(r.stdout));
    expect(m).not.toBeNull();
    expect(m![2]).toBe(m![1]);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/^\| h200-sxm \| h200-sxm \| 8 \| fp8 \| bf16 \|$/m);
  }, 150_000);
});
