/**
 * Writing a report directory atomically: everything is built in a new
 * version folder, then swapped in (report/out-dir.ts: what may be replaced,
 * and why a SIGKILL at any moment leaves the old or the new report). On
 * failure or interrupt the new version is removed and the old report stays.
 *
 * What goes in is a list of writers the caller passes (`writers`; default
 * `REPORT_FILES`: report.json, results.csv, summary.md, then charts/ and
 * index.html), each called with the report, the temp dir and the options;
 * nothing is registered globally.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Interrupted, UserError } from '../errors.js';
import { checkOutDir, freshName, inspectOut, markerFor, openStore, REPORT_MARKER, resolveOut, swapIn } from './out-dir.js';
import { resultsCsv } from './csv.js';
import { writeChartsAndHtml } from './html.js';
import { loadVega, useVega, vegaLoaded } from './render-svg.js';
import { loadVegaBundle } from './vega-bundle.js';
import { withoutOptimizer } from '../v8-flags.js';
import { summaryMarkdown } from './summary.js';
import type { Report } from './types.js';

export interface WriteOptions {
  /** false: no charts/ (nothing rendered, vega never loaded); index.html keeps the tables. Default true. */
  charts?: boolean;
  /** The files to write, in order (default REPORT_FILES). */
  writers?: readonly ReportWriter[];
}

export type ReportWriter = (report: Report, dir: string, opts: WriteOptions) => void;

/** report.json, results.csv, summary.md. */
export const CORE_WRITERS: readonly ReportWriter[] = [
  (r, dir) => writeFileSync(`${dir}/report.json`, reportJson(r)),
  (r, dir) => writeFileSync(`${dir}/results.csv`, resultsCsv(r)),
  (r, dir) => writeFileSync(`${dir}/summary.md`, summaryMarkdown(r)),
];

/** A report folder's files: the core files, then charts/ and index.html. */
export const REPORT_FILES: readonly ReportWriter[] = [...CORE_WRITERS, writeChartsAndHtml];

/** The exact bytes of report.json (deterministic: key order as built, 2-space indent). */
export function reportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * SIGINT/SIGTERM while a report is written. Node runs signal listeners only
 * between tasks, so the (synchronous) writers cannot be cut short; the write
 * yields once before the swap, and a signal seen by then abandons the new
 * version: the previous report stays, and the command ends with `Interrupted`
 * (exit 130 or 143). Outside a write, signals keep their default action.
 */
let held: NodeJS.Signals | undefined;
let writing = 0;
const onSignal = (sig: NodeJS.Signals): void => { held ??= sig; };
function holdSignals(): void {
  if (writing++ > 0) return;
  held = undefined;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
function releaseSignals(): void {
  if (--writing > 0) return;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
/** One full turn of the event loop (two nested immediates), so a pending signal reaches its listener. */
const turn = (): Promise<void> => new Promise((r) => setImmediate(() => setImmediate(r)));

/** A file-system failure the user can fix (full disk, read-only, permissions) as a one-line UserError. */
function ioError(e: unknown, dir: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why: Record<string, string> = {
    ENOSPC: 'no space left on the device', EDQUOT: 'disk quota exceeded', EROFS: 'the file system is read-only',
    EACCES: 'permission denied', EPERM: 'operation not permitted', ENAMETOOLONG: 'a name is too long',
    ENOTDIR: 'a part of the path is a file, not a folder', EIO: 'an input/output error of the device', EMLINK: 'too many links',
    ELOOP: 'too many symbolic links',
  };
  if (code === undefined || !(code in why)) return e;
  return new UserError(`cannot write the report (${why[code]}, ${code}); nothing was replaced: choose another --out or free the space`, dir);
}

function io<T>(f: () => T, dir: string): T {
  try { return f(); } catch (e) { throw ioError(e, dir); }
}

/**
 * Fail early, before a long simulation, if `dir` cannot become a report
 * directory: see report/out-dir.ts for what specsim may replace. Creates nothing.
 */
export function checkReportDir(dir: string): void {
  checkOutDir(dir);
}

/**
 * Write the folder `dir` specsim owns: `fill` writes the files into a fresh
 * version, which is then swapped in atomically (report/out-dir.ts). On any
 * failure or interrupt the previous report is left as it was.
 */
export async function writeOwnedDir(dir: string, fill: (tmpDir: string) => void): Promise<void> {
  const target = resolveOut(dir);
  const before = inspectOut(target, dir);
  io(() => mkdirSync(dirname(target), { recursive: true }), dir);
  holdSignals();
  let version: string | undefined;
  try {
    const keep = before.kind === 'managed' && before.version !== undefined ? basename(before.version) : undefined;
    const store = io(() => openStore(target, dir, keep), dir);
    const v = join(store, freshName('v'));
    version = v;
    io(() => {
      mkdirSync(v);
      fill(v);
      writeFileSync(join(v, REPORT_MARKER), markerFor(v));
    }, dir);
    await turn();
    if (held) throw new Interrupted(held, `interrupted (${held}) while writing the report; the previous report is unchanged (${dir})`);
    // Again: the folder may have changed while the report was computed.
    const now = inspectOut(target, dir);
    const replaced = io(() => swapIn(target, now, v), dir);
    version = undefined;
    if (replaced !== undefined) rmSync(replaced, { recursive: true, force: true });
    await turn();
    if (held) throw new Interrupted(held, `interrupted (${held}) just after the new report was in place (${dir})`);
  } catch (e) {
    if (version !== undefined) rmSync(version, { recursive: true, force: true });
    throw e;
  } finally {
    releaseSignals();
  }
}

/** Write the report directory `dir`: `opts.writers` (default report.json, results.csv, summary.md, charts, index.html), then `extraFiles`. */
export async function writeReport(report: Report, dir: string, extraFiles?: (tmpDir: string) => void, opts: WriteOptions = {}): Promise<void> {
  // Before the synchronous write, which renders with it: the prebuilt bundle when built, else the packages.
  if (opts.charts !== false && !vegaLoaded()) {
    const bundle = loadVegaBundle();
    if (bundle) useVega(bundle.lib);
    else await loadVega();
  }
  // Code that runs once: not worth V8's optimizing compiler (see v8-flags.ts).
  await writeOwnedDir(dir, (tmp) => withoutOptimizer(() => {
    for (const w of opts.writers ?? REPORT_FILES) w(report, tmp, opts);
    extraFiles?.(tmp);
  }));
}
