/**
 * Hostile labels in every output format: method and hardware labels that are
 * spreadsheet formulas, HTML/script, markdown table breakers and terminal
 * escape codes. results.csv is valid RFC 4180 with formulas neutralised,
 * summary.md keeps its tables and holds no raw HTML, index.html runs no
 * injected script in Chromium, the SVGs hold no markup from labels, and
 * terminal output carries no control characters.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { csvCell, mdText } from '../src/report/escape.js';
import { oneLine } from '../src/errors.js';
import { writeReport } from '../src/report/write.js';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';

const BIN = resolve('dist/src/bin.js');
const exec = promisify(execFile);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const HOSTILE = [
  '=HYPERLINK("http://evil.example","x")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1',
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  'a|b\nc, "quoted"',
  '\u001b[31mred\u001b[0m \u009b2J',
  '[link](javascript:window.__pwned=3) **bold** `code`',
  '</title><svg onload="window.__pwned=4">',
];

/** RFC 4180 records (LF or CRLF line ends). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"' && cell === '') { quoted = true; i++; continue; }
    expect(c, `a bare quote inside an unquoted cell at ${i}`).not.toBe('"');
    if (c === ',') { row.push(cell); cell = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { i++; continue; }
    if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; continue; }
    cell += c; i++;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

let dir: string;
beforeAll(async () => {
  const doc = {
    name: 'hostile', seed: 1,
    hardware: [{ id: 'h100-sxm', label: '=cmd|\' /C calc\'!A0 <b>hw</b>' }],
    model: 'llama2-7b', batch: [1],
    workload: { kind: 'closed', requests: 2, promptTokens: 16, outputTokens: 4 },
    methods: [{ kind: 'autoregressive' }, ...HOSTILE.map((label, i) => ({ kind: 'draft', label, draft: 'llama-68m', gamma: 1 + (i % 3), acceptance: { kind: 'iid', alpha: 0.6 } }))],
  };
  const report = runScenario(parseScenario(doc));
  dir = join(mkdtempSync(join(tmpdir(), 'specsim-hostile-')), 'out');
  await writeReport(report, dir);
});

describe('labels are inert in every output format', () => {
  it('csvCell: RFC 4180 quoting and formula neutralisation; numbers stay numbers', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('-x\ny')).toBe('"\'-x\ny"');
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(null)).toBe('');
  });

  it('results.csv parses as RFC 4180, every row as wide as the header, no cell a formula, labels intact after the guard', () => {
    const rows = parseCsv(readFileSync(join(dir, 'results.csv'), 'utf8'));
    const [header, ...body] = rows;
    expect(body.length).toBe(HOSTILE.length + 1);
    for (const r of body) expect(r.length).toBe(header!.length);
    const method = header!.indexOf('method');
    const hw = header!.indexOf('hardware');
    for (const r of body) {
      for (const [j, c] of r.entries()) if (typeof c === 'string' && j !== header!.indexOf('speedup')) expect(c, `cell ${header![j]}`).not.toMatch(/^[=+@\t\r]/);
      expect(r[hw]).toBe("'=cmd|' /C calc'!A0 <b>hw</b>");
    }
    const labels = body.map((r) => r[method]!.replace(/^'(?=[=+\-@\t\r])/, ''));
    expect(labels).toEqual(['autoregressive', ...HOSTILE]);
  });

  it('summary.md: every table row has as many cells as its header; no raw HTML, link or control character', () => {
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    let width = 0;
    for (const line of md.split('\n')) {
      if (!line.startsWith('|')) { width = 0; continue; }
      if (width === 0) width = cells(line);
      expect(cells(line), line).toBe(width);
    }
    expect(md).not.toMatch(/<script|<img|<svg|<b>|<\/title/i);
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
    // eslint-disable-next-line no-control-regex
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(mdText('a|b')).toBe('a\\|b');
    expect(mdText('<i>')).toBe('&lt;i&gt;');
  });

  it('charts: the SVGs and Vega-Lite specs carry labels as text, never as markup', () => {
    const charts = readdirSync(join(dir, 'charts'));
    expect(charts.some((c) => c.endsWith('.svg'))).toBe(true);
    for (const c of charts.filter((n) => n.endsWith('.svg'))) {
      const svg = readFileSync(join(dir, 'charts', c), 'utf8');
      expect(svg.match(/<svg/g)?.length, c).toBe(1);
      expect(svg, c).not.toMatch(/<script|<img|<b>|<\/title|<foreignObject/i);
      // eslint-disable-next-line no-control-regex
      expect(svg, `${c}: a character XML forbids`).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    }
  });

  it('terminal: oneLine escapes C0, C1 (one-byte CSI) and bidi overrides', () => {
    expect(oneLine('\u001b[31mx\u009b2J\u202eabc')).toBe('\\u001b[31mx\\u009b2J\\u202eabc');
  });
});

const browserReady = existsSync(CHROMIUM);
describe.skipIf(!browserReady && !process.env.CI)('index.html with hostile labels in Chromium', () => {
  let browser: Browser | undefined;
  beforeAll(async () => { browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] }); });
  afterAll(async () => { await browser?.close(); });

  it('no injected script runs, no dialog opens, the labels show as text', async () => {
    const page = await browser!.newPage();
    const events: string[] = [];
    page.on('dialog', (d) => { events.push(`dialog ${d.message()}`); void d.dismiss(); });
    page.on('request', (r) => { if (!r.url().startsWith('file:')) events.push(`network ${r.url()}`); });
    page.on('pageerror', (e) => events.push(`pageerror ${e.message}`));
    await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(1); // only the page's own toggle script
    expect(await page.locator('img, iframe, object, embed').count()).toBe(0);
    expect(await page.locator('svg[onload], [onerror]').count()).toBe(0);
    const text = await page.locator('#tables').innerText();
    expect(text).toContain('<script>window.__pwned = 1</script>');
    expect(text).toContain('<img src=x onerror="window.__pwned = 2">');
    expect(events).toEqual([]);
    await page.close();
  });

  it('every chart SVG opened on its own parses as XML and runs nothing', async () => {
    const page = await browser!.newPage();
    for (const c of readdirSync(join(dir, 'charts')).filter((n) => n.endsWith('.svg'))) {
      await page.goto(pathToFileURL(join(dir, 'charts', c)).href, { waitUntil: 'load' });
      const r = await page.evaluate(() => ({
        root: document.documentElement.nodeName,
        parseError: document.getElementsByTagName('parsererror').length,
        active: document.querySelectorAll('script, foreignObject, [onload], [onerror]').length,
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      }));
      expect(r, c).toEqual({ root: 'svg', parseError: 0, active: 0, pwned: undefined });
    }
    await page.close();
  });
});

describe('terminal output of cost and list (built CLI)', () => {
  it('a profile name with escape codes is printed escaped by cost; a scenario file name by list', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'specsim-term-'));
    const profile = JSON.parse(readFileSync('data/hardware/h100-sxm.json', 'utf8')) as Record<string, unknown>;
    writeFileSync(join(tmp, 'hw.json'), JSON.stringify({ ...profile, id: 'evil\u001b]0;pwned\u0007', name: '\u001b[2J\u001b[31mEVIL\u009b0m' }));
    const cost = await exec(process.execPath, [BIN, 'cost', '--hardware', join(tmp, 'hw.json'), '--model', 'llama2-7b'], { cwd: tmp });
    // eslint-disable-next-line no-control-regex
    expect(cost.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(cost.stdout).toContain('\\u001b[2J\\u001b[31mEVIL\\u009b0m');
    mkdirSync(join(tmp, 'scenarios'));
    writeFileSync(join(tmp, 'scenarios', 'x\u001b[31my.json'), '{}');
    const list = await exec(process.execPath, [BIN, 'list', 'scenarios'], { cwd: tmp });
    // eslint-disable-next-line no-control-regex
    expect(list.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(list.stdout).toContain('x\\u001b[31my');
  });

  it('diff of hand-edited reports prints their names and labels escaped', async () => {
    const doc = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { scenario: { name: string } };
    const b = join(mkdtempSync(join(tmpdir(), 'specsim-diff-')), 'b.json');
    writeFileSync(b, JSON.stringify({ ...doc, scenario: { ...doc.scenario, name: '\u001b[2Jevil\u009b' } }));
    const r = await exec(process.execPath, [BIN, 'diff', dir, b]).then((x) => ({ code: 0, stdout: x.stdout }), (e: { code: number; stdout: string }) => e);
    expect(r.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout).toContain('\\u001b[2Jevil');
  });

  it('an unknown option or command holding escape codes is echoed escaped, on one line', async () => {
    for (const args of [['run', '--\u001b[2Jx'], ['\u001b]0;title\u0007']]) {
      const r = await exec(process.execPath, [BIN, ...args]).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
      expect(r.code).toBe(2);
      // eslint-disable-next-line no-control-regex
      expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
