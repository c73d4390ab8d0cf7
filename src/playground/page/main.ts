/**
 * The playground page's script (bundled by scripts/build-playground.mjs; DOM
 * types, checked by tsconfig.page.json). The page state IS a scenario
 * document plus the files it names: every control edits one path of them,
 * the URL hash carries both, "Download scenario" saves them for `specsim
 * run`. Each change posts them to the simulator worker, which answers with
 * the results (table at once, then each chart), or with the CLI's one-line
 * error, shown next to the control its path names while the last good
 * results stay.
 */
import type { Reply, RunRequest } from '../protocol.js';
import type { ResultCore } from '../../report/metrics-types.js';
import { $, covers, isObject, pathOfWhere, type Doc, type Json } from './doc.js';
import { hooks, state, usedFiles } from './state.js';
import { resetIds } from './fields.js';
import { setupControls } from './setup.js';
import { methodControls } from './methods.js';
import { fileControls, loadFiles } from './files.js';
import { expectCharts, showChart, showTable } from './results.js';

// ---- the address: #s=<scenario>[&f=<files>] ----

function readHash(): { scenario: Doc; files: Record<string, string> } | undefined {
  const params = new URLSearchParams(location.hash.slice(1));
  const parse = (s: string | null): Json | undefined => { try { return s === null ? undefined : JSON.parse(s) as Json; } catch { return undefined; } };
  const scenario = parse(params.get('s'));
  if (!isObject(scenario ?? null)) return undefined;
  const f = parse(params.get('f'));
  const files = isObject(f ?? null) ? Object.fromEntries(Object.entries(f as Doc).filter(([, v]) => typeof v === 'string')) as Record<string, string> : {};
  return { scenario: scenario as Doc, files };
}

const hashOf = (): string => {
  const files = usedFiles();
  const p = new URLSearchParams({ s: JSON.stringify(state.scenario) });
  if (Object.keys(files).length > 0) p.set('f', JSON.stringify(files));
  return `#${p.toString()}`;
};

// Browsers throttle history updates made on every slider step; the address follows shortly after.
let hashTimer: number | undefined;
function writeHash(): void {
  window.clearTimeout(hashTimer);
  hashTimer = window.setTimeout(() => { const h = hashOf(); if (location.hash !== h) history.replaceState(null, '', h); }, 150);
}

// ---- controls ----

function render(): void {
  const form = $<HTMLFormElement>('#controls');
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset['path'] ?? document.activeElement.id : undefined;
  form.replaceChildren();
  resetIds();
  setupControls(form);
  methodControls(form);
  fileControls(form);
  // Keyboard users stay where they were after a rebuild.
  if (focused) (form.querySelector<HTMLElement>(`[data-path="${CSS.escape(focused)}"]`) ?? document.getElementById(focused))?.focus();
}

// ---- the worker ----

let worker: Worker;
let sent = 0;
let lastGood: ResultCore[] | undefined;
let shownErrorFor = 0;
let postedAt = 0;
let tableAt = 0;
/** Per finished update: ms from the change to the table, to the last chart, in the worker; points simulated and reused. */
const timings: { tableMs: number; chartsMs: number; workerMs: number; simulated: number; reused: number }[] = [];

function changed(): void {
  writeHash();
  const msg: RunRequest = { id: ++sent, scenario: state.scenario, files: usedFiles() };
  postedAt = performance.now();
  $('#results').setAttribute('aria-busy', 'true');
  status('Simulating…', true);
  worker.postMessage(msg);
}

function status(text: string, isBusy = false): void {
  const s = $('#status');
  s.textContent = text;
  s.classList.toggle('busy', isBusy);
}

function clearErrors(): void {
  for (const e of document.querySelectorAll<HTMLElement>('.error[data-error-for], #error-global')) e.textContent = '';
  for (const c of document.querySelectorAll<HTMLElement>('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

/** Put the CLI's line next to the control whose path is the longest prefix of the error's path (a visible one first). */
function showError(line: string, where: string | null): void {
  const path = where ? pathOfWhere(where, state.files) : undefined;
  let best: HTMLElement | undefined;
  if (path !== undefined) {
    const all = [...document.querySelectorAll<HTMLElement>('[data-path]')].filter((c) => covers(c.dataset['path']!, path));
    const longest = (cs: HTMLElement[]): HTMLElement | undefined => cs.sort((a, b) => b.dataset['path']!.length - a.dataset['path']!.length)[0];
    // A control inside a closed <details> still counts when nothing visible matches.
    best = longest(all.filter((c) => c.offsetParent !== null)) ?? longest(all);
  }
  const slot = best ? document.getElementById(`${best.id}-err`) : $('#error-global');
  if (slot) slot.textContent = line;
  best?.setAttribute('aria-invalid', 'true');
}

function runs(): number {
  return Number($('#results').dataset['runs']);
}

function onReply(r: Reply): void {
  if (r.type === 'ready') {
    if (!state.catalog) { state.catalog = r.catalog; render(); }
    changed();
    return;
  }
  if (r.id !== sent) return;
  const results = $('#results');
  if (r.type === 'error') {
    if (shownErrorFor === r.id) return;
    shownErrorFor = r.id;
    results.setAttribute('aria-busy', 'false');
    clearErrors();
    showError(r.line, r.where);
    status(lastGood ? 'Showing the last good results (see the message by the control).' : 'No results yet (see the message by the control).');
    results.dataset['errors'] = String(Number(results.dataset['errors']) + 1);
  } else if (r.type === 'result') {
    clearErrors();
    lastGood = r.results;
    showTable(r.results);
    expectCharts(r.charts);
    results.dataset['runs'] = String(runs() + 1);
    tableAt = performance.now() - postedAt;
    status(`${r.results.length} points simulated in ${Math.round(r.ms)} ms; drawing the charts…`, true);
  } else if (r.type === 'chart') {
    showChart(r.name, r.svg);
  } else {
    results.setAttribute('aria-busy', 'false');
    results.dataset['done'] = String(runs());
    const wall = performance.now() - postedAt;
    timings.push({ tableMs: tableAt, chartsMs: wall, workerMs: r.ms, simulated: r.simulated, reused: r.reused });
    status(`${lastGood?.length ?? 0} points and charts in ${Math.round(r.ms)} ms (${r.simulated} points simulated, ${r.reused} unchanged reused; ${Math.round(wall)} ms on screen).`);
  }
}

// For tests and scripts: the scenario and results the page shows, and a way to load files as the file picker does.
(window as unknown as { playground: object }).playground = {
  scenario: () => JSON.parse(JSON.stringify(state.scenario)) as Doc,
  files: () => ({ ...usedFiles() }),
  results: () => lastGood,
  timings: () => [...timings],
  load: (files: { name: string; text: string }[]) => loadFiles(files.map((f) => ({ name: f.name, text: () => Promise.resolve(f.text) }))),
};

hooks.changed = changed;
hooks.render = render;
const fromHash = readHash();
state.scenario = fromHash?.scenario ?? (JSON.parse($('#default-scenario').textContent ?? '{}') as Doc);
state.files = fromHash?.files ?? {};
window.addEventListener('hashchange', () => {
  const d = readHash();
  if (d && location.hash !== hashOf()) { state.scenario = d.scenario; state.files = { ...state.files, ...d.files }; if (state.catalog) render(); changed(); }
});
worker = new Worker(URL.createObjectURL(new Blob([$('#worker-source').textContent ?? ''], { type: 'text/javascript' })));
worker.onmessage = (e: MessageEvent<Reply>) => onReply(e.data);
worker.onerror = (e) => { status(`specsim: internal error in the simulator: ${e.message}`); };


