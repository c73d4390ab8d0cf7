/**
 * The playground's Web Worker (bundled by scripts/build-playground.mjs): the
 * same path as `specsim run` (validate, check, simulate, chart), so the page's
 * numbers are the CLI's. The page posts a scenario document and its files;
 * the worker answers with the report's results at once, then each chart as
 * SVG, then `done` (or the CLI's one-line error).
 *
 * Fast enough to follow a slider: points are kept between runs
 * (cached-run.ts: only the methods whose settings changed are simulated),
 * charts keep their compiled views (chart-views.ts), and a newer request
 * stops the current run between points and between charts.
 */
import { UserError } from '../errors.js';
import { checkScenarioBudget, checkScenarioSense, parseScenario } from '../scenario/load.js';
import { tpotChart } from '../charts/tpot.js';
import { speedupChart } from '../charts/speedup.js';
import { frontierChart } from '../charts/frontier.js';
import { timelineChart } from '../charts/timeline.js';
import { loadVega, prefixSvgIds } from '../report/render-svg.js';
import { readFileSync, setUserFiles } from './browser/fs.js';
import { PointCache, runCached } from './cached-run.js';
import { ChartViews } from './chart-views.js';
import { catalog } from './catalog.js';
import { PLAYGROUND_CHARTS, type Reply, type RunRequest } from './protocol.js';
import type { Report } from '../report/types.js';
import type { ResultCore } from '../report/metrics-types.js';
import type { TopLevelSpec } from 'vega-lite';

// Errors name the scenario as a file would be named, so a line reads exactly as `specsim run scenario.json` prints it.
const WHERE = 'scenario.json';

const BUILDERS: Record<(typeof PLAYGROUND_CHARTS)[number]['name'], (r: Report) => TopLevelSpec | null> = {
  'tpot-vs-batch': tpotChart,
  'speedup-vs-batch': speedupChart,
  'frontier': frontierChart,
  'timeline': timelineChart,
};

/** Subtitle lines of at most this many characters: a one-line subtitle would widen the chart past the page's column. */
const SUBTITLE_CHARS = 90;

/** The builder's spec with its subtitle broken into lines at word boundaries (nothing else changes). */
export function wrapSubtitle(spec: TopLevelSpec): TopLevelSpec {
  const title = (spec as { title?: unknown }).title;
  if (title === null || typeof title !== 'object' || typeof (title as { subtitle?: unknown }).subtitle !== 'string') return spec;
  const lines: string[] = [];
  for (const word of ((title as { subtitle: string }).subtitle).split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= SUBTITLE_CHARS) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return { ...spec, title: { ...(title as object), subtitle: lines } } as TopLevelSpec;
}

interface WorkerScope { postMessage(m: Reply): void; onmessage: ((e: { data: RunRequest }) => void) | null }
declare const self: WorkerScope;

const points = new PointCache();
const views = new ChartViews();
let latest: RunRequest | undefined;
let running = false;

// A zero-delay yield (setTimeout is clamped to 4 ms when nested): lets a newer request's message in.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
(channel.port1 as unknown as { onmessage: () => void }).onmessage = () => waiting.shift()?.();
const yieldNow = (): Promise<void> => new Promise((r) => { waiting.push(r); channel.port2.postMessage(0); });

/** One request, start to finish, unless a newer one arrives (then it stops quietly). */
async function serve(req: RunRequest): Promise<void> {
  const { id } = req;
  const stale = async (): Promise<boolean> => { await yieldNow(); return latest !== req; };
  const t0 = performance.now();
  const [hits0, misses0] = [points.hits, points.misses];
  let report: Report | undefined;
  try {
    setUserFiles(req.files);
    const scenario = parseScenario(req.scenario, WHERE);
    checkScenarioBudget(scenario, '/', WHERE);
    checkScenarioSense(scenario, '/', WHERE);
    report = await runCached(scenario, points, JSON.stringify(req.files), { where: WHERE, baseDir: '/' }, stale);
    if (!report) return;
    const empty = report.results.find((r) => r.metrics.requests > 0 && r.metrics.outputTokens <= r.metrics.requests);
    if (empty) throw new UserError(`every sampled request of ${empty.hardware} · ${empty.method} · batch ${empty.batch} has 1 output token, so there is no time per output token to report; use output lengths of 2 tokens or more (a smaller lognormal sigma)`, `${WHERE} at $.workload.outputTokens`);
  } catch (err) {
    if (err instanceof UserError) self.postMessage({ id, type: 'error', line: err.line(), where: err.where ?? null });
    else self.postMessage({ id, type: 'error', line: `specsim: internal error: ${String((err as Error)?.message ?? err)}`, where: null });
    return;
  }
  const specs = PLAYGROUND_CHARTS.map((c) => { const spec = BUILDERS[c.name](report!); return { name: c.name, spec: spec && wrapSubtitle(spec) }; });
  // Timelines and histograms are the bulk of a report and the page's table shows neither.
  const results: ResultCore[] = report.results.map(({ detail: _d, ...r }) => r);
  self.postMessage({ id, type: 'result', results, charts: specs.filter((s) => s.spec).map((s) => s.name), ms: performance.now() - t0 });
  for (const { name, spec } of specs) {
    if (!spec) { views.drop(name); continue; }
    if (await stale()) return;
    self.postMessage({ id, type: 'chart', name, svg: prefixSvgIds(views.render(name, spec), name) });
  }
  self.postMessage({ id, type: 'done', ms: performance.now() - t0, simulated: points.misses - misses0, reused: points.hits - hits0 });
}

/** Serve the newest request; requests that arrive meanwhile replace each other (only the last matters). */
async function pump(): Promise<void> {
  if (running) return;
  running = true;
  try {
    while (latest) {
      const req = latest;
      await serve(req);
      if (latest === req) latest = undefined;
    }
  } finally {
    running = false;
  }
}

async function main(): Promise<void> {
  await loadVega();
  self.onmessage = (e) => { latest = e.data; void pump(); };
  self.postMessage({ type: 'ready', catalog: catalog((hwId) => readFileSync(`/data/hardware/${hwId}.json`)) });
}

void main();
