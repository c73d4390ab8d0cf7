/**
 * The CLI's bundle with its code cache (scripts/build-cli.mjs, loaded by
 * src/cli-bundle.ts): the same bytes as the compiled modules, a cache V8
 * takes, and bin.js runs it only while it is current.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = resolve('dist/src/bin.js');

/** Every file under `dir`, by path below it. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

describe('the bundled CLI', () => {
  it('is current after the build, and V8 takes its code cache under the CLI\'s flags', () => {
    const probe = `const m = await import(${JSON.stringify(pathToFileURL(resolve('dist/src/cli-bundle.js')).href)});
      process.stdout.write(JSON.stringify({ current: m.cliBundleCurrent(), rejected: m.loadCliBundle().cacheRejected }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ current: true, rejected: false });
  });

  it('writes the same report, CSV, summary, charts and page as the compiled modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-bundle-'));
    const q = JSON.parse(readFileSync('scenarios/quickstart.json', 'utf8')) as { batch: number[]; workload: { requests: number } };
    q.batch = [1, 8];
    q.workload.requests = 16;
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify(q));
    const run = (out: string, env: NodeJS.ProcessEnv): void => {
      const r = spawnSync(process.execPath, [BIN, 'run', file, '--out', join(dir, out), '--quiet'], { encoding: 'utf8', env });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    };
    const { SPECSIM_UNBUNDLED: _, ...bundled } = process.env;
    run('bundled', bundled);
    run('compiled', { ...process.env, SPECSIM_UNBUNDLED: '1' });
    const a = tree(join(dir, 'bundled'));
    const b = tree(join(dir, 'compiled'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect([...a.keys()].filter((f) => f.endsWith('.svg')).length).toBeGreaterThan(3);
    for (const [f, bytes] of a) expect(bytes.equals(b.get(f)!), f).toBe(true);
  }, 60_000);

  it('errors the same way: one line, exit 2', () => {
    const args = [BIN, 'cost', '--hardware', 'no-such-gpu', '--model', 'llama2-7b'];
    const bundled = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const compiled = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, SPECSIM_UNBUNDLED: '1' } });
    expect(bundled.status).toBe(2);
    expect(bundled.stderr).toMatch(/^specsim: unknown hardware 'no-such-gpu'.*\n$/);
    expect(bundled.stderr).toBe(compiled.stderr);
  });
});

describe('bin.js chooses the bundle only while it is current', () => {
  /** A build whose compiled main.js and bundle are stand-ins that say which one ran (bin.js and its loader are the real ones). */
  function fakeBuild(): { dir: string; bin: string; main: string; bundle: string; other: string } {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-bin-'));
    mkdirSync(join(dir, 'cli'));
    mkdirSync(join(dir, 'cli-bundle'));
    for (const f of ['bin.js', 'cli-bundle.js', 'v8-flags.js']) copyFileSync(resolve('dist/src', f), join(dir, f));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const main = join(dir, 'cli', 'main.js');
    const bundle = join(dir, 'cli-bundle', 'main.cjs');
    const other = join(dir, 'cli', 'other.js');
    writeFileSync(main, "export function runCli() { process.stdout.write('compiled'); }\n");
    writeFileSync(bundle, "exports.runCli = () => { process.stdout.write('bundle'); };\n");
    writeFileSync(other, '\n');
    writeFileSync(join(dir, 'cli-bundle', 'modules.json'), JSON.stringify({ 'main.cjs': ['../cli/main.js', '../cli/other.js', '../../node_modules/commander/index.js'] }));
    return { dir, bin: join(dir, 'bin.js'), main, bundle, other };
  }
  const at = (file: string, s: number): void => utimesSync(file, s, s);
  const ran = (bin: string, env: NodeJS.ProcessEnv = {}): string => {
    const { SPECSIM_UNBUNDLED: _, ...rest } = process.env;
    const r = spawnSync(process.execPath, [bin], { encoding: 'utf8', env: { ...rest, ...env } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  };

  it('no compiled module it holds newer: the bundle; one newer (a later tsc, an edit) or gone: the compiled modules; SPECSIM_UNBUNDLED=1: the compiled modules', () => {
    const b = fakeBuild();
    at(b.main, 1_000_000);
    at(b.other, 1_000_000);
    at(b.bundle, 1_000_010);
    expect(ran(b.bin)).toBe('bundle');
    expect(ran(b.bin, { SPECSIM_UNBUNDLED: '1' })).toBe('compiled');
    at(b.bundle, 1_000_000); // the same time (an npm tarball sets one for every file)
    expect(ran(b.bin)).toBe('bundle');
    at(b.other, 1_000_020);
    expect(ran(b.bin)).toBe('compiled');
    at(b.other, 1_000_000);
    at(b.main, 1_000_020);
    expect(ran(b.bin)).toBe('compiled');
    at(b.main, 1_000_000);
    expect(ran(b.bin)).toBe('bundle');
    rmSync(b.other);
    expect(ran(b.bin)).toBe('compiled');
  });

  it('a code cache V8 refuses (another node, a stale file): the bundle, compiled from source', () => {
    const b = fakeBuild();
    writeFileSync(join(b.dir, 'cli-bundle', 'main.cache'), Buffer.from('not a code cache'));
    at(b.main, 1_000_000);
    at(b.other, 1_000_000);
    at(b.bundle, 1_000_010);
    expect(ran(b.bin)).toBe('bundle');
  });

  it('missing (a build without esbuild): the compiled modules', () => {
    const b = fakeBuild();
    rmSync(join(b.dir, 'cli-bundle'), { recursive: true });
    expect(ran(b.bin)).toBe('compiled');
  });
});
