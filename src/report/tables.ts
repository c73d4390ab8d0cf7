/**
 * The tables of a report, defined once: summary.md renders them as
 * markdown and index.html as sortable HTML, so the page holds everything the
 * markdown does. A column has a title, a sort value and a display text;
 * columns a report has nothing for (throughput speedup, cost and energy,
 * engines) are left out.
 */
import { resolveHardware } from '../hardware/resolve.js';
import { backendOf, type HardwareProfile } from '../cost/backends/index.js';
import type { EngineProfile } from '../catalog/engine-schema.js';
import { storedWeightBits } from '../cost/backend.js';
import { WEIGHT_BYTES, type WeightDtype } from '../cost/operators.js';
import { builtinEngine, DEFAULT_ENGINE } from '../catalog/builtin.js';
import { engineKernels } from '../serving/engine-kernels.js';
import type { HardwareProfileBase } from '../catalog/hardware-schema.js';
import { resolveHardwareEntries } from '../scenario/schema.js';
import type { Report, Result } from './types.js';

export interface Column<Row> {
  title: string;
  /** Text columns sort as strings and align left. */
  numeric: boolean;
  /** The value a table sorts by (null sorts last). */
  value: (row: Row) => number | string | null;
  text: (row: Row) => string;
}

const fixed = (x: number | null | undefined, d: number): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));
/** 3 significant digits below 1000, whole numbers above. */
const sig = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : Math.abs(x) >= 1000 ? Math.round(x).toString() : Number(x.toPrecision(3)).toString());
const ratio = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(2)}×`);

function metric(r: Result, key: string): number | null {
  const v = (r.metrics as unknown as Record<string, unknown>)[key];
  return typeof v === 'number' ? v : null;
}

const has = (report: Report, key: string): boolean => report.results.some((r) => metric(r, key) !== null);

function num(title: string, value: (r: Result) => number | null | undefined, text: (x: number | null | undefined) => string): Column<Result> {
  return { title, numeric: true, value: (r) => value(r) ?? null, text: (r) => text(value(r)) };
}

/** One row per result: latency percentiles, throughput, acceptance, speedups, cost and energy, the target step and its bound. */
export function resultColumns(report: Report): Column<Result>[] {
  return [
    ...(report.results.some((r) => r.rate !== undefined) ? [num('rate/s', (r) => r.rate, (x) => (x === undefined || x === null ? '' : String(x)))] : []),
    num('batch', (r) => r.batch, (x) => String(x)),
    { title: 'method', numeric: false, value: (r) => r.method, text: (r) => r.method },
    num('ms/token mean', (r) => r.metrics.tpotMs.mean, (x) => fixed(x, 3)),
    num('p50', (r) => r.metrics.tpotMs.p50, (x) => fixed(x, 3)),
    num('p90', (r) => r.metrics.tpotMs.p90, (x) => fixed(x, 3)),
    num('p99', (r) => r.metrics.tpotMs.p99, (x) => fixed(x, 3)),
    num('first token ms mean', (r) => r.metrics.ttftMs.mean, (x) => fixed(x, 1)),
    num('first token p99', (r) => r.metrics.ttftMs.p99, (x) => fixed(x, 1)),
    num('end-to-end ms mean', (r) => r.metrics.e2eMs.mean, (x) => fixed(x, 0)),
    num('end-to-end p99', (r) => r.metrics.e2eMs.p99, (x) => fixed(x, 0)),
    num('tok/s per user', (r) => r.metrics.userTokensPerS, (x) => fixed(x, 1)),
    num('tok/s aggregate', (r) => r.metrics.tokensPerS, (x) => fixed(x, 0)),
    num('accepted/step', (r) => r.metrics.acceptedPerStep, (x) => fixed(x, 2)),
    num('acceptance', (r) => r.metrics.acceptanceRate, (x) => fixed(x, 2)),
    num('speedup', (r) => r.metrics.speedup, ratio),
    ...(has(report, 'throughputSpeedup') ? [num('throughput speedup', (r) => metric(r, 'throughputSpeedup'), ratio)] : []),
    ...(has(report, 'usdPerMTokens') ? [num('$/M tokens', (r) => metric(r, 'usdPerMTokens'), sig)] : []),
    ...(has(report, 'joulesPerToken') ? [num('J/token', (r) => metric(r, 'joulesPerToken'), sig)] : []),
    num('target step ms', (r) => r.detail?.targetStepMs, (x) => fixed(x, 3)),
    { title: 'bound', numeric: false, value: (r) => r.detail?.targetBound ?? null, text: (r) => r.detail?.targetBound ?? '' },
  ];
}

/** One row per hardware × method: the trade-off across hardware. */
export interface GlanceRow {
  hardware: string;
  method: string;
  devices: number;
  first: Result;
  last: Result;
  bestSpeedup: number | null;
}

export function glanceRows(report: Report): GlanceRow[] {
  const rows: GlanceRow[] = [];
  const hardware = [...new Set(report.results.map((r) => r.hardware))];
  for (const hw of hardware) {
    const rs = report.results.filter((r) => r.hardware === hw);
    for (const method of [...new Set(rs.map((r) => r.method))]) {
      const pts = rs.filter((r) => r.method === method).sort((a, b) => a.batch - b.batch || (a.rate ?? 0) - (b.rate ?? 0));
      const speedups = pts.map((r) => r.metrics.speedup).filter((x): x is number => x !== null);
      rows.push({ hardware: hw, method, devices: pts.at(-1)!.detail?.devices ?? 1, first: pts[0]!, last: pts.at(-1)!, bestSpeedup: speedups.length ? Math.max(...speedups) : null });
    }
  }
  return rows;
}

export function glanceColumns(report: Report): Column<GlanceRow>[] {
  const perDevice = (g: GlanceRow) => g.last.metrics.tokensPerS / g.devices;
  return [
    { title: 'hardware', numeric: false, value: (g) => g.hardware, text: (g) => g.hardware },
    { title: 'method', numeric: false, value: (g) => g.method, text: (g) => g.method },
    { title: 'devices', numeric: true, value: (g) => g.devices, text: (g) => String(g.devices) },
    { title: 'tok/s per user (smallest batch)', numeric: true, value: (g) => g.first.metrics.userTokensPerS, text: (g) => `${fixed(g.first.metrics.userTokensPerS, 1)} (b${g.first.batch})` },
    { title: 'tok/s aggregate (largest batch)', numeric: true, value: (g) => g.last.metrics.tokensPerS, text: (g) => `${fixed(g.last.metrics.tokensPerS, 0)} (b${g.last.batch})` },
    { title: 'tok/s per device', numeric: true, value: perDevice, text: (g) => fixed(perDevice(g), perDevice(g) < 10 ? 2 : 0) },
    ...(has(report, 'usdPerMTokens') ? [{ title: '$/M tokens (largest batch)', numeric: true, value: (g: GlanceRow) => metric(g.last, 'usdPerMTokens'), text: (g: GlanceRow) => sig(metric(g.last, 'usdPerMTokens')) }] : []),
    ...(has(report, 'joulesPerToken') ? [{ title: 'J/token (largest batch)', numeric: true, value: (g: GlanceRow) => metric(g.last, 'joulesPerToken'), text: (g: GlanceRow) => sig(metric(g.last, 'joulesPerToken')) }] : []),
    { title: 'best speedup', numeric: true, value: (g) => g.bestSpeedup, text: (g) => ratio(g.bestSpeedup) },
  ];
}

/** Each hardware entry as it ran: profile, tensor parallelism, weight and KV dtypes, engine and its attention kernel (when the scenario has one). */
export interface SettingsRow { hardware: string; profile: string; tp: number | null; dtype: string; kvDtype: string; engine?: string; attention?: string }

/** How a profile deploys: whether the system sizes itself (no tp: Groq) and the bits it stores at `dtype` when they differ from the dtype's. */
function deployment(hw: HardwareProfile, dtype: string): { sizesItself: boolean; storedBits?: number } {
  const backend = backendOf(hw);
  const stored = dtype in WEIGHT_BYTES ? storedWeightBits(backend, hw, dtype as WeightDtype) : undefined;
  return { sizesItself: backend.sizesItself, ...(stored !== undefined ? { storedBits: stored } : {}) };
}

/**
 * The attention kernel family a built-in engine ran on the profile (engines
 * pick it by the GPU's `arch`); a profile that states no arch ran the
 * engine's default, which the text says. Undefined for a kernel-less system
 * or an engine given as a file.
 */
function attentionRan(hw: HardwareProfile, engineId: string): string | undefined {
  // A backend that names the kernels it runs (a GPU's) runs the families engines choose.
  if (backendOf(hw).explainKernels === undefined) return undefined;
  let engine: EngineProfile;
  try { engine = builtinEngine(engineId); } catch { return undefined; }
  const family = engineKernels(engine, hw).attention;
  return (hw as HardwareProfileBase).arch === undefined && engine.kernels.attentionByArch !== undefined ? `${family} (the profile states no arch: the engine's default)` : family;
}

/** The profile, or undefined when it no longer resolves (a report written elsewhere, a profile file since moved). */
function profileOf(id: string): HardwareProfile | undefined {
  try { return resolveHardware(id); } catch { return undefined; }
}

export function settingsRows(report: Report): SettingsRow[] {
  const s = report.scenario;
  let entries: ReturnType<typeof resolveHardwareEntries>;
  // Optimize states the deployment only when it searched one (else tp 1, bf16); so may a report written by hand or by an older specsim.
  try { entries = resolveHardwareEntries({ hardware: s.hardware, tp: s.tp ?? 1, dtype: s.dtype ?? 'bf16', kvDtype: s.kvDtype ?? 'bf16' }); } catch { return []; }
  const raw = Array.isArray(s.hardware) ? s.hardware : [];
  return entries.map((e, i) => {
    const entry = raw[i];
    const own = entry !== null && typeof entry === 'object' && 'engine' in entry ? entry.engine : undefined;
    const engine = typeof own === 'string' ? own : 'engine' in s && typeof s.engine === 'string' ? s.engine : undefined;
    // A report written by hand or by an older specsim may leave the defaults out.
    const weights = String(e.dtype ?? 'bf16');
    const hw = profileOf(e.id);
    const d = hw ? deployment(hw, weights) : undefined;
    const dtype = d?.storedBits !== undefined ? `${d.storedBits}-bit as stored` : weights;
    const attention = hw && engine !== undefined && engine !== DEFAULT_ENGINE ? attentionRan(hw, engine) : undefined;
    return {
      hardware: String(e.label), profile: String(e.id), tp: d?.sizesItself ? null : Number(e.tp ?? 1), dtype, kvDtype: String(e.kvDtype ?? 'bf16'),
      ...(engine ? { engine } : {}), ...(attention ? { attention } : {}),
    };
  });
}

export function settingsColumns(rows: readonly SettingsRow[]): Column<SettingsRow>[] {
  return [
    { title: 'hardware', numeric: false, value: (r) => r.hardware, text: (r) => r.hardware },
    { title: 'profile', numeric: false, value: (r) => r.profile, text: (r) => r.profile },
    { title: 'tp', numeric: true, value: (r) => r.tp, text: (r) => (r.tp === null ? '– (chips)' : String(r.tp)) },
    { title: 'weights', numeric: false, value: (r) => r.dtype, text: (r) => r.dtype },
    { title: 'KV cache', numeric: false, value: (r) => r.kvDtype, text: (r) => r.kvDtype },
    ...(rows.some((r) => r.engine) ? [{ title: 'engine', numeric: false, value: (r: SettingsRow) => r.engine ?? null, text: (r: SettingsRow) => r.engine ?? '' }] : []),
    ...(rows.some((r) => r.attention) ? [{ title: 'attention kernel', numeric: false, value: (r: SettingsRow) => r.attention ?? null, text: (r: SettingsRow) => r.attention ?? '' }] : []),
  ];
}

/** A markdown table; `cell` escapes text for markdown. */
export function markdownTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[], cell: (s: string) => string): string[] {
  return [
    `| ${columns.map((c) => c.title).join(' | ')} |`,
    `| ${columns.map((c) => (c.numeric ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${columns.map((c) => cell(c.text(r))).join(' | ')} |`),
  ];
}
