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
import { accessSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { basename, dirname, join, resolve } from 'node:path';
import { resultsCsv } from './csv.js';
import { writeChartsAndHtml } from './html.js';
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
export const REPORT_WRITERS: ReportWriter[] = [writeChartsAndHtml];

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
 * SIGINT/SIGTERM while a report is being written. Node runs signal listeners
 * only between synchronous tasks, so while one is installed a signal cannot
 * cut a write short: it is seen once the write has finished (or failed and
 * cleaned up), and then re-raised with the default action, so the process
 * still ends as the user asked. Installed for a write and removed shortly
 * after it (or on the first signal).
 */
let writing = 0;
let held: NodeJS.Signals | undefined;
let installed = false;
function onSignal(sig: NodeJS.Signals): void {
  if (writing > 0) { held ??= sig; return; }
  passOn(sig);
}
function passOn(sig: NodeJS.Signals): void {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  installed = false;
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}

/**
 * Fail early, before a long simulation, if `dir` cannot become a report
 * directory: it is a file, or its nearest existing ancestor is not a
 * writable directory. Creates nothing.
 */
export function checkReportDir(dir: string): void {
  const target = resolve(dir);
  const fail = (code: string): never => { throw new UserError(`cannot write the report directory here (${code}); choose another --out`, dir); };
  if (existsSync(target) && !statSync(target).isDirectory()) fail('ENOTDIR');
  let up = dirname(target);
  while (!existsSync(up) && dirname(up) !== up) up = dirname(up);
  if (!statSync(up).isDirectory()) fail('ENOTDIR');
  try { accessSync(up, constants.W_OK); } catch { fail('EACCES'); }
}

/**
 * Write the report directory `dir` atomically (see the file comment); an
 * interrupt waits for the write to finish or fail cleanly.
 */
export function writeReport(report: Report, dir: string, extraFiles?: (tmpDir: string) => void): void {
  const target = resolve(dir);
  try {
    mkdirSync(dirname(target), { recursive: true });
    if (existsSync(target) && !statSync(target).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot write the report directory here (${code ?? 'error'}); choose another --out`, dir);
  }
  cleanStale(target);
  const tmp = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  if (!installed) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    installed = true;
  }
  writing++;
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
    writing--;
    if (writing === 0 && held) {
      const sig = held;
      held = undefined;
      passOn(sig);
    } else if (writing === 0) {
      // A signal that came during the write is read by the event loop's next
      // poll phase: keep the loop alive through one full turn (two nested
      // immediates), then give Ctrl-C back its default action.
      setImmediate(() => setImmediate(() => {
        if (writing === 0 && installed) { process.off('SIGINT', onSignal); process.off('SIGTERM', onSignal); installed = false; }
      }));
    }
  }
}
