import { beforeAll, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report/types.js';
import { writeCharts } from '../src/charts/write.js';
import { loadVega, prefixSvgIds, renderSvg, renderSvgAsync } from '../src/report/render-svg.js';
import { buildCharts } from '../src/charts/index.js';
import { renderHtml, writeChartsAndHtml } from '../src/report/html.js';

const report = JSON.parse(readFileSync(new URL('./fixtures/report-small.json', import.meta.url), 'utf8')) as Report;

beforeAll(loadVega); // the report writer does this before it writes

test('writeCharts writes a .vl.json and a non-empty SVG with text for every chart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specsim-charts-'));
  try {
    const charts = writeCharts(report, dir);
    expect(charts).toHaveLength(8);
    const files = readdirSync(join(dir, 'charts')).sort();
    for (const c of charts) {
      expect(files).toContain(`${c.name}.vl.json`);
      expect(files).toContain(`${c.name}.svg`);
      const svg = readFileSync(join(dir, 'charts', `${c.name}.svg`), 'utf8');
      const w = Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
      const h = Number(/height="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
      expect(w, c.name).toBeGreaterThan(100);
      expect(h, c.name).toBeGreaterThan(100);
      expect((svg.match(/<text/g) ?? []).length, c.name).toBeGreaterThan(10);
      JSON.parse(readFileSync(join(dir, 'charts', `${c.name}.vl.json`), 'utf8'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the page is self-contained: inline SVGs with unique ids, no external resources', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'specsim-html-'));
  try {
    writeChartsAndHtml(report, dir);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(8);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(html).toContain('<table class="summary sortable" data-hardware="a100-sxm">');
    expect(html).toContain('stops paying');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('prefixSvgIds rewrites ids and their references', () => {
  const s = prefixSvgIds('<svg><clipPath id="clip1"></clipPath><g clip-path="url(#clip1)"></g><use href="#clip1"/></svg>', 'x');
  expect(s).toBe('<svg><clipPath id="x-clip1"></clipPath><g clip-path="url(#x-clip1)"></g><use href="#x-clip1"/></svg>');
});

test('renderHtml escapes scenario text', () => {
  const evil = { ...report, scenario: { ...report.scenario, name: '<script>alert(1)</script>' } };
  expect(renderHtml(evil, [])).not.toContain('<script>alert');
});

test('the synchronous renderer matches vega\'s toSVG() byte for byte, and repeats itself', async () => {
  for (const c of buildCharts(report).slice(0, 3)) {
    const sync = renderSvg(c.spec);
    expect(sync, c.name).toBe(await renderSvgAsync(c.spec));
    expect(renderSvg(c.spec), c.name).toBe(sync);
  }
});
