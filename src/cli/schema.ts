/** `specsim schema`: print the JSON Schema of scenario files. */
import type { Command } from 'commander';
import { scenarioJsonSchema } from '../scenario/schema.js';

export function schemaCommand(program: Command): void {
  program.command('schema')
    .description('print the JSON Schema of scenario files (regenerate scenarios/schema.json with `specsim schema > scenarios/schema.json`)')
    // The schema is one JSON document already: --json (every command takes it) prints the same.
    .option('--json', 'print one JSON document (the schema; the same as without it)')
    .action(() => { process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`); });
}
