#!/usr/bin/env node
/**
 * The `specsim` command: starts src/cli/main.ts, from the build's bundle of
 * it when that is current.
 *
 * The build (scripts/build-cli.mjs) bundles the compiled CLI into a few ES
 * modules in dist/src/cli-bundle/ (commands still load lazily, each its own
 * chunk), so a run resolves and links ~25 modules instead of ~140: the
 * quickstart without charts took ~0.09 s less CPU. The bundle is current
 * while no compiled module it holds (listed in its modules.json) is newer
 * than it: a later `tsc`, or a test that edits a compiled module, makes the
 * CLI run the compiled modules, slower and up to date. Checking costs ~190
 * stat calls, ~2 ms. `SPECSIM_UNBUNDLED=1` runs the compiled
 * modules too (debugging, the tests that check which modules a command loads).
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { runCli } from './cli/main.js';

const MAIN = new URL('./cli/main.js', import.meta.url);
const BUNDLE = new URL('./cli-bundle/main.js', import.meta.url);
const MODULES = new URL('./cli-bundle/modules.json', import.meta.url);

/** Whether to run the bundle: it is there, no compiled module in it changed since, and it was not turned off. */
function bundleCurrent(): boolean {
  if (process.env['SPECSIM_UNBUNDLED'] === '1') return false;
  try {
    const built = statSync(BUNDLE).mtimeMs;
    const chunks = JSON.parse(readFileSync(MODULES, 'utf8')) as Record<string, string[]>;
    const dir = fileURLToPath(new URL('.', MODULES)); // the paths in modules.json are relative to it
    for (const inputs of Object.values(chunks)) {
      for (const p of inputs) if (!p.includes('node_modules/') && statSync(dir + p).mtimeMs > built) return false;
    }
    return true;
  } catch {
    return false; // no bundle (a build without esbuild), or a module it holds is gone
  }
}

const cli = (await import(bundleCurrent() ? BUNDLE.href : MAIN.href)) as { runCli: typeof runCli };
cli.runCli();
