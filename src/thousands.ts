/**
 * Numbers with thousands separators, as `toLocaleString('en-US')` writes
 * them, without ICU: its first call in a process costs ~12 ms of CPU (the
 * locale data), then ~20 µs per call, which a report's tables and notes paid
 * on every run. Anything these plain rules do not cover (exponents, more
 * than six decimals, −0) is handed to `toLocaleString` itself, so the text
 * is always the same (test/thousands.test.ts checks both against it).
 */

/** `n.toLocaleString('en-US')` for an integer `n` (e.g. `Math.round(x)`). */
export function thousands(n: number): string {
  return grouped(n, 0) ?? n.toLocaleString('en-US');
}

/** `n.toLocaleString('en-US', { maximumFractionDigits: 6 })`. */
export function thousands6(n: number): string {
  return grouped(n, 6) ?? n.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** Group the integer digits of `String(n)` when it has at most `maxDecimals` decimals and no exponent; else undefined. */
function grouped(n: number, maxDecimals: number): string | undefined {
  if (!Number.isFinite(n) || Object.is(n, -0)) return undefined;
  const s = String(n);
  if (s.includes('e')) return undefined;
  const dot = s.indexOf('.');
  const int = dot < 0 ? s : s.slice(0, dot);
  if (dot >= 0 && s.length - dot - 1 > maxDecimals) return undefined;
  return int.replace(/\B(?=(\d{3})+$)/g, ',') + (dot < 0 ? '' : s.slice(dot));
}
