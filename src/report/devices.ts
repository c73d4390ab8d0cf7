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

/**
 * Where each draft model runs, one line per hardware entry and draft method:
 * its own deployment (tp, dtype, shared GPUs or GPUs of its own) when the
 * results carry one, else that it follows the target's.
 */
export function draftDeploymentLines(results: readonly Result[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const r of results) {
    const d = r.detail?.draftDeployment;
    if (r.detail?.kind !== 'draft' && !d) continue;
    const key = `${r.hardware}\u0000${r.method}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const targetDevices = results.find((x) => x.hardware === r.hardware && x.detail?.kind === 'autoregressive')?.detail?.devices;
    const gpus = (n: number): string => `${n} GPU${n > 1 ? 's' : ''}`;
    const where = !d
      ? "at the target's tp and dtype, on its GPUs"
      : d.placement === 'separate'
        ? `tp ${d.tp}, ${d.dtype}, on ${gpus(d.tp)} of its own (a what-if: vLLM and SGLang run the draft on the target's GPUs)`
        : `tp ${d.tp}, ${d.dtype}, on ${targetDevices !== undefined && d.tp < targetDevices ? `${d.tp} of the target's ${targetDevices} GPUs` : "the target's GPUs"}`;
    lines.push(`${r.method} on ${r.hardware}: ${d ? `${d.model}, ` : ''}${where}`);
  }
  return lines;
}
