/**
 * Seeded random streams. One stream per subsystem (arrivals, lengths,
 * acceptance), each derived from the scenario seed and the identity of what
 * it drives, so an extra draw in one subsystem never shifts another.
 */
import seedrandom from 'seedrandom';

export type Rng = () => number;

/**
 * A reproducible stream for `seed` and the identity parts (e.g. hardware,
 * method label, batch, subsystem): xoshiro128** (Blackman and Vigna), its
 * 128-bit state seeded by hashing the identity with seedrandom's ARC4.
 * Each draw is a double in [0, 1) with 53 random bits (two 32-bit outputs);
 * about 20× faster than ARC4's `double()`, which matters because the
 * acceptance stream is drawn once per sequence per draft depth per step.
 */
export function stream(seed: number, ...identity: (string | number)[]): Rng {
  const key = seedrandom(`${seed}|${identity.join('|')}`);
  let a = key.int32() | 0;
  let b = key.int32() | 0;
  let c = key.int32() | 0;
  let d = key.int32() | 0;
  if ((a | b | c | d) === 0) a = 1;
  const next = (): number => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9);
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return r >>> 0;
  };
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Standard normal (Box–Muller). */
export function normal(rng: Rng): number {
  let u = rng();
  while (u <= 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Gamma(shape, 1) by Marsaglia–Tsang. */
export function gamma(rng: Rng, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(Math.max(rng(), 1e-300), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b). */
export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a);
  const y = gamma(rng, b);
  return x / (x + y);
}

/** Exponential with the given mean. */
export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng()) * mean;
}
