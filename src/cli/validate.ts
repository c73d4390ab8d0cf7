/** `specsim validate`: the built-in reference cases; exit code 1 unless every case passes. */
import type { Command } from 'commander';
import { allPass, runValidation } from '../validate/index.js';
import { validationMarkdown } from '../validate/markdown.js';
import { printJson } from './options.js';

export function validateCommand(program: Command): void {
  program.command('validate')
    .description('check the model against published results and measurements (exit 0 only if every case passes)')
    .option('--json', 'print one JSON document: { "cases": [...] }')
    .option('--markdown', 'print the markdown document kept as docs/validation.md')
    .action((f: { json?: boolean; markdown?: boolean }) => {
      const report = runValidation();
      if (f.json) printJson(report);
      else if (f.markdown) process.stdout.write(validationMarkdown(report));
      else {
        for (const c of report.cases) {
          const err = c.compare === 'absolute' ? c.error.toPrecision(3) : `${(c.error * 100).toFixed(1)}%`;
          console.log(`${c.pass ? 'pass' : 'FAIL'}  ${c.id.padEnd(44)} ref ${c.reference.toPrecision(4).padStart(8)}  pred ${c.predicted.toPrecision(4).padStart(8)}  err ${err.padStart(7)}  tol ${c.tolerance}`);
        }
        const failed = report.cases.filter((c) => !c.pass).length;
        console.log(`\n${report.cases.length} cases, ${failed} failing`);
      }
      if (!allPass(report)) process.exitCode = 1;
    });
}
