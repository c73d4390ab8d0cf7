/**
 * Engines pick their attention kernel by the GPU's architecture, as their
 * backend selection does (data/engines/*.json `kernels.attentionByArch`, a
 * GPU profile's `arch`): vLLM runs FlashAttention-3 on Hopper only and
 * FlashAttention-2 elsewhere, SGLang fa3 on Hopper and FlashInfer elsewhere.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveEngine } from '../src/catalog/engines.js';
import { resolveModel } from '../src/catalog/models.js';
import { resolveHardware, listHardware } from '../src/hardware/resolve.js';
import { engineKernels } from '../src/serving/engine-kernels.js';
import { engineStepCost } from '../src/serving/engine-step.js';
import { runCli, userLine } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'specsim-arch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const attention = (engine: string, hw: string) => engineKernels(resolveEngine(engine), resolveHardware(hw)).attention;

describe('attention kernels by GPU architecture', () => {
  it('every built-in GPU profile states its architecture, with a note', () => {
    for (const h of listHardware().filter((x) => x.kind === 'gpu')) {
      expect(h.arch, h.id).toMatch(/^(sm\d{2,3}|gfx[0-9a-f]{3,4})$/);
      expect(h.notes.arch, h.id).toBeTruthy();
    }
  });

  it('vLLM: FlashAttention-3 on Hopper, FlashAttention-2 on Ampere and Ada; SGLang: fa3 on Hopper, FlashInfer elsewhere; TensorRT-LLM and the harness everywhere the same', () => {
    expect(attention('vllm', 'h100-sxm')).toBe('flash3-dense');
    expect(attention('vllm', 'h200-sxm')).toBe('flash3-dense');
    for (const hw of ['a100-sxm', 'rtx-3090', 'l4', 'l40s']) expect(attention('vllm', hw)).toBe('flash2-dense');
    expect(attention('sglang', 'h100-sxm')).toBe('flash3-dense');
    for (const hw of ['a100-sxm', 'l40s']) expect(attention('sglang', hw)).toBe('paged-flashinfer');
    for (const hw of ['a100-sxm', 'h100-sxm', 'b200']) expect(attention('trtllm', hw)).toBe('flash3-dense');
    // Blackwell and ROCm: no calibrated family; the packed-query-head stand-in their kernels behave like.
    for (const e of ['vllm', 'sglang']) for (const hw of ['b200', 'mi300x']) expect(attention(e, hw)).toBe('flash3-dense');
    for (const hw of ['a100-sxm', 'h100-sxm']) expect(attention('none', hw)).toBe('flash2-dense');
  });

  it('on an A100 under vLLM a GQA verify step gives each query head its own tile (FlashAttention-2 packs the group only for one query token)', () => {
    const a100 = resolveHardware('a100-sxm');
    const llama3 = resolveModel('llama3-8b'); // 32 query heads over 8 KV heads
    const vllm = resolveEngine('vllm');
    const asHopper = { ...vllm, kernels: { ...vllm.kernels, attention: 'flash3-dense' as const, attentionByArch: undefined } };
    const step = (tokens: number, engine = vllm) => engineStepCost(a100, llama3, { batch: 64, tokens, context: 4096, phase: 'decode' }, {}, engine).breakdown.attention!;
    // One new token: both fold the group into rows, the same KV traffic.
    expect(step(1)).toBeCloseTo(step(1, asHopper), 9);
    // Four (a verify of 3 drafts): FlashAttention-2 gives each of a group's 4 query heads its own mostly empty 64-row tile.
    expect(step(4) / step(4, asHopper)).toBeGreaterThan(3);
    expect(step(4) / step(4, asHopper)).toBeLessThan(4.5);
  });

  it('specsim cost names the kernel the engine runs on that GPU; --attention still overrides it', async () => {
    const line = async (args: string[]) => {
      const r = await runCli(process.cwd(), ['cost', '--model', 'llama3-8b', '--engine', 'vllm', '--tokens', '4', '--context', '2048', ...args]);
      expect(r.code).toBe(0);
      return r.stdout.split('\n').find((l) => /^\s+attention /.test(l)) ?? '';
    };
    expect(await line(['--hardware', 'a100-sxm'])).toMatch(/^\s+attention\s+flash2-dense: .*packed only at one new token/);
    expect(await line(['--hardware', 'h100-sxm'])).toMatch(/^\s+attention\s+flash3-dense: /);
    expect(await line(['--hardware', 'a100-sxm', '--attention', 'flash3-dense'])).toMatch(/^\s+attention\s+flash3-dense: /);
  });

  it('a profile without an architecture runs the engine default; a bad architecture is one line naming the field', () => {
    const h100 = JSON.parse(readFileSync('data/hardware/h100-sxm.json', 'utf8')) as Record<string, unknown>;
    const write = (name: string, doc: unknown) => { const p = join(tmp, name); writeFileSync(p, JSON.stringify(doc)); return p; };
    expect(attention('vllm', write('no-arch.json', { ...h100, id: 'mine', arch: undefined }))).toBe('flash2-dense');
    expect(userLine(() => resolveHardware(write('bad-arch.json', { ...h100, id: 'mine', arch: 'hopper' })))).toMatch(/sm80, sm89, sm90, sm100 or gfx942.*at \$\.arch\)$/);
    const vllm = JSON.parse(readFileSync('data/engines/vllm.json', 'utf8')) as { kernels: Record<string, unknown> };
    const bad = write('engine.json', { ...vllm, id: 'mine', kernels: { ...vllm.kernels, attentionByArch: { sm90: 'flash4' } } });
    expect(userLine(() => resolveEngine(bad))).toMatch(/kernels\.attentionByArch\.sm90/);
  });
});

describe('what a report says the engine ran', () => {
  it('a mixed step is one attention call: FlashAttention-2 packs its one-token rows only when no prompt chunk shares the call', () => {
    const llama3 = resolveModel('llama3-8b');
    const decode = { batch: 32, tokens: 1, context: 2048, phase: 'decode' as const };
    const chunk = { batch: 1, tokens: 512, context: 0, phase: 'prefill' as const };
    const attn = (hw: string, engine: string, shape: Parameters<typeof engineStepCost>[2]) => engineStepCost(resolveHardware(hw), llama3, shape, {}, resolveEngine(engine)).breakdown.attention!;
    // FlashAttention-2 (vLLM on an A100): the chunk's 512-token rows unpack the decode rows' query heads.
    expect(attn('a100-sxm', 'vllm', { groups: [decode, chunk] })).toBeGreaterThan(1.5 * (attn('a100-sxm', 'vllm', decode) + attn('a100-sxm', 'vllm', chunk)));
    // FlashAttention-3 (vLLM on an H100) decides per group's fill: the mixed step costs its parts.
    expect(attn('h100-sxm', 'vllm', { groups: [decode, chunk] })).toBeCloseTo(attn('h100-sxm', 'vllm', decode) + attn('h100-sxm', 'vllm', chunk), 6);
  });

  it('the hardware settings table names the attention kernel each GPU ran, and says when a profile states no arch', async () => {
    const h100 = JSON.parse(readFileSync('data/hardware/h100-sxm.json', 'utf8')) as Record<string, unknown>;
    const mine = join(tmp, 'mine.json');
    writeFileSync(mine, JSON.stringify({ ...h100, id: 'mine', arch: undefined }));
    const out = join(tmp, 'cmp');
    const r = await runCli(process.cwd(), ['compare', '--hardware', `a100-sxm,h100-sxm,${mine}`, '--model', 'llama2-7b', '--method', 'ngram', '--batch', '1', '--requests', '4', '--output-tokens', '16', '--engine', 'vllm', '--quiet', '--no-charts', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    const row = (profile: string) => summary.split('\n').find((l) => l.includes(` | ${profile} | `)) ?? '';
    expect(summary).toMatch(/\| attention kernel \|/);
    expect(row('a100-sxm')).toMatch(/\| flash2-dense \|$/);
    expect(row('h100-sxm')).toMatch(/\| flash3-dense \|$/);
    expect(summary).toMatch(/\| flash2-dense \(the profile states no arch: the engine's default\) \|/);
  });
});
