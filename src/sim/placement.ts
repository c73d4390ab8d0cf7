/**
 * Placement: which device each piece of work occupies. The target runs on
 * `gpu0`; a method's draft-device work runs on its own `draft` device when the
 * scenario says `separate`, else on the target's (everything serializes).
 */
import type { Phase } from '../methods/types.js';
import { phaseMs } from '../methods/work.js';
import type { CostFn } from './cost-cache.js';
import { Device, type BusyInterval } from './kernel.js';

export class Placement {
  readonly target: Device;
  readonly draft: Device;

  constructor(draftDevice: 'shared' | 'separate', keepTimeline: number) {
    this.target = new Device('gpu0', keepTimeline);
    this.draft = draftDevice === 'separate' ? new Device('draft', keepTimeline) : this.target;
  }

  deviceOf(p: Pick<Phase, 'device'>): Device {
    return p.device === 'draft' ? this.draft : this.target;
  }

  /**
   * Run `p` for `batch` sequences on its device, starting no earlier than
   * `startMs` (nor before the device is free). Returns its end and its time.
   */
  run(p: Phase, batch: number, startMs: number, cost: CostFn, label = p.label): { endMs: number; ms: number } {
    const ms = phaseMs(p, batch, cost);
    return { endMs: this.deviceOf(p).occupy(startMs, ms, label), ms };
  }

  /** Intervals of every device, by start time (ties by device name), the first `keep`. */
  timeline(keep: number): BusyInterval[] {
    const all = [...this.target.intervals, ...(this.draft === this.target ? [] : this.draft.intervals)];
    return all.sort((a, b) => a.startMs - b.startMs || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0)).slice(0, keep);
  }
}
