/**
 * A progress bar on stderr for long runs: shown only when stderr is a
 * terminal, neither --quiet nor --json is given, and the run is still going
 * after `delayMs` (about a second), so quick runs print nothing.
 * `onProgress` has the shape `runScenario`'s `onProgress` option takes.
 */
import cliProgress from 'cli-progress';

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

export function createProgress(o: ProgressOptions = {}): ProgressReporter {
  const enabled = progressEnabled(o);
  const now = o.now ?? Date.now;
  const start = now();
  const delayMs = o.delayMs ?? 1000;
  let bar: cliProgress.SingleBar | undefined;
  let shown = false;
  return {
    get shown() { return shown; },
    onProgress(p: ProgressEvent) {
      if (!enabled) return;
      const point = p.hardware ? `${p.hardware} · ${p.method ?? ''} · batch ${p.batch ?? ''}` : '';
      if (!bar) {
        if (p.done >= p.total || now() - start < delayMs) return;
        bar = new cliProgress.SingleBar({
          stream: o.stream ?? process.stderr,
          format: 'simulating [{bar}] {percentage}% of {total} points · {point} · eta {eta_formatted}',
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 20,
        }, cliProgress.Presets.shades_classic);
        bar.start(p.total, p.done, { point });
        shown = true;
        return;
      }
      bar.update(p.done, { point });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
