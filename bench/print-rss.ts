/**
 * Preloaded with `node --import` into a process a benchmark measures: on
 * exit it writes `specsim-bench-usage <cpu µs> <max RSS KiB>` to stderr: CPU
 * time (user + system, every thread of the process) and peak RSS (worker
 * threads included).
 */
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nspecsim-bench-usage ${u.userCPUTime + u.systemCPUTime} ${u.maxRSS}\n`);
});
