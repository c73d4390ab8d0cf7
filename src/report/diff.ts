/**
 * `specsim diff`: two reports compared point by point. Pure: reports in, a
 * typed diff out; `diffText` renders it for a terminal. Points are matched
 * by their identity (hardware, model, method, batch, and any other plain
 * field a Result carries, such as an engine or a rate); each metric's change
 * is relative to A. The scenarios are compared key by key, so a diff says
 * what moved in the input, not only in the output.
 */
import { thousands } from '../thousands.js';
import { oneLine } from '../errors.js';
import type { Report, Result } from './types.js';

/** The metrics compared, as paths into `Result.metrics`, in display order. */
export const DIFF_METRICS = [
  'tpotMs.mean', 'tpotMs.p50', 'tpotMs.p90', 'tpotMs.p99',
  'ttftMs.mean', 'ttftMs.p50', 'ttftMs.p90', 'ttftMs.p99',
  'e2eMs.mean', 'e2eMs.p50', 'e2eMs.p90', 'e2eMs.p99',
  'tokensPerS', 'userTokensPerS', 'acceptedPerStep', 'acceptanceRate', 'speedup', 'throughputSpeedup',
  'makespanMs', 'outputTokens', 'requests',
] as const;

export interface ScenarioChange {
  /** JSON path in the scenario, e.g. `methods[1].gamma`. */
  path: string;
  /** The values as compact JSON; undefined when the key is absent on that side. */
  a?: string;
  b?: string;
}

export interface MetricChange {
  metric: string;
  a: number | null;
  b: number | null;
  /** (b − a) / |a|; null when either side is null or a is 0 while b is not. */
  relative: number | null;
}

export interface PointDiff {
  /** The point's identity, e.g. `h100-sxm · llama2-7b · eagle · batch 8`. */
  point: string;
  key: Record<string, string | number>;
  changes: MetricChange[];
  /** Largest |relative| change of this point (Infinity when a metric appeared, vanished or moved off 0). */
  largest: number;
}

export interface ReportDiff {
  a: { specsim: string; seed: number; name: string };
  b: { specsim: string; seed: number; name: string };
  scenario: ScenarioChange[];
  /** True when the scenarios differ in nothing but the seed: every change is sampling noise. */
  onlySeed: boolean;
  points: PointDiff[];
  onlyInA: string[];
  onlyInB: string[];
  /** Largest |relative| change over every matched point and metric (0 when nothing moved). */
  largest: number;
  largestAt?: { point: string; metric: string };
}

function compact(v: unknown): string {
  return JSON.stringify(v) ?? 'undefined';
}

/** Every leaf where two JSON values differ, as paths. Arrays of different length are one change. */
export function jsonChanges(a: unknown, b: unknown, path = ''): ScenarioChange[] {
  if (compact(a) === compact(b)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((x, i) => jsonChanges(x, b[i], `${path}[${i}]`));
  }
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => jsonChanges(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return [{ path: path || '(scenario)', ...(a !== undefined ? { a: compact(a) } : {}), ...(b !== undefined ? { b: compact(b) } : {}) }];
}

/** A Result's identity: every top-level field that is a string or a number (hardware, model, method, batch, engine, rate, ...). */
export function pointKey(r: Result): Record<string, string | number> {
  const key: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(r)) if (typeof v === 'string' || typeof v === 'number') key[k] = v;
  return key;
}

function keyText(key: Record<string, string | number>): string {
  return Object.entries(key).map(([k, v]) => (k === 'hardware' || k === 'model' || k === 'method' ? String(v) : `${k} ${v}`)).join(' · ');
}

function metricValue(r: Result, path: string): number | null | undefined {
  let v: unknown = r.metrics;
  for (const part of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return typeof v === 'number' ? v : v === null ? null : undefined;
}

function relative(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return a === b ? 0 : null;
  if (a === b) return 0;
  if (a === 0) return null;
  return (b - a) / Math.abs(a);
}

export interface DiffOptions {
  /** Metrics to compare (paths as in DIFF_METRICS); default all. */
  metrics?: readonly string[];
}

export function diffReports(a: Report, b: Report, o: DiffOptions = {}): ReportDiff {
  const metrics = o.metrics ?? DIFF_METRICS;
  const scenario = jsonChanges(a.scenario, b.scenario);
  const onlySeed = scenario.every((c) => c.path === 'seed') && a.specsim === b.specsim;
  const bByKey = new Map(b.results.map((r) => [keyText(pointKey(r)), r]));
  const aKeys = new Set<string>();
  const points: PointDiff[] = [];
  const onlyInA: string[] = [];
  let largest = 0;
  let largestAt: ReportDiff['largestAt'];
  for (const ra of a.results) {
    const key = pointKey(ra);
    const text = keyText(key);
    aKeys.add(text);
    const rb = bByKey.get(text);
    if (!rb) { onlyInA.push(text); continue; }
    const changes: MetricChange[] = [];
    let pointLargest = 0;
    for (const m of metrics) {
      const va = metricValue(ra, m);
      const vb = metricValue(rb, m);
      if (va === undefined && vb === undefined) continue;
      const an = va ?? null, bn = vb ?? null;
      const rel = relative(an, bn);
      if (rel === 0) continue;
      const size = rel === null ? Infinity : Math.abs(rel);
      changes.push({ metric: m, a: an, b: bn, relative: rel });
      if (size > pointLargest) pointLargest = size;
      if (size > largest) { largest = size; largestAt = { point: text, metric: m }; }
    }
    points.push({ point: text, key, changes, largest: pointLargest });
  }
  const onlyInB = b.results.map((r) => keyText(pointKey(r))).filter((k) => !aKeys.has(k));
  return {
    a: { specsim: a.specsim, seed: a.seed, name: a.scenario.name },
    b: { specsim: b.specsim, seed: b.seed, name: b.scenario.name },
    scenario, onlySeed, points, onlyInA, onlyInB, largest,
    ...(largestAt ? { largestAt } : {}),
  };
}

/** Whether the diff moved more than `threshold` (a fraction): a metric beyond it, or a point on one side only. */
export function exceeds(d: ReportDiff, threshold: number): boolean {
  return d.largest > threshold || d.onlyInA.length > 0 || d.onlyInB.length > 0;
}

const num = (x: number | null): string => (x === null ? '–' : Math.abs(x) >= 1000 ? thousands(Math.round(x)) : String(Number(x.toPrecision(4))));
export const pct = (r: number | null): string => (r === null ? 'n/a' : `${r > 0 ? '+' : ''}${(r * 100).toFixed(Math.abs(r) < 0.1 ? 2 : 1)}%`);

export interface DiffTextOptions {
  /** Hide changes at or below this fraction (default 0: show every change). */
  threshold?: number;
  /** Most metric rows printed (default 40); the rest are counted. */
  limit?: number;
}

export interface MetricSummary { metric: string; largest: number | null; median: number | null; moved: number }

/** Per metric: the largest and median |relative change| over matched points (0 where it did not move). */
export function metricSummary(d: ReportDiff): MetricSummary[] {
  const by = new Map<string, (number | null)[]>();
  for (const p of d.points) for (const c of p.changes) by.set(c.metric, [...(by.get(c.metric) ?? []), c.relative === null ? null : Math.abs(c.relative)]);
  const order = [...DIFF_METRICS, ...[...by.keys()].filter((k) => !(DIFF_METRICS as readonly string[]).includes(k))];
  const out: MetricSummary[] = [];
  for (const metric of order) {
    const moved = by.get(metric);
    if (!moved) continue;
    const sizes = [...moved.map((x) => x ?? Infinity), ...Array<number>(d.points.length - moved.length).fill(0)].sort((x, y) => x - y);
    const largest = sizes.at(-1)!;
    const median = sizes[Math.floor((sizes.length - 1) / 2)]!;
    out.push({ metric, largest: Number.isFinite(largest) ? largest : null, median: Number.isFinite(median) ? median : null, moved: moved.length });
  }
  return out;
}

/** The diff as a person reads it in a terminal. */
export function diffText(d: ReportDiff, o: DiffTextOptions = {}): string {
  const threshold = o.threshold ?? 0;
  const limit = o.limit ?? 40;
  const out: string[] = [];
  out.push(`A: ${d.a.name} (seed ${d.a.seed}, specsim ${d.a.specsim})`, `B: ${d.b.name} (seed ${d.b.seed}, specsim ${d.b.specsim})`, '');
  if (d.scenario.length === 0) out.push('scenario: identical');
  else if (d.onlySeed) out.push(`scenario: identical but for the seed (${d.a.seed} → ${d.b.seed}): every change below is sampling noise`);
  else {
    out.push(`scenario: ${d.scenario.length} change${d.scenario.length > 1 ? 's' : ''}`);
    for (const c of d.scenario) out.push(`  ${c.path}: ${c.a ?? '(absent)'} → ${c.b ?? '(absent)'}`);
  }
  if (d.a.specsim !== d.b.specsim) out.push(`specsim version: ${d.a.specsim} → ${d.b.specsim}`);
  out.push('');
  const matched = d.points.length;
  out.push(`${matched} point${matched === 1 ? '' : 's'} matched; ${d.onlyInA.length} only in A; ${d.onlyInB.length} only in B`);
  for (const p of d.onlyInA) out.push(`  only in A: ${p}`);
  for (const p of d.onlyInB) out.push(`  only in B: ${p}`);
  const rows = d.points.flatMap((p) => p.changes.map((c) => ({ point: p.point, ...c })))
    .filter((c) => c.relative === null || Math.abs(c.relative) > threshold)
    .sort((x, y) => (y.relative === null ? Infinity : Math.abs(y.relative)) - (x.relative === null ? Infinity : Math.abs(x.relative)));
  if (matched > 0 && d.largest === 0) out.push('no metric moved');
  else if (matched > 0) {
    out.push('', 'per metric, over the matched points: largest and median |change|');
    const stats = metricSummary(d);
    const mw0 = Math.max(6, ...stats.map((s) => s.metric.length));
    for (const s of stats) out.push(`  ${s.metric.padEnd(mw0)}  ${pct(s.largest).replace('+', '').padStart(8)}  ${pct(s.median).replace('+', '').padStart(8)}  (${s.moved} of ${matched} points moved)`);
    out.push('');
    out.push(`largest change: ${d.largestAt ? `${d.largestAt.metric} at ${d.largestAt.point}, ` : ''}${d.largest === Infinity ? 'from or to zero/null' : pct(d.largest)}`);
    out.push(threshold > 0 ? `changes beyond ${pct(threshold).replace('+', '±')}: ${rows.length}` : `changes, largest first:`);
    if (rows.length > 0) {
      const w = Math.max(5, ...rows.slice(0, limit).map((r) => r.point.length));
      const mw = Math.max(6, ...rows.slice(0, limit).map((r) => r.metric.length));
      out.push(`  ${'point'.padEnd(w)}  ${'metric'.padEnd(mw)}  ${'A'.padStart(10)}  ${'B'.padStart(10)}  ${'change'.padStart(8)}`);
      for (const r of rows.slice(0, limit)) out.push(`  ${r.point.padEnd(w)}  ${r.metric.padEnd(mw)}  ${num(r.a).padStart(10)}  ${num(r.b).padStart(10)}  ${pct(r.relative).padStart(8)}`);
      if (rows.length > limit) out.push(`  … ${rows.length - limit} more (--limit, or --json for all)`);
    }
  }
  // Names and values come from report.json files, which anyone can edit: each line shown with control characters escaped.
  return `${out.map((l) => oneLine(l, 2000)).join('\n')}\n`;
}
