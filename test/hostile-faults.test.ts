/**
 * Fault injection on the report writer: a child process rewrites a report
 * in a tight loop and is killed (SIGKILL, SIGINT, SIGTERM) at random moments,
 * so kills land in every phase: writing files, the marker, the link swap,
 * removing the old version. After each kill the report directory must be a
 * complete report (its marker's hashes match every file) and the next write
 * must clean up whatever the killed run left.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { foreignEntries, storeOf } from '../src/report/out-dir.js';
import { writeOwnedDir } from '../src/report/write.js';

const WRITE_JS = pathToFileURL(resolve('dist/src/report/write.js')).href;

/** A child that writes `dir` again and again (each version: 40 files with its counter), printing 'w' after each write. */
function looper(root: string): string {
  const script = join(root, 'loop.mjs');
  writeFileSync(script, `
    import { mkdirSync, writeFileSync } from 'node:fs';
    import { writeOwnedDir } from ${JSON.stringify(WRITE_JS)};
    const dir = process.argv[2];
    for (let n = 0; ; n++) {
      try {
        await writeOwnedDir(dir, (v) => {
          mkdirSync(v + '/charts');
          for (let i = 0; i < 40; i++) writeFileSync(v + '/charts/c' + i + '.svg', '<svg>' + n + '/' + i + '</svg>'.repeat(200));
          writeFileSync(v + '/report.json', JSON.stringify({ specsim: 't', n }));
        });
      } catch (e) {
        process.exit(e.exitCode ?? 1);
      }
      process.stdout.write('w');
    }
  `);
  return script;
}

/** The report at `dir` is whole: every file its marker lists is there with its bytes, nothing else, and all 40 charts of one version. */
function expectWhole(dir: string): number {
  expect(foreignEntries(dir)).toEqual([]);
  const marker = JSON.parse(readFileSync(join(dir, '.specsim-report'), 'utf8')) as { files: Record<string, string> };
  expect(Object.keys(marker.files).length).toBe(41);
  const n = (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { n: number }).n;
  expect(readFileSync(join(dir, 'charts', 'c39.svg'), 'utf8')).toContain(`<svg>${n}/39</svg>`);
  return n;
}

describe('signals at random moments while a report is rewritten', () => {
  it.concurrent.each([
    ['SIGKILL', [3, 11, 23, 37]],
    ['SIGINT', [7, 19]],
    ['SIGTERM', [13, 29]],
  ] as const)('%s: the folder always holds one whole report; the next write leaves one version', async (signal, delays) => {
    const root = mkdtempSync(join(tmpdir(), 'specsim-faults-'));
    const dir = join(root, 'out');
    const script = looper(root);
    // A deterministic spread of kill times: the loop writes a version every few ms, so these land in every phase.
    for (const extra of delays) {
      const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'ignore'] });
      let writes = 0;
      child.stdout.on('data', (b: Buffer) => { writes += b.length; });
      const exited = new Promise<{ code: number | null; sig: NodeJS.Signals | null }>((r) => child.on('exit', (code, sig) => r({ code, sig })));
      // Wait for the first complete write (up to 30 s: a loaded machine starts node slowly), then kill a little later.
      for (let i = 0; i < 3000 && writes === 0; i++) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, extra));
      child.kill(signal);
      const end = await exited;
      if (signal === 'SIGKILL') expect(end.sig).toBe('SIGKILL');
      else expect(end.code === (signal === 'SIGINT' ? 130 : 143) || end.sig === signal , JSON.stringify(end)).toBe(true);
      expect(writes).toBeGreaterThan(0);
      expectWhole(dir);
    }
    // The next write removes every leftover of the killed runs from the store.
    await writeOwnedDir(dir, (v) => writeFileSync(join(v, 'report.json'), '{"specsim": "t", "n": -1}'));
    expect(readdirSync(storeOf(dir)).sort()).toEqual(['.specsim-store', basename(readlinkSync(dir))]);
    expect(readdirSync(root).sort()).toEqual(['.out.specsim', 'loop.mjs', 'out']);
    expect(existsSync(join(dir, 'report.json'))).toBe(true);
  });
});
