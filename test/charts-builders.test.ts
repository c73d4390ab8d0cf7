import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Report } from '../src/report/types.js';
import { CHARTS, buildCharts, chartsFor } from '../src/charts/index.js';
import { crossovers } from '../src/report/analysis.js';
import { methodColorScale } from '../src/charts/common.js';
import { tpotChart } from '../src/charts/tpot.js';
import { speedupChart } from '../src/charts/speedup.js';
import { frontierChart } from '../src/charts/frontier.js';
import { hardwareChart, hardwareRows } from '../src/charts/hardware.js';
import { timelineChart, timelineRows } from '../src/charts/timeline.js';
import { acceptedChart, acceptedRows } from '../src/charts/accepted.js';

const report = JSON.parse(readFileSync(new URL('./fixtures/report-small.json', import.meta.url), 'utf8')) as Report;
type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const spec = (s: unknown): Any => s as Any;
const values = (s: unknown): Any[] => spec(s).data.values as Any[];

describe('method colours', () => {
  test('a method keeps one colour in every chart that shows it', () => {
    const seen = new Map<string, string>();
    const visit = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const o = node as Any;
      if (o.field === 'method' && o.scale?.domain) {
        (o.scale.domain as string[]).forEach((m, i) => {
          const c = o.scale.range[i] as string;
          expect(seen.get(m) ?? c, `colour of ${m}`).toBe(c);
          seen.set(m, c);
        });
      }
      for (const v of Object.values(o)) visit(v);
    };
    for (const c of buildCharts(report)) visit(c.spec);
    expect([...seen.keys()].sort()).toEqual(['autoregressive', 'draft', 'eagle']);
  });

  test('kinds map to fixed colours, distinct per method', () => {
    const s = methodColorScale(report);
    expect(s.domain).toEqual(['autoregressive', 'draft', 'eagle']);
    expect(new Set(s.range).size).toBe(3);
    expect(s.range[0]).toBe('#6b6b6b');
  });
});

describe('tpot vs batch', () => {
  const s = spec(tpotChart(report));
  test('one row per result, faceted by hardware, log-2 batch axis, ms on y', () => {
    expect(values(s)).toHaveLength(report.results.length);
    expect(s.facet.field).toBe('hardware'); // wrapped facets, at most FACET_COLUMNS per row
    expect(s.columns).toBeLessThanOrEqual(4);
    expect(s.spec.encoding.x.scale).toMatchObject({ type: 'log', base: 2 });
    expect(s.spec.encoding.x.axis.values).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(s.spec.encoding.y.field).toBe('tpotMs');
    expect(s.spec.encoding.y.title).toMatch(/\(ms\)/);
    const r = values(s).find((v) => v.hardware === 'a100-sxm' && v.method === 'draft' && v.batch === 8)!;
    const src = report.results.find((x) => x.hardware === 'a100-sxm' && x.method === 'draft' && x.batch === 8)!;
    expect(r.tpotMs).toBeCloseTo(src.metrics.tpotMs.mean, 2);
  });
});

describe('speedup vs batch', () => {
  const s = spec(speedupChart(report));
  test('plots the speculative methods only, with a rule at 1×', () => {
    const pts = values(s).filter((v) => v.row === 'point');
    expect(new Set(pts.map((p) => p.method))).toEqual(new Set(['draft', 'eagle']));
    expect(pts).toHaveLength(2 * 2 * 7);
    expect(s.spec.layer[0].mark.type).toBe('rule');
    expect(s.spec.layer[0].encoding.y.datum).toBe(1);
  });
  test('the crossover is interpolated between the last result ≥ 1× and the first < 1×', () => {
    const c = crossovers(report);
    expect(c.map((x) => `${x.hardware}/${x.method}`)).toEqual(['a100-sxm/eagle', 'h100-sxm/eagle']);
    // a100 eagle: 1.691 at batch 4, 1.018 at batch 8 → just above 8.
    expect(c[0]!.batch).toBeGreaterThan(8);
    expect(c[0]!.batch).toBeLessThan(16);
    const marks = values(s).filter((v) => v.row === 'crossover');
    expect(marks).toHaveLength(2);
    expect(marks[0]!.speedup).toBe(1);
  });
  test('a report with only autoregressive has no speedup chart', () => {
    const ar = { ...report, results: report.results.filter((r) => r.method === 'autoregressive') };
    expect(speedupChart(ar)).toBeNull();
  });
});

describe('throughput frontier', () => {
  const s = spec(frontierChart(report));
  test('per-user tok/s against aggregate tok/s, lines ordered by batch', () => {
    expect(values(s)).toHaveLength(report.results.length);
    expect(s.spec.encoding.x.field).toBe('userTokensPerS');
    expect(s.spec.encoding.y.field).toBe('tokensPerS');
    expect(s.spec.layer[0].encoding.order.field).toBe('batch');
    expect(s.spec.encoding.x.title).toMatch(/tokens\/s/);
  });
});

describe('hardware comparison', () => {
  test('user speed at the smallest batch and throughput at the largest, per hardware × method', () => {
    const rows = hardwareRows(report);
    expect(rows).toHaveLength(2 * 3 * 3); // per user, whole system, per device
    const u = rows.find((r) => r.panel === 'user' && r.hardware === 'h100-sxm' && r.method === 'eagle')!;
    expect(u.batch).toBe(1);
    const a = rows.find((r) => r.panel === 'aggregate' && r.hardware === 'h100-sxm' && r.method === 'draft')!;
    expect(a.batch).toBe(64);
    const s = spec(hardwareChart(report));
    const d = rows.find((r) => r.panel === 'perDevice' && r.hardware === 'h100-sxm' && r.method === 'draft')!;
    const devices = report.results.find((r) => r.hardware === 'h100-sxm' && r.method === 'draft' && r.batch === 64)!.detail?.devices ?? 1;
    expect(d.value).toBeCloseTo(a.value / devices, 0);
    expect(s.vconcat).toHaveLength(3);
    expect(s.vconcat[0].title).toMatch(/batch 1/);
    expect(s.vconcat[1].title).toMatch(/batch 64/);
    expect(s.vconcat[2].title).toMatch(/per device/);
  });
  test('leads the charts when there is more than one hardware, and not otherwise', () => {
    expect(chartsFor(report)[0]!.name).toBe('hardware-comparison');
    const one = { ...report, results: report.results.filter((r) => r.hardware === 'a100-sxm') };
    expect(chartsFor(one)[0]!.name).toBe('tpot-vs-batch');
  });
});

describe('step timeline', () => {
  test('bars from the trace of the smallest batch, one lane per method × device', () => {
    const t = timelineRows(report)!;
    expect(t.batch).toBe(1);
    // Lanes name the hardware the target runs on, not "gpu0".
    const hw = new Set(t.rows.map((r) => r.hardware));
    expect(new Set(t.rows.map((r) => r.lane))).toEqual(new Set([...hw].flatMap((h) => ['autoregressive', 'draft', 'eagle'].map((m) => `${m} · target on ${h}`))));
    expect(t.rows.some((r) => r.lane.includes('gpu0'))).toBe(false);
    expect(new Set(t.rows.map((r) => r.phase))).toEqual(new Set(['prefill', 'draft', 'verify', 'decode']));
    const s = spec(timelineChart(report));
    expect(s.spec.encoding.x.field).toBe('startMs');
    expect(s.spec.encoding.x2.field).toBe('endMs');
    expect(s.spec.encoding.x.title).toMatch(/\(ms\)/);
  });
  test('no trace, no chart', () => {
    const bare = { ...report, results: report.results.map((r) => ({ ...r, detail: { kind: r.detail!.kind } })) };
    expect(timelineChart(bare)).toBeNull();
  });
});

describe('accepted tokens per step', () => {
  test('pooled shares per speculative method sum to 1; mean matches the histogram', () => {
    const { rows, means } = acceptedRows(report);
    expect([...means.keys()]).toEqual(['draft', 'eagle']);
    for (const m of ['draft', 'eagle']) {
      const sum = rows.filter((r) => r.method === m).reduce((s, r) => s + r.fraction, 0);
      expect(sum).toBeCloseTo(1, 2);
    }
    expect(means.get('draft')).toBeCloseTo((1 - 0.7 ** 5) / 0.3, 1);
    const s = spec(acceptedChart(report));
    expect(s.encoding.xOffset.field).toBe('method');
    expect(s.encoding.y.axis.format).toBe('.0%');
  });
});

test('every registered chart builds on the fixture and embeds its data inline', () => {
  expect(CHARTS.map((c) => c.name)).toHaveLength(13);
  for (const c of buildCharts(report)) {
    expect(Array.isArray(spec(c.spec).data.values), c.name).toBe(true);
    expect(spec(c.spec).title.text, c.name).toBeTruthy();
  }
  expect(buildCharts(report)).toHaveLength(8); // no prices in the fixture: no cost chart; no decay with context: no acceptance-vs-context chart
});

test('latency charts plot p50 and p99 per point; the cost chart appears once the report is priced', async () => {
  const { latencyRows } = await import('../src/charts/latency.js');
  const { loadAxisTitle } = await import('../src/charts/common.js');
  const { costChart } = await import('../src/charts/cost.js');
  const { withEconomics, economicsAssumptions } = await import('../src/report/economics.js');
  expect(latencyRows(report, 'ttftMs')).toHaveLength(2 * report.results.length);
  expect(loadAxisTitle({ ...report, scenario: { ...report.scenario, workload: { kind: 'poisson', rate: 8 } } })).toMatch(/batch cap .* at 8 requests\/s/);
  expect(costChart(report)).toBeNull();
  const priced = withEconomics(report, economicsAssumptions([...new Set(report.results.map((r) => r.hardware))].map((h) => ({ label: h, id: h, listPriceUsd: 10000, tdpW: 400 }))));
  const s = spec(costChart(priced));
  expect(s.data.values).toHaveLength(report.results.length);
  expect(s.spec.encoding.y.field).toBe('usdPerMTokens');
});

test("a method whose setting varies by point (optimize's best) gets a histogram per setting and batch, not one pooled", async () => {
  const { acceptedRows } = await import('../src/charts/accepted.js');
  const spec0 = report.results.filter((r) => r.method === 'draft').slice(0, 2);
  const best = { ...report, results: spec0.map((r, i) => ({ ...r, method: 'best', detail: { ...r.detail!, setting: i === 0 ? 'γ=9' : 'γ=3' } })) };
  const { means } = acceptedRows(best);
  expect([...means.keys()]).toEqual([`best γ=9 · b${spec0[0]!.batch}`, `best γ=3 · b${spec0[1]!.batch}`]);
  expect([...acceptedRows(report).means.keys()]).not.toContain('best'); // ordinary methods stay pooled
});
