/** Turning a zod failure into the one-line error the CLI prints. */
import type { z } from 'zod';
import { didYouMean, UserError } from './errors.js';

/** `$.methods[1].gamma` for a zod issue path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let s = '$';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return s;
}

/** One line for the first issue of a zod error: what is wrong, where, and the allowed values. */
export function zodToUserError(err: z.ZodError, file: string, knownKeys?: (path: readonly PropertyKey[]) => readonly string[]): UserError {
  const issue = err.issues[0]!;
  let path = issue.path;
  let what: string;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    path = [...issue.path, key];
    const hint = knownKeys ? didYouMean(key, knownKeys(issue.path)) : undefined;
    what = `unknown key '${key}'${hint ? `; did you mean '${hint}'?` : ''}`;
  } else if (issue.code === 'invalid_value') {
    what = `${issue.message.replace(/^Invalid input: expected one of /, 'expected one of ').replace(/^Invalid option: expected one of /, 'expected one of ')}`;
  } else if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    what = issue.message;
  } else {
    what = issue.message.replace(/^Invalid input: /, '');
  }
  return new UserError(what, `${file} at ${jsonPath(path)}`);
}
