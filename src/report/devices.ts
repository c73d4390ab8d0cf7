/** How many devices (GPUs or Groq chips) a set of results uses, for headings and labels. */
import type { Result } from './types.js';

/**
 * "4 devices", or "578–731 devices" when the results differ (a draft model on
 * its own device, chips added for KV cache); undefined when no result says.
 */
export function devicesText(results: readonly Result[]): string | undefined {
  const d = results.map((r) => r.detail?.devices).filter((x): x is number => x !== undefined);
  if (d.length === 0) return undefined;
  const lo = Math.min(...d);
  const hi = Math.max(...d);
  return `${lo === hi ? lo : `${lo}–${hi}`} device${hi > 1 ? 's' : ''}`;
}
