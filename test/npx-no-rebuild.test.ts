/**
 * `npx specsim` after `npm ci` takes no rebuild. npm 7+ runs a repository's
 * own bin by installing the project into npx's cache as a linked dependency,
 * which runs its `prepare` script; `scripts/prepare.mjs` builds only when a
 * source is newer than dist/. Checked three ways: the script alone on an
 * up-to-date and a stale tree; npx itself in this repository with an empty
 * npx cache (dist/src/bin.js must not be rewritten); and, with
 * SPECSIM_SLOW_TESTS=1, a fresh clone + `npm ci --offline` + npx.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const exec = promisify(execFile);
const PREPARE = resolve('scripts/prepare.mjs');

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'specsim-prepare-'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'dist', 'src'), { recursive: true });
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: '.', module: 'NodeNext', target: 'ES2022', types: [] }, include: ['src/**/*.ts'] }));
  writeFileSync(join(dir, 'src', 'bin.ts'), 'export const x: number = 1;\n');
  writeFileSync(join(dir, 'dist', 'src', 'bin.js'), 'old build\n');
  return dir;
}

describe('prepare', () => {
  test('an up-to-date build is kept (no tsc) and made executable; a stale one is rebuilt', async () => {
    const dir = tree();
    const bin = join(dir, 'dist', 'src', 'bin.js');
    const past = new Date(Date.now() - 60_000);
    for (const f of ['tsconfig.json', 'src/bin.ts']) utimesSync(join(dir, f), past, past);
    const kept = await exec(process.execPath, [PREPARE], { cwd: dir });
    expect(kept.stdout).toContain('no rebuild');
    expect(statSync(bin).mode & 0o111).toBe(0o111);
    expect(statSync(bin).size).toBe('old build\n'.length);
    utimesSync(bin, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    const rebuilt = await exec(process.execPath, [PREPARE], { cwd: dir });
    expect(rebuilt.stdout).not.toContain('no rebuild');
    expect(statSync(bin).size).not.toBe('old build\n'.length); // tsc wrote it
  }, 60_000);
});

describe('npx specsim', () => {
  test('in this repository with an empty npx cache: runs the built bin without rebuilding it', async () => {
    const bin = resolve('dist/src/bin.js');
    const before = statSync(bin).mtimeMs;
    // npx would run prepare, which rebuilds a stale dist/ under the other tests' feet: refuse instead.
    const newest = (p: string): number => (statSync(p).isDirectory() ? Math.max(0, ...readdirSync(p).map((n) => newest(join(p, n)))) : statSync(p).mtimeMs);
    if (newest('src') > before) throw new Error('dist/ is older than src/ (a source was edited after the build): run `npm run build` first');
    const cache = mkdtempSync(join(tmpdir(), 'specsim-npx-cache-'));
    const { stdout } = await exec('npx', ['--offline', '--yes', '--cache', cache, 'specsim', '--help'], { env: { ...process.env, npm_config_update_notifier: 'false' } });
    expect(stdout).toContain('Usage: specsim');
    expect(statSync(bin).mtimeMs).toBe(before);
  }, 120_000);

  test.runIf(process.env.SPECSIM_SLOW_TESTS === '1')('a fresh clone after npm ci --offline: npx does not rebuild', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-clone-'));
    await exec('git', ['clone', '-q', resolve('.'), dir]);
    await exec('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: dir });
    const bin = join(dir, 'dist', 'src', 'bin.js');
    const before = statSync(bin).mtimeMs;
    const cache = mkdtempSync(join(tmpdir(), 'specsim-npx-cache-'));
    const t0 = Date.now();
    const { stdout } = await exec('npx', ['--offline', '--yes', '--cache', cache, 'specsim', '--help'], { cwd: dir });
    console.log(`fresh clone: first npx specsim --help took ${Date.now() - t0} ms`);
    expect(stdout).toContain('Usage: specsim');
    expect(statSync(bin).mtimeMs).toBe(before);
  }, 600_000);
});
