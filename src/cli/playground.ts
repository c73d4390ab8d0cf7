/**
 * `specsim playground [--out DIR]`: write the browser playground, one
 * self-contained `playground.html` (built by `npm run build` into
 * dist/playground/). `--out` follows the report rules: a missing folder is
 * created, a `playground.html` specsim wrote is replaced, anything else in
 * the folder is left alone, and a foreign `playground.html` is refused.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataDir } from '../catalog/data-dir.js';
import { UserError } from '../errors.js';
import { writeOwnedFile } from '../report/owned-file.js';
import { termText } from '../report/escape.js';
import { PLAYGROUND_MARKER } from '../playground/template.js';

/** The built page, beside the package's data/ folder. */
export function builtPlayground(): string {
  return join(dirname(dataDir()), 'dist', 'playground', 'playground.html');
}

const isOurs = (text: string): boolean => text.slice(0, 2048).includes(PLAYGROUND_MARKER);

export function writePlayground(dir: string): string {
  const built = builtPlayground();
  if (!existsSync(built)) throw new Error(`the playground is not built (${built} is missing): run npm run build`);
  const html = readFileSync(built, 'utf8');
  if (dir.trim() === '') throw new UserError('is empty; give a folder', '--out');
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UserError('is a file, not a folder; give a folder for playground.html', dir);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UserError(`cannot create the folder (${(e as NodeJS.ErrnoException).code ?? 'error'}); choose another --out`, dir);
  }
  const path = join(dir, 'playground.html');
  // specsim replaces only a playground.html it wrote; nothing else in the folder is touched.
  if (existsSync(path) && statSync(path).isFile() && !isOurs(readFileSync(path, 'utf8'))) {
    throw new UserError('exists and specsim did not write it; choose another --out', path);
  }
  writeOwnedFile(path, html, { flag: '--out', what: 'the playground', inputs: [], isOurs, force: false });
  return path;
}

export function playgroundCommand(program: Command): void {
  program.command('playground')
    .description('write the browser playground: one self-contained playground.html (no server, no network) that simulates as you change the settings')
    .option('--out <dir>', 'folder for playground.html (default reports/playground/)')
    .option('--quiet', 'print nothing')
    .option('--json', 'print { "playground": path } and nothing else')
    .action((f: { out?: string; quiet?: boolean; json?: boolean }) => {
      const path = writePlayground(f.out ?? join('reports', 'playground'));
      if (f.json) process.stdout.write(`${JSON.stringify({ playground: path })}\n`);
      else if (!f.quiet) console.log(`${termText(path)}: open it in a browser (it runs from disk; the address holds the scenario)`);
    });
}
