/**
 * The registry of commands: one line each, in the order `--help` lists them.
 * A command is one file in src/cli/ that adds itself to the program.
 *
 * Commands load lazily: `specsim cost` imports cost.ts only, and `--help`
 * imports no command at all, so start-up does not pay for vega, vega-lite or
 * the scenario schema where they are not used. The top-level help lists the
 * other commands from `args` and `description` here; test/cli-lazy.test.ts
 * checks they match what each command file declares.
 */
import { Help, type Command } from 'commander';

export interface CommandEntry {
  name: string;
  /** What `--help` shows after the name: `[options]` if it takes options, then its arguments. */
  args: string;
  description: string;
  /** The command file's `xCommand(program)`, which adds the command with its options and action. */
  load: () => Promise<(program: Command) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'run', args: '[options] <scenario.json>',
    description: 'simulate a scenario file and write its report: summary.md, index.html, charts/, report.json, results.csv',
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    name: 'compare', args: '[options]',
    description: 'compare hardware for one model and methods, without a scenario file (same report as run)',
    load: async () => (await import('./compare.js')).compareCommand,
  },
  {
    name: 'cost', args: '[options]',
    description: 'time of one forward step from the cost model (no simulation)',
    load: async () => (await import('./cost.js')).costCommand,
  },
  {
    name: 'optimize', args: '[options]',
    description: 'best speculation setting (γ, heads and tree, EAGLE chain or tree) per batch size across method kinds, and where speculation stops paying',
    load: async () => (await import('./optimize.js')).optimizeCommand,
  },
  {
    name: 'diff', args: '[options] <a> <b>',
    description: 'compare two reports point by point (hardware × model × method × batch): what moved in the scenario and in each metric',
    load: async () => (await import('./diff.js')).diffCommand,
  },
  {
    name: 'validate', args: '[options]',
    description: 'check the model against published results and measurements (exit 0 only if every case passes)',
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    name: 'list', args: '[options] <what>',
    description: 'list built-in hardware, models, methods, serving engines, or the scenarios in ./scenarios',
    load: async () => (await import('./list.js')).listCommand,
  },
  {
    name: 'calibrate', args: '[options]',
    description: 'fit a GPU profile to measured step latencies (JSONL, the format of data/calibration/)',
    load: async () => (await import('./calibrate.js')).calibrateCommand,
  },
  {
    name: 'playground', args: '[options]',
    description: 'write the browser playground: one self-contained playground.html (no server, no network) that simulates as you change the settings',
    load: async () => (await import('./playground.js')).playgroundCommand,
  },
  {
    name: 'schema', args: '[options]',
    description: 'print the JSON Schema of scenario files (regenerate scenarios/schema.json with `specsim schema > scenarios/schema.json`)',
    load: async () => (await import('./schema.js')).schemaCommand,
  },
];

/**
 * The command `argv` (process.argv: node, script, ...) invokes, if any: the
 * first word that is not an option (no global option takes a value), or the
 * word after `help`.
 */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * Add every command to `program`: in full (loaded) for the names in `load`,
 * as a name and description only for the others (enough for the top-level
 * help and for "did you mean" on a mistyped name).
 */
export async function addCommands(program: Command, load: readonly string[]): Promise<void> {
  const stubs = new Map<Command, string>();
  for (const entry of COMMANDS) {
    if (load.includes(entry.name)) {
      (await entry.load())(program);
    } else {
      const stub = program.command(entry.name).description(entry.description);
      stubs.set(stub, `${entry.name}${entry.args ? ` ${entry.args}` : ''}`);
    }
  }
  if (stubs.size > 0) {
    const term = Help.prototype.subcommandTerm;
    program.configureHelp({ subcommandTerm(cmd) { return stubs.get(cmd) ?? term.call(this, cmd); } });
  }
}
