/**
 * The CLI's prebuilt vega bundle (scripts/build-vega.mjs, src/report/vega-bundle.ts):
 * it draws the same SVG bytes as the vega and vega-lite packages (also when
 * its expressions were parsed before, by other charts), and the
 * build's code cache is one V8 accepts under the CLI's flags (else every
 * run would silently compile the bundle from source).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/types.js';
import { buildCharts } from '../src/charts/index.js';
import type { VegaLib } from '../src/report/render-svg.js';

const BUILT = resolve('dist/src/report/vega-bundle.js');
const report = JSON.parse(readFileSync(new URL('./fixtures/report-small.json', import.meta.url), 'utf8')) as Report;

beforeAll(() => {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` (npm test builds first)`);
});

/** vega's public path to an SVG (`view.toSVG()`), with the given libraries. */
async function svg(l: VegaLib, spec: ReturnType<typeof buildCharts>[number]['spec']): Promise<string> {
  l.vega.resetSVGDefIds();
  const view = new l.vega.View(l.vega.parse(l.compile(spec).spec), { renderer: 'none', logLevel: l.vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

describe('vega bundle', () => {
  it('renders every chart of a report to the same SVG as the packages', async () => {
    const { loadVegaBundle } = (await import(pathToFileURL(BUILT).href)) as typeof import('../src/report/vega-bundle.js');
    const bundle = loadVegaBundle({ cache: false });
    expect(bundle).toBeDefined();
    const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
    const packages: VegaLib = { vega, compile: vl.compile };
    const charts = buildCharts(report);
    expect(charts.length).toBeGreaterThan(5);
    for (const c of charts) expect(await svg(bundle!.lib, c.spec), c.name).toBe(await svg(packages, c.spec));
    // Again in reverse order: the bundle keeps parsed expressions (scripts/build-vega.mjs), so now every one is reused.
    for (const c of [...charts].reverse()) expect(await svg(bundle!.lib, c.spec), `${c.name} again`).toBe(await svg(packages, c.spec));
  });

  it('its code cache is accepted under the CLI\'s V8 flags, and refused under others', () => {
    const script = (flags: boolean): string => `
      const { setCliV8Flags } = await import(${JSON.stringify(pathToFileURL(resolve('dist/src/v8-flags.js')).href)});
      ${flags ? 'setCliV8Flags();' : ''}
      const { loadVegaBundle } = await import(${JSON.stringify(pathToFileURL(BUILT).href)});
      process.stdout.write(JSON.stringify({ rejected: loadVegaBundle().cacheRejected }));`;
    const run = (flags: boolean): { rejected: boolean } => {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script(flags)], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { rejected: boolean };
    };
    expect(run(true).rejected).toBe(false);
    expect(run(false).rejected).toBe(true); // so the check above can fail
  });
});
