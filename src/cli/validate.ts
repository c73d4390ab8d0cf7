/** `specsim validate`: the built-in reference cases; exit code 1 unless every case passes. */
import type { Command } from 'commander';
import { allPass, runValidation } from '../validate/index.js';
import { validationMarkdown } from '../validate/markdown.js';
import { printJson } from './options.js';
import type { ValidationCase } from '../validate/types.js';

/**
 * One case as a line. Two-sided checks print the error and its tolerance;
 * one-sided claims ("at least", "at most") print the bound the prediction
 * must meet, since an error against a threshold says nothing.
 */
export function caseLine(c: ValidationCase): string {
  const line = (ref: string, rest: string) => `${c.pass ? 'pass' : 'FAIL'}  ${c.id.padEnd(44)} ref ${ref.padStart(10)}  pred ${c.predicted.toPrecision(4).padStart(8)}  ${rest}`;
  if (c.compare === 'atLeast' || c.compare === 'atMost') {
    const bound = c.reference * (c.compare === 'atLeast' ? 1 - c.tolerance : 1 + c.tolerance);
    return line(`${c.compare === 'atLeast' ? '≥' : '≤'} ${bound.toPrecision(4)}`, `one-sided claim${c.unit ? ` (${c.unit})` : ''}`);
  }
  const err = c.compare === 'absolute' ? c.error.toPrecision(3) : `${(c.error * 100).toFixed(1)}%`;
  const tol = c.compare === 'absolute' ? `±${c.tolerance}` : `±${Number((c.tolerance * 100).toPrecision(3))}%`;
  return line(c.reference.toPrecision(4), `err ${err.padStart(7)}  tol ${tol}`);
}

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
        for (const c of report.cases) console.log(caseLine(c));
        const failed = report.cases.filter((c) => !c.pass).length;
        console.log(`\n${report.cases.length} cases, ${failed} failing`);
      }
      if (!allPass(report)) process.exitCode = 1;
    });
}
