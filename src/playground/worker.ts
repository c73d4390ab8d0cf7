/**
 * The playground's Web Worker (bundled by scripts/build-playground.mjs): the
 * same path as `specsim run` (validate, check, simulate, chart), so the page's
 * numbers are the CLI's. The page posts a scenario document; the worker posts
 * back the report's results, the charts as SVG, or the CLI's one-line error.
 */
import { UserError } from '../errors.js';
import { checkScenarioBudget, checkScenarioSense, parseScenario } from '../scenario/load.js';
import { runScenario } from '../scenario/run.js';
import { tpotChart } from '../charts/tpot.js';
import { speedupChart } from '../charts/speedup.js';
import { loadVega, prefixSvgIds, renderSvg } from '../report/render-svg.js';
import { catalog } from './catalog.js';
import type { Reply, RunRequest } from './protocol.js';
import type { Report } from '../report/types.js';

// Errors name the scenario as a file would be named, so a line reads exactly as `specsim run scenario.json` prints it.
const WHERE = 'scenario.json';

/** One scenario → the report and its charts, exactly as `specsim run` checks and simulates it. */
export function simulate(doc: unknown): { report: Report; charts: { name: string; svg: string }[] } {
  const scenario = parseScenario(doc, WHERE);
  checkScenarioBudget(scenario, '/', WHERE);
  checkScenarioSense(scenario, '/', WHERE);
  const report = runScenario(scenario, { where: WHERE, baseDir: '/' });
  const empty = report.results.find((r) => r.metrics.requests > 0 && r.metrics.outputTokens <= r.metrics.requests);
  if (empty) throw new UserError(`every sampled request of ${empty.hardware} · ${empty.method} · batch ${empty.batch} has 1 output token, so there is no time per output token to report; use output lengths of 2 tokens or more (a smaller lognormal sigma)`, `${WHERE} at $.workload.outputTokens`);
  const charts: { name: string; svg: string }[] = [];
  for (const [name, build] of [['tpot-vs-batch', tpotChart], ['speedup-vs-batch', speedupChart]] as const) {
    const spec = build(report);
    if (spec) charts.push({ name, svg: prefixSvgIds(renderSvg(spec), name) });
  }
  return { report, charts };
}

interface WorkerScope { postMessage(m: Reply): void; onmessage: ((e: { data: RunRequest }) => void) | null }
declare const self: WorkerScope;

async function main(): Promise<void> {
  await loadVega();
  self.onmessage = (e) => {
    const { id, scenario } = e.data;
    const t0 = performance.now();
    try {
      const { report, charts } = simulate(scenario);
      // Timelines and histograms are the bulk of a report and the page shows neither.
      const slim = { ...report, results: report.results.map(({ detail: _d, ...r }) => r) } as Report;
      self.postMessage({ id, type: 'result', report: slim, charts, ms: performance.now() - t0 });
    } catch (err) {
      if (err instanceof UserError) self.postMessage({ id, type: 'error', line: err.line(), where: err.where ?? null });
      else self.postMessage({ id, type: 'error', line: `specsim: internal error: ${String((err as Error)?.message ?? err)}`, where: null });
    }
  };
  self.postMessage({ type: 'ready', catalog: catalog() });
}

void main();
