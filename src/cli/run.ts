/** `specsim run <scenario.json>`: simulate a scenario and write its report directory. */
import type { Command } from 'commander';
import { termText } from '../report/escape.js';
import { join } from 'node:path';
import { checkScenarioBudget, checkScenarioSense, loadScenario } from '../scenario/load.js';
import { setPathBase } from '../catalog/data-dir.js';
import { resolveEngine } from '../catalog/engines.js';
import { FIELDS } from '../scenario/schema.js';
import { WORKER_MIN_TOKENS, defaultJobs, runScenarioParallel } from '../scenario/parallel.js';
import { checkReportDir, writeReport, reportJson } from '../report/write.js';
import { overloadWarnings, runningCapNotes } from '../report/load.js';
import { parseInt1, parseNumber } from './options.js';
import { temperatureField } from '../acceptance/index.js';
import { UserError } from '../errors.js';
import { createProgress } from './progress.js';
import { resultsTable } from '../report/terminal.js';
import { addEconomicsOptions, applyEconomics, prepareEconomics, type EconomicsFlags } from './economics-flags.js';

interface RunFlags extends EconomicsFlags { out?: string; seed?: string; quiet?: boolean; json?: boolean; jobs?: string; engine?: string; temperature?: string; charts: boolean }

export function runCommand(program: Command): void {
  const cmd = program.command('run')
    .description('simulate a scenario file and write its report: summary.md, index.html, charts/, report.json, results.csv')
    .argument('<scenario.json>', 'scenario file (see scenarios/schema.json)')
    .option('--out <dir>', 'report directory (default reports/<scenario name>/)')
    .option('--seed <n>', "override the scenario's seed")
    .option('--engine <id|file>', "override the scenario's serving engine (specsim list engines)")
    .option('--temperature <t>', "override the scenario's sampling temperature (0 greedy … 2)")
    .option('--quiet', 'no progress bar or results table')
    .option('--json', 'print report.json on stdout and nothing else')
    .option('--no-charts', 'write no charts/ (for scripts: much less CPU); index.html keeps the tables')
    .option('--jobs <n>', `threads simulating points: this one and n − 1 workers (default: all ${defaultJobs()} cores for a sweep of more than one point and ${WORKER_MIN_TOKENS / 1e6} million tokens or more, else 1); the report is the same for any n`);
  addEconomicsOptions(cmd);
  cmd.action(async (file: string, f: RunFlags) => {
      const loaded = loadScenario(file);
      const { baseDir } = loaded;
      // Relative hardware, model and draft paths in the file resolve against its folder, as traces do.
      setPathBase(baseDir);
      if (f.engine !== undefined) resolveEngine(f.engine, '--engine');
      const temperature = f.temperature !== undefined ? parseNumber(f.temperature, '--temperature', temperatureField) : undefined;
      const scenario = { ...loaded.scenario, ...(f.engine !== undefined ? { engine: f.engine } : {}), ...(temperature !== undefined ? { temperature } : {}) };
      checkScenarioBudget(scenario, baseDir, file);
      checkScenarioSense(scenario, baseDir, file);
      const seed = f.seed !== undefined ? parseInt1(f.seed, '--seed', FIELDS.seed) : undefined;
      const jobs = f.jobs !== undefined ? parseInt1(f.jobs, '--jobs') : undefined;
      const dir = f.out ?? join('reports', scenario.name);
      checkReportDir(dir);
      const economics = prepareEconomics(scenario, f);
      const progress = createProgress({ quiet: f.quiet, json: f.json });
      let report;
      try {
        report = await runScenarioParallel(scenario, { ...(seed !== undefined ? { seed } : {}), ...(jobs !== undefined ? { jobs } : {}), baseDir, where: file, onProgress: progress.onProgress });
      } finally {
        progress.stop();
      }
      // Lengths are sampled: a wide lognormal can still give every request of a point one output token.
      const empty = report.results.find((r) => r.metrics.requests > 0 && r.metrics.outputTokens <= r.metrics.requests);
      if (empty) throw new UserError(`every sampled request of ${empty.hardware} · ${empty.method} · batch ${empty.batch} has 1 output token, so there is no time per output token to report; use output lengths of 2 tokens or more (a smaller lognormal sigma)`, `${file} at $.workload.outputTokens`);
      report = applyEconomics(report, economics);
      await writeReport(report, dir, undefined, { charts: f.charts });
      if (!f.quiet) for (const w of overloadWarnings(report)) process.stderr.write(`specsim: warning: ${termText(w, 600)}\n`);
      if (!f.quiet) for (const w of runningCapNotes(report)) process.stderr.write(`specsim: note: ${termText(w, 600)}\n`);
      if (f.json) process.stdout.write(reportJson(report));
      else if (!f.quiet) {
        process.stdout.write(`${resultsTable(report)}\n`);
        console.log(`${report.results.length} results → ${termText(dir)}/ (open ${termText(join(dir, 'index.html'))}; summary.md, report.json, results.csv, charts/)`);
      }
    });
}
