/** Further benchmarks (event kernel, end-to-end simulation): name → function. */
export const EXTRA_BENCHES: [string, () => void | Promise<void>][] = [];
