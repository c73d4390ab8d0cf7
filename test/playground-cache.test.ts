/**
 * The playground's two caches give what the uncached path gives: points read
 * back from the page's cache make the report `runScenario` makes (every
 * number), and only the points whose settings changed are simulated again;
 * a chart whose View is reused with new data is the SVG `renderSvg` draws
 * for the whole spec, byte for byte.
 */
import { beforeAll, expect, test } from 'vitest';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import { PointCache, runCached } from '../src/playground/cached-run.js';
import { ChartViews } from '../src/playground/chart-views.js';
import { loadVega, renderSvg } from '../src/report/render-svg.js';
import { tpotChart } from '../src/charts/tpot.js';
import { speedupChart } from '../src/charts/speedup.js';
import { frontierChart } from '../src/charts/frontier.js';
import { timelineChart } from '../src/charts/timeline.js';
import type { Report } from '../src/report/types.js';

const doc = (alpha: number, gamma = 4) => ({
  name: 'cache', seed: 3, hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1, 4, 16],
  workload: { kind: 'closed', requests: 24, promptTokens: 128, outputTokens: 32 },
  methods: [
    { kind: 'draft', draft: 'llama-68m', gamma, acceptance: { kind: 'iid', alpha } },
    { kind: 'eagle', tree: { kind: 'dynamic', depth: 3, topK: 2, nodes: 6 }, acceptance: { kind: 'topk', perDepth: [[0.7, 0.8]] } },
  ],
});
const never = async (): Promise<boolean> => false;

beforeAll(async () => { await loadVega(); });

test('cached points give runScenario\'s report, and a changed method is all that is simulated again', async () => {
  const cache = new PointCache();
  const first = await runCached(parseScenario(doc(0.7), 's'), cache, '{}', {}, never);
  expect(first).toEqual(runScenario(parseScenario(doc(0.7), 's')));
  // 3 batches × (baseline + 2 methods) simulated once.
  expect([cache.misses, cache.hits]).toEqual([9, 0]);
  const second = await runCached(parseScenario(doc(0.55), 's'), cache, '{}', {}, never);
  expect(second).toEqual(runScenario(parseScenario(doc(0.55), 's')));
  expect(second).not.toEqual(first);
  // Only the draft's three points are new; the baseline and EAGLE are read back.
  expect([cache.misses, cache.hits]).toEqual([12, 6]);
  // The user's files are part of the key: the same scenario with other files is simulated again.
  await runCached(parseScenario(doc(0.55), 's'), cache, '{"x.json":"{}"}', {}, never);
  expect(cache.misses).toBe(21);
});

test('a newer request stops a run between points', async () => {
  const cache = new PointCache();
  let calls = 0;
  const r = await runCached(parseScenario(doc(0.7), 's'), cache, '{}', {}, async () => ++calls >= 2);
  expect(r).toBeUndefined();
  expect(cache.misses).toBe(2);
});

test('a reused chart View draws the same SVG as rendering the whole spec', () => {
  const views = new ChartViews();
  const builders = { tpot: tpotChart, speedup: speedupChart, frontier: frontierChart, timeline: timelineChart } as const;
  for (const [alpha, gamma] of [[0.7, 4], [0.5, 4], [0.62, 6]] as const) {
    const report: Report = runScenario(parseScenario(doc(alpha, gamma), 's'));
    for (const [name, build] of Object.entries(builders)) {
      const spec = build(report)!;
      expect(views.render(name, spec), `${name} at α ${alpha}`).toBe(renderSvg(spec));
    }
  }
  // After the first report, data changes alone reuse the compiled Views.
  expect(views.reused).toBeGreaterThanOrEqual(4);
  expect(views.compiled + views.reused).toBe(12);
});
