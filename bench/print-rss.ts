/**
 * Preloaded with `node --import` into a process whose peak memory a
 * benchmark wants: on exit it writes `specsim-bench-maxrss-kb <n>` (the
 * process's max RSS in KiB, worker threads included) to stderr.
 */
process.on('exit', () => {
  process.stderr.write(`\nspecsim-bench-maxrss-kb ${process.resourceUsage().maxRSS}\n`);
});
