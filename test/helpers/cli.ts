/**
 * Helpers the CLI-facing tests share: run the built CLI in a folder and keep
 * its exit code and output; the one line of the UserError a call throws.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { UserError } from '../../src/errors.js';

export const BIN = resolve('dist/src/bin.js');
const exec = promisify(execFile);

export interface CliOutcome { code: number; stdout: string; stderr: string }

/** Run `specsim args…` in `cwd` (a non-zero exit is an outcome, not a throw). */
export async function runCli(cwd: string, args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliOutcome> {
  try {
    const r = await exec(process.execPath, [BIN, ...args], { cwd, timeout: opts.timeoutMs ?? 60_000, env: { ...process.env, ...opts.env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: x.code ?? -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

/** The one line of the UserError `f` throws (fails if it throws anything else or nothing). */
export function userLine(f: () => unknown): string {
  try { f(); } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const line = e.line();
    expect(line.split('\n')).toHaveLength(1);
    return line;
  }
  throw new Error('accepted');
}
