/**
 * The CLI bundled into one CommonJS file with V8's code cache
 * (scripts/build-cli.mjs makes both): what bin.ts runs while it is current.
 *
 * Importing the compiled CLI resolves, links and compiles ~140 ES modules
 * (commander, seedrandom and the zod bundle besides), and every function a
 * run calls is compiled on first use. The bundle is one file whose code cache
 * was recorded after a warm-up run (a small scenario with charts), so a run
 * deserializes the bytecode of the functions it uses instead. Each module of
 * the bundle still runs only when first imported (esbuild's lazy module
 * wrappers), so `--help` does not evaluate the simulator or zod.
 *
 * Current means: no compiled module the bundle holds (its modules.json) is
 * newer than it, so a later `tsc`, or a test that edits a compiled module,
 * makes bin.js run the compiled modules, slower and up to date (~190 stat
 * calls, ~2 ms). V8 takes the cache only from the same V8, source and flags
 * (the CLI's, set here before compiling); otherwise it compiles the bundle
 * as usual (`cacheRejected`), slower and the same.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type * as Main from './cli/main.js';
import { setCliV8Flags } from './v8-flags.js';

export const CLI_BUNDLE_DIR = fileURLToPath(new URL('./cli-bundle/', import.meta.url));
export const CLI_BUNDLE = `${CLI_BUNDLE_DIR}main.cjs`;
export const CLI_CACHE = `${CLI_BUNDLE_DIR}main.cache`;
/** Which compiled modules and packages the bundle holds: `{ "main.cjs": [paths relative to CLI_BUNDLE_DIR] }`. */
export const CLI_MODULES = `${CLI_BUNDLE_DIR}modules.json`;

/** Whether the bundle is there and no compiled module it holds changed since it was made. */
export function cliBundleCurrent(): boolean {
  try {
    const built = statSync(CLI_BUNDLE).mtimeMs;
    const files = JSON.parse(readFileSync(CLI_MODULES, 'utf8')) as Record<string, string[]>;
    for (const inputs of Object.values(files)) {
      for (const p of inputs) if (!p.includes('node_modules/') && statSync(CLI_BUNDLE_DIR + p).mtimeMs > built) return false;
    }
    return true;
  } catch {
    return false; // no bundle (a build without esbuild), or a module it holds is gone
  }
}

export interface LoadedCli {
  cli: typeof Main;
  /** The compiled bundle: `createCachedData()` after a warm-up run gives the cache (the build). */
  script: Script;
  /** A cache was there and V8 refused it (another node, other flags): compiled from source. */
  cacheRejected: boolean;
}

/** The bundle compiled (from its code cache when V8 accepts it) and run, under the CLI's V8 flags. */
export function loadCliBundle(opts: { cache?: boolean } = {}): LoadedCli {
  setCliV8Flags(); // before compiling: V8 takes a cache only under the flags it was made with
  const source = readFileSync(CLI_BUNDLE, 'utf8');
  const cachedData = opts.cache !== false && existsSync(CLI_CACHE) ? readFileSync(CLI_CACHE) : undefined;
  // A CommonJS module's wrapper, so the bundle runs as `require` would run it, plus the import() of
  // the packages it leaves outside (vega when its own bundle is missing): V8 drops a script's
  // dynamic-import callback when the script comes from a code cache, so the bundle calls this one.
  const script = new Script(`(function (exports, require, module, __filename, __dirname, specsimImport) {${source}\n})`, {
    filename: CLI_BUNDLE,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as typeof Main };
  type Wrapper = (e: object, r: NodeRequire, m: object, f: string, d: string, i: (s: string) => Promise<unknown>) => void;
  (script.runInThisContext() as Wrapper)(module.exports, createRequire(CLI_BUNDLE), module, CLI_BUNDLE, CLI_BUNDLE_DIR, (s) => import(s));
  return { cli: module.exports, script, cacheRejected: cachedData !== undefined && script.cachedDataRejected === true };
}
