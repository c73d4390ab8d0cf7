/**
 * The `specsim` command (started by src/bin.ts). Commands live one per file
 * in src/cli/ and are listed in src/cli/commands.ts; only `runCli` calls
 * process.exit. Bad input (UserError) → one line, exit 2; anything else →
 * one line (stack with --debug), exit 1.
 */
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { Interrupted, oneLine, UserError } from '../errors.js';
import { addCommands, COMMANDS, invokedCommand } from './commands.js';
import { setCliV8Flags } from '../v8-flags.js';

const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string };

/** Commander's error (sometimes two lines: the error and a "Did you mean" hint) as the contract's one line, `specsim: <what> (<where>)`. */
export function commanderLine(s: string): string {
  const parts = s.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const first = (parts[0] ?? '').replace(/^error: /, '');
  // The parts quote what the user typed (an unknown option may hold escape codes): one line, control characters escaped.
  return `specsim: ${oneLine([first, ...parts.slice(1)].join(' '), 600)} (command line)\n`;
}

/**
 * The program with every command; only the one `argv` invokes is loaded in
 * full (see cli/commands.ts), unless `loadAll`.
 */
export async function buildProgram(argv: readonly string[] = process.argv, loadAll = false): Promise<Command> {
  const program = new Command('specsim')
    .description('discrete-event simulator of LLM inference with speculative decoding')
    .version(pkg.version)
    .option('--debug', 'print stack traces of internal failures')
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(commanderLine(s)) });
  const wanted = invokedCommand(argv);
  await addCommands(program, loadAll ? COMMANDS.map((c) => c.name) : wanted !== undefined ? [wanted] : []);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Run the command `argv` (node, script, ...) asks for; its exit code. */
export async function cliMain(argv: readonly string[] = process.argv): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2; // commander already printed its one line
    }
    if (e instanceof Interrupted) {
      process.stderr.write(`specsim: ${oneLine(e.message, 400)}\n`);
      return e.exitCode;
    }
    if (e instanceof UserError) {
      process.stderr.write(`${e.line()}\n`);
      return 2;
    }
    const debug = argv.includes('--debug');
    process.stderr.write(`specsim: internal error: ${oneLine(String((e as Error)?.message ?? e), 300)}${debug ? `\n${(e as Error)?.stack ?? ''}` : ' (rerun with --debug for the stack)'}\n`);
    return 1;
  }
}

/** Run the command process.argv asks for, then exit with its code. */
export function runCli(): void {
  // V8's flags for a short run (why: src/v8-flags.ts); set before any command module is loaded, so they apply to all the code that runs hot.
  setCliV8Flags();
  // Exit only once stdout has drained: a large --json document written to a pipe is flushed asynchronously.
  void cliMain().then((code) => process.stdout.write('', () => process.exit(code)));
}
