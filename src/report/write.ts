/**
 * Writing a report directory atomically: everything is built in
 * `DIR.tmp-<pid>` beside DIR, then renamed into place (replacing the old
 * one). On failure the temp dir is removed and the old report stays intact.
 *
 * Other modules add files by pushing to `REPORT_WRITERS` (e.g. charts/ and
 * index.html); each is called with the report and the temp dir.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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

export function writeReport(report: Report, dir: string, extraFiles?: (tmpDir: string) => void): void {
  const target = resolve(dir);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
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
}
