/**
 * Where the shipped data files (`data/`) are: found by walking up from this
 * module, so it works from `src/` under vitest and from `dist/src/` when built.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function dataDir(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'data', 'hardware'))) return (cached = join(dir, 'data'));
    const up = dirname(dir);
    if (up === dir) throw new Error('specsim data directory not found');
    dir = up;
  }
}

let pathBase: string | undefined;

/**
 * Where relative file paths given as ids (hardware, model, draft, trace)
 * resolve: the scenario file's folder while a scenario file runs (set by the
 * run command and its workers), else the working directory.
 */
export function setPathBase(dir: string | undefined): void {
  pathBase = dir;
}

/** A user's file path, resolved against the path base (see setPathBase). */
export function userPath(p: string): string {
  return pathBase !== undefined && !isAbsolute(p) ? resolve(pathBase, p) : p;
}

/** Whether an id given on the command line or in a scenario is a file path rather than a catalog id. */
export function looksLikePath(s: string): boolean {
  return s.toLowerCase().endsWith('.json') || s.includes('/') || s.includes('\\');
}

export function dataPath(...parts: string[]): string {
  return join(dataDir(), ...parts);
}
