/** src/thousands.ts writes what toLocaleString('en-US') writes, for every number a report may hold. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thousands, thousands6 } from '../src/thousands.js';

describe('thousands', () => {
  it('integers: the same text as toLocaleString("en-US")', () => {
    for (const n of [0, -0, 1, -1, 999, 1000, -1000, 12345, 999999, 1000000, -1234567, 2 ** 53, 1e21, 1e22, -1e25]) {
      expect(thousands(n), String(n)).toBe(n.toLocaleString('en-US'));
    }
    fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), (n) => thousands(n) === n.toLocaleString('en-US')), { numRuns: 2000 });
  });

  it('rounded numbers with up to six decimals: the same text as toLocaleString("en-US", { maximumFractionDigits: 6 })', () => {
    const ref = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 6 });
    for (const n of [0.5, -0.5, 0.1, 0.000123, 0.0000123, 1.5e-7, 1234.5, -98765.4321, 123456.789, 1e-6, 0.0000015, -0]) expect(thousands6(n), String(n)).toBe(ref(n));
    // What html.ts's fmt passes: a double rounded to 3 or 4 significant digits.
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 6 }), (x, d) => {
      const n = Number(x.toPrecision(d));
      return thousands6(n) === ref(n);
    }), { numRuns: 5000 });
  });
});
