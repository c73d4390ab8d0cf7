/**
 * Cost and energy per point, and one set of tables for summary.md and
 * index.html: the page holds every heading and every cell the markdown
 * has (glance, settings, per-hardware percentiles, bound, acceptance,
 * $/M tokens, J/token).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { economicsAssumptions, pointEconomics, withEconomics } from '../src/report/economics.js';
import { renderHtml } from '../src/report/html.js';
import { summaryMarkdown } from '../src/report/summary.js';
import type { Report } from '../src/report/types.js';
import { prepareEconomics } from '../src/cli/economics-flags.js';
import { parseScenario } from '../src/scenario/load.js';
import { UserError } from '../src/errors.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/report-small.json', import.meta.url), 'utf8')) as Report;

describe('economics', () => {
  test('$/M tokens = price amortised over the lifetime + energy; J/token = devices × W / tokens/s', () => {
    const r = { ...fixture.results[0]!, metrics: { ...fixture.results[0]!.metrics, tokensPerS: 100 }, detail: { kind: 'autoregressive', devices: 2 } };
    const hw = { label: 'x', id: 'x', priceUsd: 31_557_600, powerW: 500, priceFrom: 'profile' as const, powerFrom: 'profile' as const };
    // $31,557,600 over 1 year of 31,557,600 s = $1/s per device; 2 devices = $2/s; energy 1 kW × $0.36/kWh = $0.0001/s.
    const e = pointEconomics(r, hw, { lifetimeYears: 1, usdPerKwh: 0.36 });
    expect(e.joulesPerToken).toBeCloseTo(10, 12);
    expect(e.usdPerMTokens).toBeCloseTo(((2 + 0.0001) / 100) * 1e6, 6);
    expect(pointEconomics(r, { ...hw, priceUsd: null, powerW: null }, { lifetimeYears: 1, usdPerKwh: 0.1 })).toEqual({ usdPerMTokens: null, joulesPerToken: null });
  });

  test('overrides by id or label win over the profile; unknown hardware in an override is bad input', () => {
    const a = economicsAssumptions([{ label: 'h100-sxm-tp2', id: 'h100-sxm', listPriceUsd: 30000, tdpW: 700 }], { priceUsd: { 'h100-sxm': 20000 }, powerW: { 'h100-sxm-tp2': 500 } });
    expect(a.hardware[0]).toMatchObject({ priceUsd: 20000, powerW: 500, priceFrom: '--price', powerFrom: '--power' });
    const scenario = parseScenario(JSON.parse(readFileSync('scenarios/quickstart.json', 'utf8')), 'q');
    expect(prepareEconomics(scenario, {}).entries[0]).toMatchObject({ id: 'h100-sxm', listPriceUsd: 30000, tdpW: 700 });
    expect(() => prepareEconomics(scenario, { price: 'h100=1' })).toThrow(UserError);
    expect(() => prepareEconomics(scenario, { power: 'h100-sxm=-5' })).toThrow(UserError);
  });
});

describe('index.html holds what summary.md holds', () => {
  const entries = [...new Set(fixture.results.map((r) => r.hardware))].map((h) => ({ label: h, id: h, listPriceUsd: 20000, tdpW: 500 }));
  const report = withEconomics(fixture, economicsAssumptions(entries));
  const md = summaryMarkdown(report);
  const html = renderHtml(report, []);
  const unescape = (s: string) => s.replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');

  test('every table heading and every cell of summary.md appears in the page', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
    expect(rows.length).toBeGreaterThan(10);
    const headings = new Set(rows.filter((l) => /\| (batch|hardware) \|/.test(l)).flatMap((l) => l.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, '').trim())));
    for (const h of ['p50', 'p90', 'p99', 'bound', 'acceptance', '$/M tokens', 'J/token', 'tp', 'weights', 'tok/s per device']) expect(headings).toContain(h);
    for (const h of headings) expect(html, `heading ${h}`).toContain(`>${h.replace(/&/g, '&amp;')}</th>`);
    for (const l of rows) {
      for (const c of l.split(' | ').map((x) => unescape(x.replace(/^\| |\s\|$/g, '').trim()))) {
        if (c !== '') expect(html, `cell ${c}`).toContain(c.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
      }
    }
  });

  test('the cost note states its assumptions on both', () => {
    for (const doc of [md, html]) {
      expect(doc).toContain('amortised over 4 years');
      expect(doc).toContain('$0.1/kWh');
    }
  });
});
