#!/usr/bin/env node
/**
 * The `specsim` command: runs src/cli/main.ts, from the build's bundle of
 * it with V8's code cache while that is current (cli-bundle.ts), else as the
 * compiled modules. `SPECSIM_UNBUNDLED=1` runs the compiled modules too
 * (debugging; the tests that check which modules a command loads).
 *
 * Quickstart CPU, median of 9-11 alternating runs (README, "Where the time
 * goes"): compiled modules 1.10 s; the bundle as ES modules 1.01 s; the
 * bundle as one file with its code cache 0.82 s where the ES-module one took
 * 0.89 s alongside.
 */
import { cliBundleCurrent, loadCliBundle } from './cli-bundle.js';

const cli = process.env['SPECSIM_UNBUNDLED'] !== '1' && cliBundleCurrent() ? loadCliBundle().cli : await import('./cli/main.js');
cli.runCli();
