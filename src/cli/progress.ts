/**
 * A progress bar on stderr for long runs: shown only when stderr is a
 * terminal, neither --quiet nor --json is given, and the run is still going
 * after `delayMs` (about a second), so quick runs print nothing.
 * `onProgress` has the shape `runScenario`'s `onProgress` option takes.
 *
 * The cursor is never hidden: a run simulating in this thread cannot run a
 * signal handler until it yields, so Ctrl-C would leave a hidden cursor
 * behind. The ETA is ours (elapsed × remaining / done since the bar's
 * first sample), not cli-progress's, whose short window of fractional
 * updates read "0s" a quarter of the way in.
 *
 * cli-progress is required only when a bar is drawn: importing it costs
 * ~15 ms of CPU (its modules and their dependencies), which a scripted run
 * (--quiet, --json, no terminal) or a short one never needs.
 */
import { createRequire } from 'node:module';
import type cliProgressTypes from 'cli-progress';

const require = createRequire(import.meta.url);

export interface ProgressEvent {
  done: number;
  total: number;
  hardware?: string;
  method?: string;
  batch?: number;
}

export interface ProgressReporter {
  onProgress: (p: ProgressEvent) => void;
  /** Finish the bar (if shown); call once the run is over, also on failure. */
  stop: () => void;
  /** Whether a bar was ever drawn (for tests). */
  readonly shown: boolean;
}

export interface ProgressOptions {
  quiet?: boolean | undefined;
  json?: boolean | undefined;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  delayMs?: number;
  now?: () => number;
}

/** Whether a bar may be shown at all. */
export function progressEnabled(o: ProgressOptions): boolean {
  const stream = o.stream ?? process.stderr;
  return !o.quiet && !o.json && stream.isTTY === true;
}

/** "…" until there is enough to go on (5% done and 2 s elapsed), then "12s", "3m 05s", "1h 02m". */
export function etaText(elapsedMs: number, fraction: number): string {
  if (!(fraction >= 0.05) || elapsedMs < 2000) return '…';
  if (fraction >= 1) return '0s';
  const s = Math.ceil((elapsedMs * (1 - fraction)) / fraction / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function createProgress(o: ProgressOptions = {}): ProgressReporter {
  const enabled = progressEnabled(o);
  const now = o.now ?? Date.now;
  const start = now();
  const delayMs = o.delayMs ?? 1000;
  let bar: cliProgressTypes.SingleBar | undefined;
  let shown = false;
  return {
    get shown() { return shown; },
    onProgress(p: ProgressEvent) {
      if (!enabled) return;
      const point = p.hardware ? `${p.hardware} · ${p.method ?? ''} · batch ${p.batch ?? ''}` : '';
      if (!bar) {
        if (p.done >= p.total || now() - start < delayMs) return;
        const cliProgress = require('cli-progress') as typeof cliProgressTypes;
        bar = new cliProgress.SingleBar({
          stream: o.stream ?? process.stderr,
          format: 'simulating [{bar}] {percentage}% of {total} points · {point} · eta {etaText}',
          hideCursor: false,
          clearOnComplete: true,
          etaBuffer: 20,
        }, cliProgress.Presets.shades_classic);
        bar.start(p.total, p.done, { point, etaText: etaText(now() - start, p.done / p.total) });
        shown = true;
        return;
      }
      bar.update(p.done, { point, etaText: etaText(now() - start, p.done / p.total) });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
