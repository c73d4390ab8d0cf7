/**
 * Placement: which device each piece of work occupies. The target runs on
 * `gpu0`; a method's draft-device work runs on its own `draft` device when the
 * scenario says `separate`, else on the target's (everything serializes).
 */
import type { Phase, PhaseLabel } from '../methods/types.js';
import { phaseMs } from '../methods/work.js';
import type { CostFn } from './cost-cache.js';
import { Device, type BusyInterval } from './kernel.js';

/**
 * What a device does in a timeline interval: a method's phase (its label), or
 * the engine's own steps: the target's `decode` (no drafts) or `verify`, a
 * `mixed` step (decode/verify rows with prompt chunks), the serving engine's
 * host time before an iteration (`scheduler`) and its bookkeeping after (`spec`).
 */
export type TimelinePhase = PhaseLabel | 'decode' | 'verify' | 'mixed' | 'scheduler' | 'spec';
/** The target's device, and a `separate` draft model's own. */
export type DeviceName = 'gpu0' | 'draft';
/** One interval of the step timeline (report.json `detail.timeline`). */
export type TimelineEntry = BusyInterval<DeviceName, TimelinePhase>;

type SimDevice = Device<DeviceName, TimelinePhase>;

export class Placement {
  readonly target: SimDevice;
  readonly draft: SimDevice;

  constructor(draftDevice: 'shared' | 'separate', keepTimeline: number) {
    this.target = new Device<DeviceName, TimelinePhase>('gpu0', keepTimeline);
    this.draft = draftDevice === 'separate' ? new Device<DeviceName, TimelinePhase>('draft', keepTimeline) : this.target;
  }

  deviceOf(p: Pick<Phase, 'device'>): SimDevice {
    return p.device === 'draft' ? this.draft : this.target;
  }

  /**
   * Run `p` for `batch` sequences on its device, starting no earlier than
   * `startMs` (nor before the device is free). Returns its end and its time.
   */
  run(p: Phase, batch: number, startMs: number, cost: CostFn, label: TimelinePhase = p.label): { endMs: number; ms: number } {
    const ms = phaseMs(p, batch, cost);
    return { endMs: this.deviceOf(p).occupy(startMs, ms, label), ms };
  }

  /** Intervals of every device, by start time (ties by device name), the first `keep`. */
  timeline(keep: number): TimelineEntry[] {
    const all = [...this.target.intervals, ...(this.draft === this.target ? [] : this.draft.intervals)];
    return all.sort((a, b) => a.startMs - b.startMs || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0)).slice(0, keep);
  }
}
