/** `specsim run <scenario.json>`: simulate a scenario and write its report directory. */
import type { Command } from 'commander';
import { join } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import { FIELDS } from '../scenario/schema.js';
import { defaultJobs, runScenarioParallel } from '../scenario/parallel.js';
import { writeReport, reportJson } from '../report/write.js';
import { parseInt1 } from './options.js';

interface RunFlags { out?: string; seed?: string; quiet?: boolean; json?: boolean; jobs?: string }

export function runCommand(program: Command): void {
  program.command('run')
    .description('simulate a scenario file and write report.json, results.csv and summary.md')
    .argument('<scenario.json>', 'scenario file (see scenarios/schema.json)')
    .option('--out <dir>', 'report directory (default reports/<scenario name>/)')
    .option('--seed <n>', "override the scenario's seed")
    .option('--quiet', 'no progress or summary output')
    .option('--json', 'print report.json on stdout and nothing else')
    .option('--jobs <n>', `points simulated in parallel on worker threads (default: the number of cores, ${defaultJobs()} here); the report is the same for any n`)
    .action(async (file: string, f: RunFlags) => {
      const { scenario, baseDir } = loadScenario(file);
      const seed = f.seed !== undefined ? parseInt1(f.seed, '--seed', FIELDS.seed) : undefined;
      const jobs = f.jobs !== undefined ? parseInt1(f.jobs, '--jobs') : defaultJobs();
      const progress = !f.quiet && !f.json && process.stderr.isTTY;
      const report = await runScenarioParallel(scenario, {
        ...(seed !== undefined ? { seed } : {}),
        jobs,
        baseDir,
        where: file,
        onProgress: progress ? (p) => process.stderr.write(`\r${p.done}/${p.total} ${p.hardware} ${p.method} batch ${p.batch}          `) : undefined,
      });
      if (progress) process.stderr.write('\n');
      const dir = f.out ?? join('reports', scenario.name);
      writeReport(report, dir);
      if (f.json) process.stdout.write(reportJson(report));
      else if (!f.quiet) console.log(`${report.results.length} results → ${dir}/ (report.json, results.csv, summary.md)`);
    });
}
