/**
 * Rates per CPU second, measured in this process: on a shared machine wall
 * time moves with other processes' load, CPU time much less. Several
 * functions are measured interleaved (a, b, a, b, ...), so what load there is
 * falls on each alike.
 */
export interface CpuTask {
  /** Units one call processes. */
  perOp: number;
  fn: () => unknown;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Units per CPU second of each task: `rounds` rounds, each calling every task for about `sliceMs` of CPU; the median round. */
export function cpuRates(tasks: CpuTask[], rounds = 7, sliceMs = 150): number[] {
  for (const t of tasks) for (let k = 0; k < 3; k++) t.fn(); // warm up
  const samples = tasks.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    tasks.forEach((t, k) => {
      let ops = 0;
      const t0 = cpuMs();
      let t1 = t0;
      while (t1 - t0 < sliceMs) { t.fn(); ops++; t1 = cpuMs(); }
      samples[k]!.push((ops * t.perOp) / ((t1 - t0) / 1000));
    });
  }
  return samples.map((s) => s.sort((a, b) => a - b)[s.length >> 1]!);
}

/** CPU ms of one call of `fn`. */
export function cpuOf(fn: () => unknown): number {
  const t0 = cpuMs();
  fn();
  return cpuMs() - t0;
}
