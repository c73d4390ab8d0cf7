/**
 * Writing a report directory atomically: everything is built in
 * `DIR.tmp-<pid>` beside DIR, then renamed into place (replacing the old
 * one). On failure the temp dir is removed and the old report stays intact;
 * an interrupt (SIGINT, SIGTERM) waits for the write to finish or fail
 * cleanly; leftovers of a killed run are cleaned up by the next write.
 *
 * Other modules add files by pushing to `REPORT_WRITERS` (e.g. charts/ and
 * index.html); each is called with the report and the temp dir.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { resultsCsv } from './csv.js';
import { summaryMarkdown } from './summary.js';
import type { Report } from './types.js';

export type ReportWriter = (report: Report, dir: string) => void;

/** report.json, results.csv, summary.md. */
export const CORE_WRITERS: readonly ReportWriter[] = [
  (r, dir) => writeFileSync(`${dir}/report.json`, reportJson(r)),
  (r, dir) => writeFileSync(`${dir}/results.csv`, resultsCsv(r)),
  (r, dir) => writeFileSync(`${dir}/summary.md`, summaryMarkdown(r)),
];

/** Further writers (charts, HTML), called after the core files, in order. */
export const REPORT_WRITERS: ReportWriter[] = [];

/** The exact bytes of report.json (deterministic: key order as built, 2-space indent). */
export function reportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Is process `pid` alive? (A temp dir of a live run is not ours to remove.) */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/**
 * Leftovers of a run that was killed outright (SIGKILL, power loss) while
 * writing `target`: its temp dir is removed, and a previous report it had
 * moved aside is put back if no report took its place.
 */
function cleanStale(target: string): void {
  const dir = dirname(target);
  const base = basename(target);
  let names: string[];
  try { names = readdirSync(dir); } catch { return; }
  for (const n of names) {
    const m = /^(.*)\.(tmp|old)-(\d+)$/.exec(n);
    if (!m || m[1] !== base || alive(Number(m[3]))) continue;
    const p = join(dir, n);
    if (m[2] === 'old' && !existsSync(target)) renameSync(p, target);
    else rmSync(p, { recursive: true, force: true });
  }
}

/**
 * Write the report directory `dir` atomically. SIGINT and SIGTERM are held
 * while the (synchronous) writers run, so an interrupt cannot leave the temp
 * dir behind: the write finishes or fails cleanly first, then the signal is
 * delivered as usual.
 */
export function writeReport(report: Report, dir: string, extraFiles?: (tmpDir: string) => void): void {
  const target = resolve(dir);
  mkdirSync(dirname(target), { recursive: true });
  cleanStale(target);
  const tmp = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  const held: NodeJS.Signals[] = [];
  const hold = (sig: NodeJS.Signals): void => { held.push(sig); };
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  try {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    try {
      for (const w of [...CORE_WRITERS, ...REPORT_WRITERS]) w(report, tmp);
      extraFiles?.(tmp);
      if (existsSync(target)) renameSync(target, old);
      renameSync(tmp, target);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      if (existsSync(old) && !existsSync(target)) renameSync(old, target);
      throw e;
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    // A signal that arrived during the write is dispatched on the next turn of
    // the event loop: keep holding it until then, then re-raise it with the
    // default action (the process ends as the user asked).
    setImmediate(() => {
      process.off('SIGINT', hold);
      process.off('SIGTERM', hold);
      const sig = held[0];
      if (sig) process.kill(process.pid, sig);
    });
  }
}
