/** What limits a step: the largest share of its time. */
export type Bound = 'compute' | 'memory' | 'overhead' | 'network';

/** The bound with the most time (ties: the first of memory, compute, overhead, network). */
export function boundOf(byBound: Record<Bound, number>): Bound {
  let best: Bound = 'memory';
  for (const k of ['compute', 'overhead', 'network'] as const) if (byBound[k] > byBound[best]) best = k;
  return best;
}
