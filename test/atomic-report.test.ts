/**
 * Nothing half-written: a failed or interrupted run leaves the previous report
 * byte-identical and no `*.tmp-*` (or `*.old-*`) directory behind.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from './helpers/cli.js';
import { storeOf } from '../src/report/out-dir.js';
import { REPORT_FILES, writeReport, type ReportWriter } from '../src/report/write.js';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';

const BIN = resolve('dist/src/bin.js');
const WRITE_JS = pathToFileURL(resolve('dist/src/report/write.js')).href;
const exec = promisify(execFile);

/** Every file under `dir` with its bytes. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p); else out.set(relative(dir, p), readFileSync(p).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

/** Versions in the store beside `dir` other than the one `dir` shows (a killed run's), and any old-style temp dirs. */
function leftovers(dir: string): string[] {
  const store = storeOf(dir);
  const live = existsSync(dir) ? basename(readlinkSync(dir)) : undefined;
  const inStore = existsSync(store) ? readdirSync(store).filter((n) => /^(v|old|l)-/.test(n) && n !== live) : [];
  return [...inStore, ...readdirSync(dirname(dir)).filter((n) => /\.(tmp|old)-\d+$/.test(n))];
}

const small = {
  name: 'atomic', seed: 1, hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1, 2],
  workload: { kind: 'closed', requests: 4, promptTokens: 32, outputTokens: 8 },
  methods: [{ kind: 'autoregressive' }, { kind: 'draft', draft: 'llama-68m', gamma: 3, acceptance: { kind: 'iid', alpha: 0.6 } }],
};

describe('atomic report writing', () => {
  it('a failing run (built CLI) over an existing report leaves it byte-identical, nothing partial', async () => {
    expect(existsSync(BIN), 'run `npm run build` first').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'specsim-atomic-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(small));
    expect((await cli(dir, ['run', 'ok.json', '--out', 'out', '--quiet'])).code).toBe(0);
    const before = snapshot(join(dir, 'out'));
    expect([...before.keys()]).toContain('report.json');
    // Fails in the simulation (memory), after the scenario loaded: the old report stays.
    writeFileSync(join(dir, 'big.json'), JSON.stringify({ ...small, batch: [1, 60000], workload: { ...small.workload, promptTokens: 4000 } }));
    const r = await cli(dir, ['run', 'big.json', '--out', 'out', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not fit/);
    // Fails in validation.
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...small, batch: [0] }));
    expect((await cli(dir, ['run', 'bad.json', '--out', 'out', '--quiet'])).code).toBe(2);
    expect(snapshot(join(dir, 'out'))).toEqual(before);
    expect(leftovers(join(dir, 'out'))).toEqual([]);
  });

  it('a writer that throws midway leaves the previous report byte-identical and no temp dir', async () => {
    const report = runScenario(parseScenario(small));
    const dir = join(mkdtempSync(join(tmpdir(), 'specsim-atomic-')), 'out');
    await writeReport(report, dir);
    const before = snapshot(dir);
    const diskFull: ReportWriter = (_r, tmp) => { writeFileSync(join(tmp, 'half.txt'), 'half'); throw new Error('disk full'); };
    await expect(writeReport({ ...report, seed: 7 }, dir, undefined, { writers: [...REPORT_FILES, diskFull] })).rejects.toThrow('disk full');
    expect(snapshot(dir)).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
    // A fresh target that fails leaves no directory at all.
    const fresh = join(dirname(dir), 'fresh');
    await expect(writeReport(report, fresh, undefined, { writers: [...REPORT_FILES, () => { throw new Error('boom'); }] })).rejects.toThrow('boom');
    expect(existsSync(fresh)).toBe(false);
    expect(leftovers(fresh)).toEqual([]);
  });

  /** A child process that writes a report with a slow writer, so a signal can land mid-write. */
  function slowWriter(dir: string, marker: string): string {
    const script = join(dirname(dir), 'slow-writer.mjs');
    writeFileSync(script, `
      import { writeFileSync } from 'node:fs';
      import { CORE_WRITERS, writeReport } from ${JSON.stringify(WRITE_JS)};
      const report = JSON.parse(process.argv[2]);
      const slow = (_r, tmp) => {
        writeFileSync(tmp + '/partial.txt', 'partial');
        writeFileSync(${JSON.stringify(marker)}, 'writing');
        const until = Date.now() + 1500;
        while (Date.now() < until) { /* a slow chart render */ }
      };
      try {
        await writeReport(report, ${JSON.stringify(dir)}, undefined, { writers: [...CORE_WRITERS, slow] });
        writeFileSync(${JSON.stringify(marker)}, 'done');
      } catch (e) {
        process.exitCode = e.exitCode ?? 1;
      }
    `);
    return script;
  }

  /**
   * A report in a fresh directory, then a child process rewriting it slowly
   * (seed 5); resolves once the child is inside the write (its marker exists).
   */
  async function startSlowRewrite(prefix: string) {
    const report = runScenario(parseScenario(small));
    const root = mkdtempSync(join(tmpdir(), prefix));
    const dir = join(root, 'out');
    await writeReport(report, dir);
    const before = snapshot(dir);
    const marker = join(root, 'marker');
    const child = spawn(process.execPath, [slowWriter(dir, marker), JSON.stringify({ ...report, seed: 5 })], { stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, sig) => res({ code, signal: sig })));
    for (let i = 0; i < 200 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 25));
    return { report, dir, before, marker, child, exited };
  }

  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s during the write: the new version is abandoned, the previous report is byte-identical, exit %i; no leftovers', async (signal, code) => {
    const { dir, before, marker, child, exited } = await startSlowRewrite('specsim-sig-');
    expect(existsSync(marker)).toBe(true);
    child.kill(signal);
    const got = await exited;
    expect(got).toEqual({ code, signal: null });
    expect(readFileSync(marker, 'utf8')).toBe('writing');
    expect(leftovers(dir)).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a run killed outright (SIGKILL) mid-write: the old report is intact and the next write removes the stale temp dir', async () => {
    const { report, dir, before, child, exited } = await startSlowRewrite('specsim-kill-');
    child.kill('SIGKILL');
    await exited;
    expect(snapshot(dir)).toEqual(before);
    expect(leftovers(dir).length).toBe(1); // the killed run's version, which nothing could remove
    await writeReport(report, dir);
    expect(leftovers(dir)).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('an --out that cannot be a directory is bad input (exit 2), not an internal failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-out-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(small));
    writeFileSync(join(dir, 'afile'), 'x');
    mkdirSync(join(dir, 'sub'));
    const r = await cli(dir, ['run', 'ok.json', '--out', 'afile', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^specsim: --out is a file, not a folder \(ENOTDIR\); choose another --out \(afile\)/);
    expect(readFileSync(join(dir, 'afile'), 'utf8')).toBe('x');
  });

  it('an internal failure mid-write (built CLI): exit 1, one line (the stack only with --debug), the previous report byte-identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-internal-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(small));
    expect((await cli(dir, ['run', 'ok.json', '--out', 'out', '--quiet'])).code).toBe(0);
    const before = snapshot(join(dir, 'out'));
    // Make writing summary.md fail inside the process, as a bug in a writer would.
    const inject = join(dir, 'inject.mjs');
    writeFileSync(inject, `
      import fs from 'node:fs';
      import { syncBuiltinESMExports } from 'node:module';
      const write = fs.writeFileSync;
      fs.writeFileSync = (p, ...rest) => { if (String(p).endsWith('summary.md')) throw new TypeError('injected writer bug'); return write(p, ...rest); };
      syncBuiltinESMExports();
    `);
    const withBug = async (extra: string[]): Promise<{ code: number; stderr: string }> => {
      try {
        const r = await exec(process.execPath, ['--import', pathToFileURL(inject).href, BIN, 'run', 'ok.json', '--out', 'out', '--quiet', '--seed', '9', ...extra], { cwd: dir, timeout: 60_000 });
        return { code: 0, stderr: r.stderr };
      } catch (e) {
        return { code: (e as { code?: number }).code ?? -1, stderr: (e as { stderr?: string }).stderr ?? '' };
      }
    };
    const plain = await withBug([]);
    expect(plain.code).toBe(1);
    expect(plain.stderr.trim().split('\n')).toEqual(['specsim: internal error: injected writer bug (rerun with --debug for the stack)']);
    const debug = await withBug(['--debug']);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^specsim: internal error: injected writer bug\nTypeError: injected writer bug\n\s+at /);
    expect(snapshot(join(dir, 'out'))).toEqual(before);
    expect(leftovers(join(dir, 'out'))).toEqual([]);
  });
});
