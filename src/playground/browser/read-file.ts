/** The browser build's `catalog/read-file.ts`: input files come from the embedded catalog (see fs.ts). */
import { UserError } from '../../errors.js';
import { readFileSync } from './fs.js';

export const INPUT_BYTES = { json: 16 * 1024 * 1024, table: 128 * 1024 * 1024 } as const;

export function readInputFile(path: string, what: string, _maxBytes: number, _opts: { stdin?: boolean } = {}): string {
  if (path === '') throw new UserError(`no ${what} given (an empty path)`, "''");
  return readFileSync(path);
}
