import { describe, expect, it } from 'vitest';
import { Device, Kernel } from '../src/sim/kernel.js';

type E = { name: string; next?: { delay: number; name: string; priority?: number }[] };

function runLog(initial: [number, E, number?][]): string[] {
  const log: string[] = [];
  const k = new Kernel<E>((e, now) => {
    log.push(`${now}:${e.name}`);
    return (e.next ?? []).map((n) => ({ delayMs: n.delay, event: { name: n.name }, ...(n.priority !== undefined ? { priority: n.priority } : {}) }));
  });
  for (const [d, e, p] of initial) k.schedule(d, e, p);
  k.run();
  return log;
}

describe('kernel', () => {
  it('processes events in time order, with follow-ups at now + delay', () => {
    expect(runLog([[5, { name: 'b' }], [1, { name: 'a', next: [{ delay: 2, name: 'c' }, { delay: 10, name: 'd' }] }]]))
      .toEqual(['1:a', '3:c', '5:b', '11:d']);
  });

  it('orders same-time events by priority, then by scheduling order', () => {
    expect(runLog([[2, { name: 'x' }, 1], [2, { name: 'y' }, 0], [2, { name: 'z' }, 1], [2, { name: 'w' }, 0]]))
      .toEqual(['2:y', '2:w', '2:x', '2:z']);
  });

  it('fails loudly on a negative delay', () => {
    const k = new Kernel<E>(() => []);
    expect(() => k.schedule(-1, { name: 'bad' })).toThrow(/negative/);
    expect(() => runLog([[0, { name: 'a', next: [{ delay: -0.5, name: 'b' }] }]])).toThrow(/negative/);
  });

  it('run(until) stops before later events and advances the clock', () => {
    const seen: string[] = [];
    const k = new Kernel<E>((e) => { seen.push(e.name); });
    k.schedule(1, { name: 'a' });
    k.schedule(10, { name: 'b' });
    k.run(5);
    expect(seen).toEqual(['a']);
    expect(k.nowMs).toBe(5);
    expect(k.pending).toBe(1);
    k.run();
    expect(seen).toEqual(['a', 'b']);
    expect(k.nowMs).toBe(10);
  });

  it('a device serializes steps: a step booked while busy starts when it frees', () => {
    const d = new Device('gpu0');
    expect(d.occupy(0, 3, 'decode')).toBe(3);
    expect(d.occupy(1, 2, 'decode')).toBe(5);
    expect(d.occupy(10, 1, 'verify')).toBe(11);
    expect(d.busyMs).toBe(6);
    expect(d.intervals.map((i) => [i.startMs, i.endMs])).toEqual([[0, 3], [3, 5], [10, 11]]);
  });
});
