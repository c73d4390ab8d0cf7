/**
 * `specsim diff A B`: two report directories (or report.json files) compared
 * point by point. Exit 0 normally; with `--fail-above P`, exit 1 when a metric
 * moved more than P percent or a point is on one side only (for CI).
 */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile } from '../catalog/json-file.js';
import { UserError } from '../errors.js';
import { DIFF_METRICS, diffReports, diffText, exceeds } from '../report/diff.js';
import type { Report } from '../report/types.js';
import { parseInt1, parseList, printJson } from './options.js';

/** A report directory (its report.json) or a report.json file, checked enough to diff. */
export function readReport(path: string): Report {
  if (!existsSync(path)) throw new UserError('no such report directory or file', path);
  const file = statSync(path).isDirectory() ? join(path, 'report.json') : path;
  if (!existsSync(file)) throw new UserError('no report.json here: give a report directory written by specsim run or compare', path);
  const doc = readJsonFile(file) as Partial<Report> | null;
  const ok = doc !== null && typeof doc === 'object' && Array.isArray(doc.results) && doc.scenario !== null && typeof doc.scenario === 'object'
    && doc.results.every((r) => r !== null && typeof r === 'object' && typeof r.hardware === 'string' && typeof r.method === 'string' && r.metrics !== null && typeof r.metrics === 'object');
  if (!ok) throw new UserError('not a specsim report (expected { specsim, scenario, seed, results: [...] })', file);
  return doc as Report;
}

/** "5", "5%" or "0.5" → a fraction (0.05, 0.05, 0.005). */
export function parsePercent(value: string, flag: string): number {
  const n = Number(value.trim().replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UserError(`'${value}' is not a percentage (e.g. 5 or 5%)`, flag);
  return n / 100;
}

interface DiffFlags { failAbove?: string; metrics?: string; limit: string; json?: boolean }

export function diffCommand(program: Command): void {
  program.command('diff')
    .description('compare two reports point by point (hardware × model × method × batch): what moved in the scenario and in each metric')
    .argument('<a>', 'report directory (or its report.json): the baseline')
    .argument('<b>', 'report directory (or its report.json): compared against A')
    .option('--fail-above <percent>', 'exit 1 when any metric moved more than this (e.g. 5 or 5%), or a point is in one report only; changes at or below it are not listed')
    .option('--metrics <list>', `metrics compared, comma-separated (default all: ${DIFF_METRICS.join(', ')})`)
    .option('--limit <n>', 'most changes listed, largest first', '40')
    .option('--json', 'print the diff as one JSON document')
    .action((a: string, b: string, f: DiffFlags) => {
      const threshold = f.failAbove !== undefined ? parsePercent(f.failAbove, '--fail-above') : undefined;
      const metrics = f.metrics !== undefined ? parseList(f.metrics) : undefined;
      for (const m of metrics ?? []) {
        if (!(DIFF_METRICS as readonly string[]).includes(m)) throw new UserError(`unknown metric '${m}'; known: ${DIFF_METRICS.join(', ')}`, '--metrics');
      }
      const limit = parseInt1(f.limit, '--limit');
      const d = diffReports(readReport(a), readReport(b), metrics ? { metrics } : {});
      const failed = threshold !== undefined && exceeds(d, threshold);
      if (f.json) printJson({ ...d, largest: Number.isFinite(d.largest) ? d.largest : null, ...(threshold !== undefined ? { failAbove: threshold, failed } : {}) });
      else process.stdout.write(diffText(d, { ...(threshold !== undefined ? { threshold } : {}), limit }));
      if (failed) {
        if (!f.json) process.stderr.write(`specsim: a metric moved more than ${(threshold * 100).toString()}% or points differ (--fail-above)\n`);
        process.exitCode = 1;
      }
    });
}
