/**
 * Plausible magnitudes for the numbers of a user's hardware or engine profile. The
 * schema says "positive"; this says "a device can have it": a bandwidth of
 * 1e-300 bytes/s or a kernel cost of 1e300 µs is a typo that would make a
 * step last Infinity ms (and every metric null). Ranges span many orders of
 * magnitude beyond any real device, so only nonsense is refused.
 */
import { UserError } from '../errors.js';

interface Range { min: number; max: number; unit: string }

/** By the field's name (its last key), or for `flopsPerS.*` by its parent. */
function rangeOf(path: string[]): Range | undefined {
  const key = path.at(-1) ?? '';
  const parent = path.at(-2) ?? '';
  if (parent === 'flopsPerS') return { min: 1e6, max: 1e20, unit: 'FLOP/s' };
  if (parent === 'notes' || parent === 'gemmTiles' || path.includes('gemmTiles')) return undefined;
  if (/BytesPerS$/.test(key)) return { min: 1e3, max: 1e17, unit: 'bytes/s' };
  if (/Us$/.test(key)) return { min: 0, max: 1e9, unit: 'µs' };
  if (/Bytes$/.test(key)) return { min: 0, max: 1e18, unit: 'bytes' };
  if (key === 'clockMhz') return { min: 1, max: 1e6, unit: 'MHz' };
  if (key === 'sms' || key === 'links') return { min: 1, max: 1e6, unit: '' };
  if (key === 'bytesPerSmClk') return { min: 1e-3, max: 1e6, unit: 'bytes per SM per clock' };
  if (key === 'weightBytesPerParam') return { min: 0.01, max: 64, unit: 'bytes' };
  if (parent === 'captureSizes') return { min: 1, max: 1e7, unit: 'sequences' };
  if (key === 'tokenBudget') return { min: 1, max: 1e9, unit: 'tokens' };
  if (key === 'bytesPerLogit') return { min: 0, max: 1e6, unit: 'bytes' };
  if (key === 'listPriceUsd' || key === 'tdpW') return { min: 0, max: 1e12, unit: key === 'tdpW' ? 'W' : 'USD' };
  return undefined;
}

/** Throw a UserError naming the first number of `profile` outside what a device can have. */
export function checkProfileRanges(profile: unknown, file: string): void {
  const walk = (v: unknown, path: string[]): void => {
    if (typeof v === 'number') {
      const r = rangeOf(path);
      if (r && !(v >= r.min && v <= r.max)) {
        throw new UserError(`'${path.join('.')}' = ${v} is outside what a device can have (${r.min} to ${r.max}${r.unit ? ` ${r.unit}` : ''})`, `${file} at $.${path.join('.')}`);
      }
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, String(i)]));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(profile, []);
}
