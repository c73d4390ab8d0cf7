/**
 * tools/measure-gpu.py end to end on the CPU (Debian's python3-torch): a tiny
 * GQA model, every row kind the script writes, read back by
 * `specsim calibrate --check`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
const dir = mkdtempSync(join(tmpdir(), 'specsim-measure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tools/measure-gpu.py', () => {
  test.skipIf(!python)('measures a tiny model on the CPU and calibrate --check reads every row kind it writes', () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ _name_or_path: 'org/Tiny-GQA', hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, intermediate_size: 128, vocab_size: 256 }));
    const out = join(dir, 'tiny.jsonl');
    execFileSync(python!, ['tools/measure-gpu.py', '--config', config, '--out', out, '--device', 'cpu', '--quick', '--repeats', '1'], { stdio: 'pipe', timeout: 170_000 });
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; ms?: number });
    const kinds = new Set(rows.map((r) => r.kind));
    for (const k of ['device', 'copy', 'gemm', 'gemm_skinny', 'model', 'decode', 'prefill', 'tree', 'medusa', 'eagle']) expect(kinds, k).toContain(k);
    for (const r of rows) if (r.kind !== 'device' && r.kind !== 'model') expect(r.ms).toBeGreaterThan(0);

    const check = JSON.parse(execFileSync('node', ['dist/src/bin.js', 'calibrate', '--check', '--data', out, '--json'], { encoding: 'utf8' })) as { rows: { label: string; predictedMs: number }[] };
    const timed = rows.filter((r) => !['device', 'model', 'copy'].includes(r.kind));
    expect(check.rows).toHaveLength(timed.length);
    for (const k of ['decode tiny-gqa', 'prefill tiny-gqa', 'tree tiny-gqa', 'medusa tiny-gqa heads4', 'eagle tiny-gqa', 'gemm_skinny']) {
      expect(check.rows.some((r) => r.label.startsWith(k)), k).toBe(true);
    }
    for (const r of check.rows) expect(Number.isFinite(r.predictedMs) && r.predictedMs > 0, r.label).toBe(true);
  }, 180_000);
});
