/**
 * The built-in catalog is checked at build time (scripts/build-catalog.mjs):
 * what the build wrote must be what checking data/ with the zod schemas
 * gives, and start-up must fall back to checking the files when they changed
 * since the build. The zod-free flag ranges (limits.ts) must accept and
 * describe exactly what the zod field schemas do.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateBuiltins } from '../src/catalog/builtin-validate.js';
import { checkBuiltinHardware } from '../src/hardware/check.js';
import { EFFICIENCY_KEYS } from '../src/catalog/efficiency.js';
import { gpuSchemas } from '../src/catalog/hardware-schema.js';
import { z } from '../src/zod.js';
import { parseIntList } from '../src/cli/options.js';
import { FIELDS, LIMITS } from '../src/fields.js';
import { INT_FIELDS, LIST_ENTRIES } from '../src/limits.js';
import { userLine } from './helpers/cli.js';

const { GpuEfficiencySchema } = gpuSchemas(z);

const DIST_CATALOG = resolve('dist/src/catalog');

describe('the checked built-in catalog', () => {
  it('the build wrote what checking data/ gives, with the texts of the files and the checking code', async () => {
    const doc = JSON.parse(readFileSync(join(DIST_CATALOG, 'builtin-catalog.json'), 'utf8')) as { sources: Record<string, string>; catalog: unknown };
    const { models, engines, kernels } = validateBuiltins();
    expect(doc.catalog).toStrictEqual(JSON.parse(JSON.stringify({ models, hardware: checkBuiltinHardware(), engines, kernels })));
    const files = (await import(pathToFileURL(join(DIST_CATALOG, 'builtin-files.js')).href)) as typeof import('../src/catalog/builtin-files.js');
    const current = files.checkedSources(files.readBuiltinFiles());
    expect(files.sameSources(doc.sources, current)).toBe(true);
    expect(Object.keys(current)).toContain('data/hardware/h100-sxm.json');
    expect(Object.keys(current)).toContain('./builtin-validate.js');
    // Each kind's profile schema is its backend's: every backend file is a checking module.
    expect(Object.keys(current)).toEqual(expect.arrayContaining(['../hardware/check.js', '../cost/backends/gpu.js', '../cost/backends/groq.js', '../cost/backends/index.js']));
    expect(files.sameSources(doc.sources, { ...current, 'data/models.json': `${current['data/models.json']} ` })).toBe(false);
  });

  it('start-up checks the files itself when data/ changed since the build (a copy of the package with one edit)', () => {
    const root = mkdtempSync(join(tmpdir(), 'specsim-catalog-'));
    for (const d of ['dist', 'data']) cpSync(d, join(root, d), { recursive: true });
    cpSync('package.json', join(root, 'package.json'));
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir');
    const models = JSON.parse(readFileSync(join(root, 'data', 'models.json'), 'utf8')) as { models: { id: string; name: string }[] };
    models.models[0]!.name = 'Edited since the build';
    writeFileSync(join(root, 'data', 'models.json'), JSON.stringify(models));
    const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist', 'src', 'bin.js'), ...args], { encoding: 'utf8' });
    const list = JSON.parse(run('list', 'models', '--json').stdout) as { models: { id: string; name: string }[] };
    expect(list.models[0]!.name).toBe('Edited since the build');
    // A broken built-in file is our bug: an internal error (exit 1), not a crash.
    Object.assign(models.models[0]!, { heads: 0 });
    writeFileSync(join(root, 'data', 'models.json'), JSON.stringify(models));
    const r = run('list', 'models');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^specsim: internal error: invalid built-in model catalog .*models\.json: models\.0\.heads/);
    rmSync(root, { recursive: true, force: true });
  });

  it('resolves efficiencies with the schema\'s fields, in its order', () => {
    expect([...EFFICIENCY_KEYS]).toEqual(Object.keys(GpuEfficiencySchema.shape));
  });
});

describe('integer flags without zod (limits.ts)', () => {
  it('each INT_FIELDS range accepts and describes exactly what the FIELDS schema does', () => {
    const outcome = (value: string, check: Parameters<typeof parseIntList>[2]): string => {
      try { return JSON.stringify(parseIntList(value, '--x', check)); } catch { return userLine(() => parseIntList(value, '--x', check)); }
    };
    for (const key of Object.keys(INT_FIELDS) as (keyof typeof INT_FIELDS)[]) {
      const r: { min: number; max?: number } = INT_FIELDS[key];
      const values = [r.min - 1, r.min, r.min + 1, 1.5, ...(r.max !== undefined ? [r.max, r.max + 1] : [2 ** 53])].map(String);
      for (const v of [...values, values.join(','), '', 'x', '1,,2']) expect(outcome(v, r), `${key} ${v}`).toBe(outcome(v, FIELDS[key]));
    }
    expect([INT_FIELDS.batch.max, INT_FIELDS.tp.max, INT_FIELDS.requests.max, INT_FIELDS.tokens.max, INT_FIELDS.context.max, LIST_ENTRIES])
      .toEqual([LIMITS.batch, LIMITS.tp, LIMITS.requests, LIMITS.tokens, LIMITS.tokens, LIMITS.listEntries]);
    expect(outcome(Array(LIST_ENTRIES + 1).fill('1').join(','), INT_FIELDS.batch)).toBe(outcome(Array(LIST_ENTRIES + 1).fill('1').join(','), FIELDS.batch));
  });
});
