/**
 * The V8 flags of a CLI run (set by cli/main.ts before any command module loads),
 * and switching V8's optimizing compiler off for one-shot work.
 *
 * A CLI run is short: V8's optimizing compiler spends more CPU inlining large
 * closures (the engine's step loop, vega's dataflow) than the code it makes
 * then saves. A smaller inlining budget than V8's default (920 bytes of
 * bytecode) measured, CPU time, median of 3 (npm run bench's quickstart
 * commands with the flag on node's command line, load average ~6):
 * quickstart 1.93 -> 1.68 s with charts, 0.85 -> 0.69 s with --no-charts;
 * perf-20m (20M tokens, --jobs 1) unchanged at ~0.81 s. It is a compiler
 * heuristic only: every report is the same bytes.
 *
 * A higher tier-up budget (`--interrupt-budget`, 8x V8's default of 67,584):
 * TurboFan then compiles only what stays hot, with fuller type feedback, so
 * it compiles less and deoptimizes less. Simulating the quickstart in one
 * process (node --trace-opt): 113 -> 52 optimized compiles, 28 -> 8 deopts,
 * ~265 -> ~95 ms of compile time; CPU of the simulation (all threads, median
 * of 11, alternating, load ~2-3) 373 -> 286 ms (4x and 16x: 286 and 288 ms).
 * perf-20m unchanged (~0.7 s, --jobs 1). The build makes vega's code
 * cache under the same flags (scripts/build-vega.mjs): V8 takes a cache only
 * from a process whose flags hash the same.
 *
 * V8's flags are the whole process's, and V8 cannot be asked what a flag is
 * now: so only the CLI changes them. A program that imports the library
 * (writeReport, the tests) keeps the flags it was started with.
 */
import { setFlagsFromString } from 'node:v8';

export const CLI_V8_FLAGS = '--max-inlined-bytecode-size-cumulative=200 --interrupt-budget=540000';

/** Whether `withoutOptimizer` may switch TurboFan: set by `setCliV8Flags`, unless node was started with its own say on the optimizer. */
let mayToggleOptimizer = false;
/** How many `withoutOptimizer` calls are running (nested calls switch TurboFan on only when the outermost ends). */
let depth = 0;

/** Whether node's own flags (command line or NODE_OPTIONS) already say something about the optimizing compiler. */
export function nodeFlagsTouchOptimizer(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((a) => /^--(no-)?(turbofan|opt|jitless|max-opt)\b/.test(a.replaceAll('_', '-')));
}

/** Set the CLI's flags (cli/main.ts, and the build when it makes vega's code cache). */
export function setCliV8Flags(): void {
  setFlagsFromString(CLI_V8_FLAGS);
  mayToggleOptimizer = !nodeFlagsTouchOptimizer(process.execArgv, process.env['NODE_OPTIONS']);
}

/**
 * Run `f` with V8's optimizing compiler (TurboFan) off, then on again, in a
 * CLI run (`setCliV8Flags`); elsewhere just run `f`.
 * Writing a report runs a lot of code once: rendering nine charts calls each
 * of vega's functions a few hundred times at most, and TurboFan (on a
 * background thread, which counts in CPU time) spends more compiling them
 * than its code then saves. Measured on the quickstart's nine charts
 * (CPU, median of 5, load ~5): 0.66 -> 0.43 s. Bytecode and the baseline
 * compiler still run; only the speed changes, never a result.
 */
export function withoutOptimizer<T>(f: () => T): T {
  if (!mayToggleOptimizer) return f();
  if (depth++ === 0) setFlagsFromString('--no-turbofan');
  try {
    return f();
  } finally {
    if (--depth === 0) setFlagsFromString('--turbofan');
  }
}
