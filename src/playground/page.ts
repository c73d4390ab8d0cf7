/**
 * The playground page's script (bundled by scripts/build-playground.mjs; DOM
 * types, checked by tsconfig.page.json). The page state IS a scenario
 * document: every control edits one path of it, the URL hash carries it,
 * "Download scenario" saves it for `specsim run`. Each change posts it to the
 * simulator worker; a reply either replaces the charts and table, or puts the
 * CLI's one-line error next to the control it names and keeps the last good
 * results.
 */
import type { PlaygroundCatalog, Reply, RunRequest } from './protocol.js';
import type { Result } from '../report/types.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Doc = { [k: string]: Json };

const $ = <T extends HTMLElement>(sel: string): T => document.querySelector(sel) as T;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
};

/** Numbers rounded for reading, as the CLI's report pages show them (report/html.ts `fmt`). */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 10 ** digits) return Math.round(x).toLocaleString('en-US');
  return Number(x.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

// ---- the scenario document, by path ("methods.1.acceptance.alpha") ----

function getAt(doc: Json, path: string): Json | undefined {
  let v: Json | undefined = doc;
  for (const k of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, Json>)[k] : undefined;
  return v;
}

function setAt(doc: Doc, path: string, value: Json): void {
  const keys = path.split('.');
  let o = doc as Record<string, Json>;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, Json>;
  o[keys[keys.length - 1]!] = value;
}

/** A typed number: the number, or the text as typed (so the simulator's schema names what is wrong, as the CLI would). */
const numberOrText = (s: string): Json => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

/** "1, 2, 4" → [1, 2, 4]; entries that are not numbers stay text for the schema to refuse. */
const listOf = (s: string): Json[] => s.split(',').map((x) => x.trim()).filter((x) => x !== '').map(numberOrText);

/** `scenario.json at $.methods[1].acceptance.alpha` → `methods.1.acceptance.alpha`. */
export function pathOfWhere(where: string): string | undefined {
  const m = /at \$\.?(.*)$/.exec(where);
  return m ? m[1]!.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '') : undefined;
}

// ---- state ----

let scenario: Doc;
let catalog: PlaygroundCatalog;

function readHash(): Doc | undefined {
  const m = /^#s=(.+)$/.exec(location.hash);
  if (!m) return undefined;
  try {
    const d = JSON.parse(decodeURIComponent(m[1]!)) as Json;
    return d !== null && typeof d === 'object' && !Array.isArray(d) ? d : undefined;
  } catch { return undefined; }
}

function writeHash(): void {
  history.replaceState(null, '', `#s=${encodeURIComponent(JSON.stringify(scenario))}`);
}

// ---- controls ----

let uid = 0;

/** A labelled field bound to `path`; `read` turns the control's text into the document's value. */
function field(parent: HTMLElement, label: string, path: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, read: (s: string) => Json, extra?: HTMLElement, owner?: string): void {
  const wrap = el('div', { class: 'field' });
  const id = `c${++uid}`;
  control.id = id;
  control.dataset['path'] = path;
  const lab = el('label', { for: id });
  // Within a method's card the visible label is short; screen readers hear whose setting it is ("draft: γ ...").
  if (owner !== undefined) lab.append(el('span', { class: 'sr-only' }, `${owner}: `));
  lab.append(label);
  const err = el('p', { class: 'error', 'data-error-for': path, id: `${id}-err`, role: 'alert' });
  control.setAttribute('aria-describedby', err.id);
  wrap.append(lab);
  if (extra) { const pair = el('div', { class: 'pair' }); pair.append(extra, control); wrap.append(pair); } else wrap.append(control);
  wrap.append(err);
  parent.append(wrap);
  control.addEventListener('change', () => { setAt(scenario, path, read(control.value)); changed(); });
}

function select(options: { id: string; name: string }[], value: string): HTMLSelectElement {
  const s = el('select');
  const ids = options.map((o) => o.id);
  for (const o of ids.includes(value) ? options : [{ id: value, name: value }, ...options]) {
    const opt = el('option', { value: o.id }, o.name === o.id ? o.id : `${o.id} (${o.name})`);
    s.append(opt);
  }
  s.value = value;
  return s;
}

function numberInput(value: Json | undefined, step = 'any'): HTMLInputElement {
  const i = el('input', { type: 'number', step, inputmode: 'decimal' });
  i.value = value === undefined ? '' : String(value);
  return i;
}

/** A number with a slider beside it: the slider spans the sensible range, the box takes anything (and the simulator judges it). */
function sliderField(parent: HTMLElement, label: string, path: string, min: number, max: number, step: number, owner?: string): void {
  const v = getAt(scenario, path);
  const box = numberInput(v);
  const slider = el('input', { type: 'range', min: String(min), max: String(max), step: String(step), 'aria-label': `${owner !== undefined ? `${owner}: ` : ''}${label} (slider)`, 'data-slider-for': path });
  slider.value = String(v);
  slider.addEventListener('input', () => { box.value = slider.value; });
  slider.addEventListener('change', () => { box.value = slider.value; box.dispatchEvent(new Event('change')); });
  field(parent, label, path, box, numberOrText, slider, owner);
}

function methodCard(parent: HTMLElement, m: Doc, i: number): void {
  const fs = el('fieldset', { 'data-method-index': String(i) });
  const name = typeof m['label'] === 'string' ? m['label'] : String(m['kind']);
  fs.append(el('legend', {}, name));
  const p = `methods.${i}`;
  if (typeof m['draft'] === 'string') field(fs, 'Draft model', `${p}.draft`, select(catalog.models, m['draft']), String, undefined, name);
  if (typeof m['gamma'] === 'number') sliderField(fs, 'γ (tokens drafted per step)', `${p}.gamma`, 1, 12, 1, name);
  if (typeof m['heads'] === 'number') sliderField(fs, 'Medusa heads', `${p}.heads`, 1, 5, 1, name);
  if (m['kind'] === 'medusa' && typeof m['tree'] === 'string') field(fs, 'Tree', `${p}.tree`, select(catalog.medusaTrees.map((t) => ({ id: t, name: t })), m['tree']), String, undefined, name);
  const tree = m['tree'];
  if (tree !== null && typeof tree === 'object' && !Array.isArray(tree) && tree['kind'] === 'dynamic') {
    sliderField(fs, 'Tree depth', `${p}.tree.depth`, 1, 10, 1, name);
    sliderField(fs, 'Tree top-k', `${p}.tree.topK`, 1, 10, 1, name);
    sliderField(fs, 'Tree nodes', `${p}.tree.nodes`, 1, 128, 1, name);
  }
  const acc = m['acceptance'];
  if (acc !== null && typeof acc === 'object' && !Array.isArray(acc) && typeof acc['alpha'] === 'number') sliderField(fs, 'Acceptance α (per drafted token)', `${p}.acceptance.alpha`, 0, 1, 0.01, name);
  // Every setting of any method kind (future ones included), as the scenario file holds it.
  const details = el('details');
  details.append(el('summary', {}, 'All settings (JSON)'));
  const ta = el('textarea', { spellcheck: 'false' });
  ta.value = JSON.stringify(m, null, 1);
  field(details, `Method ${i + 1} as in the scenario file`, p, ta, (s) => { try { return JSON.parse(s) as Json; } catch { return s; } });
  fs.append(details);
  const remove = el('button', { type: 'button' }, `Remove ${name}`);
  remove.addEventListener('click', () => { (scenario['methods'] as Json[]).splice(i, 1); renderControls(); changed(); });
  fs.append(remove);
  parent.append(fs);
}

function renderControls(): void {
  const form = $<HTMLFormElement>('#controls');
  form.replaceChildren();
  uid = 0;
  const setup = el('fieldset');
  setup.append(el('legend', {}, 'Set-up'));
  const hw = Array.isArray(scenario['hardware']) ? scenario['hardware'] : [];
  field(setup, 'Hardware', 'hardware.0', select(catalog.hardware, typeof hw[0] === 'string' ? hw[0] : 'h100-sxm'), String);
  field(setup, 'Model', 'model', select(catalog.models, String(scenario['model'])), String);
  field(setup, 'Serving engine', 'engine', select(catalog.engines, typeof scenario['engine'] === 'string' ? scenario['engine'] : 'none'), String);
  const batch = el('input', { type: 'text', inputmode: 'numeric' });
  batch.value = (Array.isArray(scenario['batch']) ? scenario['batch'] : []).join(', ');
  field(setup, 'Batch sizes (comma-separated)', 'batch', batch, listOf);
  form.append(setup);

  const wl = el('fieldset');
  wl.append(el('legend', {}, 'Workload'));
  const w = scenario['workload'];
  if (w !== null && typeof w === 'object' && !Array.isArray(w) && w['kind'] === 'closed') {
    for (const [key, label] of [['promptTokens', 'Prompt tokens'], ['outputTokens', 'Output tokens'], ['requests', 'Requests per point']] as const) {
      if (typeof w[key] === 'number') field(wl, label, `workload.${key}`, numberInput(w[key], '1'), numberOrText);
    }
  }
  field(wl, 'Seed', 'seed', numberInput(scenario['seed'], '1'), numberOrText);
  form.append(wl);

  const methods = el('div', { id: 'methods' });
  methods.append(el('h2', {}, 'Methods'));
  (Array.isArray(scenario['methods']) ? scenario['methods'] : []).forEach((m, i) => {
    if (m !== null && typeof m === 'object' && !Array.isArray(m)) methodCard(methods, m, i);
  });
  const add = el('div', { class: 'row' });
  const kind = select(catalog.methods.map((m) => ({ id: m.id, name: m.description })), catalog.methods[0]?.id ?? 'autoregressive');
  kind.id = 'add-kind';
  add.append(el('label', { for: 'add-kind' }, 'Add a method'), kind);
  const addBtn = el('button', { type: 'button' }, 'Add');
  addBtn.addEventListener('click', () => {
    const methodsList = scenario['methods'] as Json[];
    const label = methodsList.some((x) => (x as Doc)['kind'] === kind.value) ? `${kind.value}-${methodsList.length + 1}` : undefined;
    // The kind's compare default for this model; a kind without one starts bare and the message says what it needs.
    const start = (catalog.methodDefaults[String(scenario['model'])]?.[kind.value] ?? { kind: kind.value }) as Doc;
    methodsList.push({ ...start, ...(label ? { label } : {}) });
    renderControls();
    changed();
  });
  add.append(addBtn);
  methods.append(add);
  form.append(methods);

  const files = el('div', { class: 'row' });
  const dl = el('button', { type: 'button', id: 'download' }, 'Download scenario');
  dl.addEventListener('click', download);
  files.append(dl);
  form.append(files);
}

function download(): void {
  const blob = new Blob([`${JSON.stringify(scenario, null, 2)}\n`], { type: 'application/json' });
  const a = el('a', { href: URL.createObjectURL(blob), download: `${String(scenario['name'] ?? 'scenario')}.json` });
  document.body.append(a);
  a.click();
  a.remove();
}

// ---- the worker ----

let worker: Worker;
let busy = false;
let sent = 0;
let pending = false;
let lastGood: Result[] | undefined;
const workerUrl = URL.createObjectURL(new Blob([$('#worker-source').textContent ?? ''], { type: 'text/javascript' }));

function startWorker(): void {
  worker = new Worker(workerUrl);
  worker.onmessage = (e: MessageEvent<Reply>) => onReply(e.data);
  worker.onerror = (e) => { status(`specsim: internal error in the simulator: ${e.message}`); busy = false; };
}

function changed(): void {
  writeHash();
  if (busy) {
    // A run in progress is for settings already gone: stop it rather than wait.
    worker.terminate();
    busy = false;
    pending = true;
    startWorker();
    return;
  }
  post();
}

function post(): void {
  busy = true;
  const msg: RunRequest = { id: ++sent, scenario };
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
  for (const e of document.querySelectorAll<HTMLElement>('.error')) e.textContent = '';
  for (const c of document.querySelectorAll<HTMLElement>('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

/** Put the CLI's line next to the control whose path is the longest prefix of the error's path. */
function showError(line: string, where: string | null): void {
  const path = where ? pathOfWhere(where) : undefined;
  let best: HTMLElement | undefined;
  if (path !== undefined) {
    for (const c of document.querySelectorAll<HTMLElement>('[data-path]')) {
      const p = c.dataset['path']!;
      if ((path === p || path.startsWith(`${p}.`)) && (!best || p.length > best.dataset['path']!.length) && c.offsetParent !== null) best = c;
    }
    // A control inside a closed <details> still counts when nothing visible matches.
    if (!best) for (const c of document.querySelectorAll<HTMLElement>('[data-path]')) if (path === c.dataset['path'] || path.startsWith(`${c.dataset['path']}.`)) best = c;
  }
  const slot = best ? document.getElementById(`${best.id}-err`) : $('#error-global');
  if (slot) slot.textContent = line;
  best?.setAttribute('aria-invalid', 'true');
}

function onReply(r: Reply): void {
  if (r.type === 'ready') {
    // A restarted worker (see changed) is ready again: the controls stay as they are.
    if (!catalog) { catalog = r.catalog; renderControls(); }
    pending = false;
    post();
    return;
  }
  if (r.id !== sent) return;
  busy = false;
  $('#results').setAttribute('aria-busy', 'false');
  clearErrors();
  if (r.type === 'error') {
    showError(r.line, r.where);
    status(lastGood ? 'Showing the last good results (see the message by the control).' : 'No results yet (see the message by the control).');
  } else {
    lastGood = r.report.results;
    showResults(r.report.results, r.charts);
    const runs = Number($('#results').dataset['runs']) + 1;
    $('#results').dataset['runs'] = String(runs);
    status(`${r.report.results.length} points simulated in ${Math.round(r.ms)} ms.`);
  }
  if (pending) { pending = false; post(); }
}

const COLUMNS: { head: string; cell: (r: Result) => string }[] = [
  { head: 'hardware', cell: (r) => r.hardware },
  { head: 'method', cell: (r) => r.method },
  { head: 'batch', cell: (r) => String(r.batch) },
  { head: 'ms/token', cell: (r) => fmt(r.metrics.tpotMs.mean) },
  { head: 'p99 ms/token', cell: (r) => fmt(r.metrics.tpotMs.p99) },
  { head: 'speedup', cell: (r) => fmt(r.metrics.speedup) },
  { head: 'throughput speedup', cell: (r) => fmt(r.metrics.throughputSpeedup) },
  { head: 'tokens/step', cell: (r) => fmt(r.metrics.acceptedPerStep) },
  { head: 'tokens/s', cell: (r) => fmt(r.metrics.tokensPerS) },
];

function showResults(results: Result[], charts: { name: string; svg: string }[]): void {
  const box = $('#charts');
  box.replaceChildren();
  for (const c of charts) {
    // The chart's own title is its caption; the label names it for screen readers.
    const fig = el('figure', { 'data-chart': c.name, 'aria-label': c.name === 'tpot-vs-batch' ? 'Time per output token vs. batch size' : 'Speedup over autoregressive vs. batch size' });
    // The SVG comes from vega's renderer in our own worker, which escapes every label.
    const holder = el('div');
    holder.innerHTML = c.svg;
    fig.append(holder);
    box.append(fig);
  }
  const head = el('tr');
  for (const c of COLUMNS) head.append(el('th', { scope: 'col' }, c.head));
  $('#table thead').replaceChildren(head);
  $('#table tbody').replaceChildren(...results.map((r) => {
    const tr = el('tr', { 'data-method': r.method, 'data-batch': String(r.batch), 'data-hardware': r.hardware });
    for (const c of COLUMNS) tr.append(el('td', {}, c.cell(r)));
    return tr;
  }));
}

// For tests and scripts: the scenario and results the page shows.
(window as unknown as { playground: object }).playground = {
  scenario: () => JSON.parse(JSON.stringify(scenario)) as Doc,
  results: () => lastGood,
};

scenario = readHash() ?? (JSON.parse($('#default-scenario').textContent ?? '{}') as Doc);
window.addEventListener('hashchange', () => {
  const d = readHash();
  if (d && JSON.stringify(d) !== JSON.stringify(scenario)) { scenario = d; if (catalog) renderControls(); changed(); }
});
startWorker();
