/**
 * vega and vega-lite for the CLI, from one prebuilt file with V8's code cache.
 *
 * Importing the two packages resolves, reads and compiles ~60 ES modules
 * (~0.17 s of CPU), then every vega function a chart calls is compiled on
 * first use. The build (scripts/build-vega.mjs) bundles both into
 * `vega-bundle.cjs` beside this module and records V8's code cache of it
 * after rendering a few charts (`vega-bundle.cache`), so a run deserializes
 * the bytecode of the functions charts use instead of compiling them.
 *
 * V8 takes the cache only from the same V8 version, the same source and the
 * same V8 flags (the CLI's, `CLI_V8_FLAGS`); otherwise it compiles as usual
 * (`cacheRejected`), which is slower and gives the same charts. Without the
 * bundle (vitest on the sources, a build without esbuild) the caller imports
 * the packages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { VegaLib } from './render-svg.js';

export const VEGA_BUNDLE = fileURLToPath(new URL('./vega-bundle.cjs', import.meta.url));
export const VEGA_CACHE = fileURLToPath(new URL('./vega-bundle.cache', import.meta.url));

export interface LoadedBundle {
  lib: VegaLib;
  /** The compiled bundle: `createCachedData()` after warming up gives the cache (the build). */
  script: Script;
  /** A cache was there and V8 refused it (another node, other flags): compiled from source. */
  cacheRejected: boolean;
}

/** The bundle compiled (from its code cache when V8 accepts it) and run, or undefined when it was not built. */
export function loadVegaBundle(opts: { cache?: boolean } = {}): LoadedBundle | undefined {
  if (!existsSync(VEGA_BUNDLE)) return undefined;
  const source = readFileSync(VEGA_BUNDLE, 'utf8');
  const cachedData = opts.cache !== false && existsSync(VEGA_CACHE) ? readFileSync(VEGA_CACHE) : undefined;
  // A CommonJS module's wrapper, so the bundle runs as `require` would run it.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: VEGA_BUNDLE,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as VegaLib };
  (script.runInThisContext() as (e: object, r: NodeRequire, m: object, f: string, d: string) => void)(
    module.exports, createRequire(VEGA_BUNDLE), module, VEGA_BUNDLE, fileURLToPath(new URL('.', import.meta.url)),
  );
  return { lib: module.exports, script, cacheRejected: cachedData !== undefined && script.cachedDataRejected === true };
}
