/**
 * `--out DIR` never destroys what specsim did not write: a folder with the
 * user's files is refused (exit 2) and left byte-identical; backups named like
 * leftovers survive; specsim's own reports (marked) are replaced atomically;
 * links, the root, system folders and impossible names are deliberate errors.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from './helpers/cli.js';
import { UserError } from '../src/errors.js';
import { foreignEntries, REPORT_MARKER, storeOf } from '../src/report/out-dir.js';
import { checkReportDir, writeOwnedDir } from '../src/report/write.js';

const QUICKSTART = resolve('scenarios/quickstart.json');

/** Every entry under `dir` (links not followed) with its bytes or link target. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const r = rel ? `${rel}/${n}` : n;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out[r] = `-> ${readlinkSync(p)}`;
      else if (st.isDirectory()) walk(p, r);
      else out[r] = readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

const fill = (tag: string) => (v: string): void => {
  writeFileSync(join(v, 'report.json'), `{"specsim": "0.1.0", "tag": "${tag}"}\n`);
  mkdirSync(join(v, 'charts'));
  writeFileSync(join(v, 'charts', 'a.svg'), '<svg/>');
};

/** The UserError line `f` throws. */
function refusal(f: () => unknown): string {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(UserError); return (e as UserError).line(); }
  throw new Error('accepted');
}

describe('--out: what specsim replaces', () => {
  it.each([
    ['run', ['run', QUICKSTART, '--quiet']],
    ['compare', ['compare', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--batch', '1', '--quiet']],
    ['optimize', ['optimize', '--hardware', 'h100-sxm', '--model', 'llama2-7b', '--method', 'draft', '--batch', '1', '--quiet']],
  ])('%s --out . in a folder with the user\'s files: exit 2, one line, every file byte-identical, nothing added', async (_name, args) => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-user-'));
    writeFileSync(join(dir, 'user-file.txt'), 'mine\n');
    mkdirSync(join(dir, 'thesis'));
    writeFileSync(join(dir, 'thesis', 'ch1.tex'), 'chapter');
    const before = tree(dir);
    const r = await cli(dir, [...args, '--out', '.']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^specsim: --out holds files specsim did not write \(thesis\/ch1\.tex, user-file\.txt\); specsim never replaces them: give a new or empty folder \(e\.g\. --out report\), or a previous specsim report \(\.\)$/m);
    expect(tree(dir)).toEqual(before);
  });

  it('a new folder is created; rewriting it replaces specsim\'s own report; a backup named like a leftover survives', async () => {
    const root = mkdtempSync(join(tmpdir(), 'specsim-own-'));
    const out = join(root, 'rep');
    mkdirSync(join(root, 'rep.old-2024'));
    writeFileSync(join(root, 'rep.old-2024', 'backup.txt'), 'keep');
    mkdirSync(join(root, 'rep.tmp-99999'));
    writeFileSync(join(root, 't.old-99999'), 'keep too');
    await writeOwnedDir(out, fill('one'));
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).tag).toBe('one');
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    await writeOwnedDir(out, fill('two'));
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).tag).toBe('two');
    // The store holds exactly the version the link shows.
    expect(readdirSync(storeOf(out)).sort()).toEqual(['.specsim-store', basename(readlinkSync(out))]);
    expect(readFileSync(join(root, 'rep.old-2024', 'backup.txt'), 'utf8')).toBe('keep');
    expect(existsSync(join(root, 'rep.tmp-99999'))).toBe(true);
    expect(readFileSync(join(root, 't.old-99999'), 'utf8')).toBe('keep too');
  });

  it('a file the user added to (or changed in) a report makes it theirs: refused, nothing touched', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'specsim-own-')), 'rep');
    await writeOwnedDir(out, fill('one'));
    writeFileSync(join(out, 'notes.md'), 'my notes');
    const before = tree(join(out, '..'));
    await expect(writeOwnedDir(out, fill('two'))).rejects.toThrow(/holds files specsim did not write \(notes\.md\)/);
    expect(tree(join(out, '..'))).toEqual(before);
    renameSync(join(out, 'notes.md'), join(out, '..', 'notes.md'));
    writeFileSync(join(out, 'charts', 'a.svg'), '<svg>edited</svg>');
    expect(foreignEntries(out)).toEqual(['charts/a.svg (changed)']);
    await expect(writeOwnedDir(out, fill('two'))).rejects.toThrow(/charts\/a\.svg \(changed\)/);
    expect(readFileSync(join(out, 'charts', 'a.svg'), 'utf8')).toBe('<svg>edited</svg>');
  });

  it('an empty folder, and a report of an older specsim (a real folder, no marker), are replaced', async () => {
    const root = mkdtempSync(join(tmpdir(), 'specsim-own-'));
    mkdirSync(join(root, 'empty'));
    await writeOwnedDir(join(root, 'empty'), fill('e'));
    expect(JSON.parse(readFileSync(join(root, 'empty', 'report.json'), 'utf8')).tag).toBe('e');
    const legacy = join(root, 'legacy');
    mkdirSync(join(legacy, 'charts'), { recursive: true });
    writeFileSync(join(legacy, 'report.json'), '{"specsim": "0.0.9"}');
    writeFileSync(join(legacy, 'summary.md'), '# old');
    writeFileSync(join(legacy, 'charts', 'tpot.svg'), '<svg/>');
    await writeOwnedDir(legacy, fill('l'));
    expect(tree(legacy)).toEqual({ [REPORT_MARKER]: expect.any(String), 'report.json': '{"specsim": "0.1.0", "tag": "l"}\n', 'charts/a.svg': '<svg/>' });
    expect(readdirSync(storeOf(legacy)).length).toBe(2); // marker + the version: the old folder was removed after the swap
    // A real folder with a report.json that is not specsim's is not ours.
    const other = join(root, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'report.json'), '{"quarterly": true}');
    expect(refusal(() => checkReportDir(other))).toMatch(/did not write \(report\.json\)/);
  });

  it('a link the user made is followed: the report is written in the folder it points to, the link stays', async () => {
    const root = mkdtempSync(join(tmpdir(), 'specsim-link-'));
    mkdirSync(join(root, 'disk'));
    symlinkSync(join(root, 'disk', 'run1'), join(root, 'latest'));
    mkdirSync(join(root, 'disk', 'run1'));
    await writeOwnedDir(join(root, 'latest'), fill('x'));
    expect(readlinkSync(join(root, 'latest'))).toBe(join(root, 'disk', 'run1'));
    expect(JSON.parse(readFileSync(join(root, 'latest', 'report.json'), 'utf8')).tag).toBe('x');
    expect(lstatSync(join(root, 'disk', 'run1')).isSymbolicLink()).toBe(true);
    await writeOwnedDir(join(root, 'latest'), fill('y'));
    expect(JSON.parse(readFileSync(join(root, 'disk', 'run1', 'report.json'), 'utf8')).tag).toBe('y');
  });

  it.each([
    ['', /^specsim: --out is empty; give a folder/],
    ['   ', /^specsim: --out is empty/],
    ['/', /^specsim: --out is the root folder; .* \(\/\)$/],
    ['/etc', /^specsim: --out is a system or home folder/],
    ['/usr', /^specsim: --out is a system or home folder/],
    ['/proc/self/x', /^specsim: --out is inside a virtual file system/],
    ['/sys/kernel/x', /^specsim: --out is inside a virtual file system/],
    ['/dev/shm/x', /^specsim: --out is inside a virtual file system/],
    [`/tmp/${'a'.repeat(300)}`, /^specsim: --out has a name of 300 bytes; the file system allows 255/],
    [`/tmp/${'abcdefghij/'.repeat(400)}x`, /^specsim: --out is a path of \d+ bytes/],
    ['/dev/null', /^specsim: --out is inside a virtual file system/],
  ])('--out %j: a deliberate one-line refusal', (dir, want) => {
    const line = refusal(() => checkReportDir(dir));
    expect(line).toMatch(want);
    expect(line.split('\n')).toHaveLength(1);
  });

  it('a dangling link, a file, a link loop, a foreign store folder: refused, nothing changed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'specsim-bad-'));
    symlinkSync('nowhere', join(root, 'dl'));
    writeFileSync(join(root, 'f'), 'x');
    symlinkSync('loop2', join(root, 'loop1'));
    symlinkSync('loop1', join(root, 'loop2'));
    mkdirSync(join(root, '.rep.specsim'));
    writeFileSync(join(root, '.rep.specsim', 'mine'), 'x');
    const before = tree(root);
    expect(refusal(() => checkReportDir(join(root, 'dl')))).toMatch(/is a symbolic link to 'nowhere', which does not exist/);
    expect(refusal(() => checkReportDir(join(root, 'f')))).toMatch(/is a file, not a folder/);
    expect(refusal(() => checkReportDir(join(root, 'loop1')))).toMatch(/symbolic link/);
    await expect(writeOwnedDir(join(root, 'rep'), fill('z'))).rejects.toThrow(/'\.rep\.specsim' beside --out is not specsim's/);
    expect(tree(root)).toEqual(before);
  });

  it('the folder you are in (empty, or a previous report) is refused: it cannot be swapped under you', async () => {
    const root = mkdtempSync(join(tmpdir(), 'specsim-cwd-'));
    const r = await cli(root, ['run', QUICKSTART, '--quiet', '--out', '.']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^specsim: --out is the folder you are in; .*give a folder below it/);
    expect(readdirSync(root)).toEqual([]);
  });
});
