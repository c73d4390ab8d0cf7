/**
 * Step timeline (Gantt) of the first events of each run at the smallest batch
 * that has a trace: prefill, draft and verification per device, one lane per
 * method × device, one panel per hardware (each with its own time axis).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Report, TimelinePhase } from '../report/types.js';
import { CHART_CONFIG, PHASE_COLORS, hardwareOrder, methodOrder, modelOf, round } from './common.js';

/**
 * Target steps (verify or decode) drawn per result after the prefill: few
 * enough that a sub-millisecond draft step is still visible beside a verify step.
 */
export const TIMELINE_ITERATIONS = 3;

export interface TimelineRow {
  hardware: string;
  method: string;
  lane: string;
  device: string;
  phase: TimelinePhase;
  startMs: number;
  endMs: number;
  durationMs: number;
}

/** A lane's device by what it is: the target's devices named by hardware ("h100-sxm-tp4 ×4", "groq-lpu ×578"), not "gpu0". */
export function deviceName(device: string, hardware: string, devices: number | undefined): string {
  if (/^gpu\d*$/.test(device)) return `target on ${hardware}${devices !== undefined && devices > 1 ? ` ×${devices}` : ''}`;
  return device === 'draft' ? 'draft device' : device;
}

export function timelineRows(report: Report): { batch: number; rows: TimelineRow[] } | null {
  const traced = report.results.filter((r) => (r.detail?.timeline?.length ?? 0) > 0);
  if (traced.length === 0) return null;
  const batch = Math.min(...traced.map((r) => r.batch));
  const rows: TimelineRow[] = [];
  for (const r of traced.filter((x) => x.batch === batch)) {
    let targetSteps = 0;
    for (const e of r.detail?.timeline ?? []) {
      if (e.phase === 'verify' || e.phase === 'decode') targetSteps++;
      if (targetSteps > TIMELINE_ITERATIONS) break;
      rows.push({
        hardware: r.hardware, method: r.method, lane: `${r.method} · ${deviceName(e.device, r.hardware, r.detail?.devices)}`, device: e.device, phase: e.phase,
        startMs: round(e.startMs), endMs: round(e.endMs), durationMs: round(e.endMs - e.startMs),
      });
    }
  }
  return { batch, rows };
}

export function timelineChart(report: Report): TopLevelSpec | null {
  const t = timelineRows(report);
  if (!t) return null;
  const lanes: string[] = [];
  for (const m of methodOrder(report)) for (const r of t.rows) if (r.method === m && !lanes.includes(r.lane)) lanes.push(r.lane);
  const phases = [...new Set(t.rows.map((r) => r.phase))];
  const known = Object.keys(PHASE_COLORS);
  phases.sort((a, b) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Step timeline: the prefill and the first ${TIMELINE_ITERATIONS} decoding iterations (batch ${t.batch})`,
      subtitle: `${modelOf(report)} · one lane per method and device; each bar is one forward pass (drafting, verification, plain decoding)${hardwareOrder(report).length > 1 ? ' · each hardware its own time axis' : ''}`,
    },
    data: { values: t.rows },
    facet: { row: { field: 'hardware', type: 'nominal', title: null, sort: hardwareOrder(report), header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' } } },
    spec: {
      width: 640,
      height: { step: 22 },
      mark: { type: 'bar', stroke: '#fff', strokeWidth: 0.75, height: { band: 0.75 } },
      encoding: {
        y: { field: 'lane', type: 'nominal', title: null, sort: lanes, axis: { labelLimit: 260 } },
        // At most ~8 ticks over 640 px: with vega's default (one per ~40 px) '950' and '1,000' touch in a browser's font.
        x: { field: 'startMs', type: 'quantitative', title: 'simulated time (ms)', axis: { tickCount: 8 } },
        x2: { field: 'endMs' },
        color: {
          field: 'phase', type: 'nominal', title: 'phase',
          scale: { domain: phases, range: phases.map((p) => PHASE_COLORS[p] ?? '#999') },
        },
        tooltip: [{ field: 'method' }, { field: 'device' }, { field: 'phase' }, { field: 'startMs', title: 'start (ms)' }, { field: 'durationMs', title: 'duration (ms)' }],
      },
    },
    resolve: { scale: { x: 'independent' } },
    config: CHART_CONFIG,
  };
}
