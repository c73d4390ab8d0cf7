/**
 * The set-up controls: hardware (a built-in profile, or a custom GPU profile
 * edited in the page as a file of its own), model (the catalog, or a pasted
 * Hugging Face config.json, also a file), engine, batch sizes, and the
 * workload (closed, Poisson or a trace). A custom file is what `specsim run`
 * reads beside the scenario: the page validates it with the CLI's schema and
 * shows the CLI's line next to the field it names.
 */
import { el, filePath, isObject, listOf, numberOrText, type Doc, type Json } from './doc.js';
import { field, jsonOrText, numberInput, select, sliderField, textInput } from './fields.js';
import { fileJson, hooks, isHardwareKind, state } from './state.js';

/** The fields of a GPU profile the page offers as boxes (the rest are in its JSON). */
const GPU_FIELDS: [string, string][] = [
  ['name', 'Name'],
  ['memoryBytes', 'Memory (bytes)'],
  ['memBwBytesPerS', 'Memory bandwidth (bytes/s)'],
  ['flopsPerS.bf16', 'Peak bf16 FLOP/s'],
  ['flopsPerS.fp8', 'Peak fp8 FLOP/s'],
  ['sms', 'Streaming multiprocessors'],
  ['clockMhz', 'Clock (MHz)'],
  ['reservedBytes', 'Memory reserved by the runtime (bytes)'],
  ['link.bwBytesPerS', 'GPU-to-GPU bandwidth (bytes/s)'],
  ['listPriceUsd', 'List price (USD)'],
  ['tdpW', 'Power (W, TDP)'],
];

const isProfile = (name: string): boolean => { const d = fileJson(name); return d !== undefined && isHardwareKind(d['kind']); };
const isConfig = (name: string): boolean => name.endsWith('.json') && !isProfile(name) && fileJson(name)?.['methods'] === undefined;

/** A name not yet taken among the page's files. */
function freeName(stem: string, ext: string): string {
  let name = `${stem}${ext}`;
  for (let i = 2; name in state.files; i++) name = `${stem}-${i}${ext}`;
  return name;
}

/** Hardware entry `i`: its profile (a built-in or a custom file), "Edit a copy" for a built-in GPU, "Remove" beside the first. */
function hardwareEntry(fs: HTMLElement, i: number, shownFiles: Set<string>): void {
  const cat = state.catalog!;
  const list = state.scenario['hardware'] as Json[];
  const entry = list[i];
  // An entry with its own settings ({ id, tp, ... }) keeps them: only its id changes.
  const path = isObject(entry ?? null) ? `hardware.${i}.id` : `hardware.${i}`;
  const current = String((isObject(entry ?? null) ? (entry as Doc)['id'] : entry) ?? 'h100-sxm');
  const custom = Object.keys(state.files).filter(isProfile).map((n) => ({ id: n, name: 'custom, edited in this page' }));
  field(fs, i === 0 ? 'Hardware' : `Hardware ${i + 1}`, path, select([...cat.hardware, ...custom], current), String, { rerender: true });
  const row = el('div', { class: 'row' });
  const text = cat.gpuProfiles[current];
  if (text !== undefined) {
    const copy = el('button', { type: 'button', 'data-edit-hardware': String(i) }, `Edit a copy of ${current}`);
    copy.addEventListener('click', () => {
      const name = freeName(`my-${current}`, '.json');
      const d = JSON.parse(text) as Doc;
      d['id'] = name.replace(/\.json$/, '');
      d['name'] = `${String(d['name'])} (edited)`;
      state.files[name] = `${JSON.stringify(d, null, 2)}\n`;
      if (isObject(entry ?? null)) (entry as Doc)['id'] = name; else list[i] = name;
      hooks.render();
      hooks.changed();
      document.querySelector<HTMLElement>(`[data-path="${filePath(name, 'memBwBytesPerS')}"]`)?.focus();
    });
    row.append(copy);
  }
  if (i > 0) {
    const rm = el('button', { type: 'button' }, `Remove hardware ${i + 1}`);
    rm.addEventListener('click', () => { list.splice(i, 1); hooks.render(); hooks.changed(); });
    row.append(rm);
  }
  if (row.childElementCount > 0) fs.append(row);
  if (current in state.files && !shownFiles.has(current)) { shownFiles.add(current); customHardware(fs, current); }
}

function hardwareControls(fs: HTMLElement): void {
  if (!Array.isArray(state.scenario['hardware']) || state.scenario['hardware'].length === 0) state.scenario['hardware'] = ['h100-sxm'];
  const list = state.scenario['hardware'] as Json[];
  const shown = new Set<string>();
  list.forEach((_e, i) => hardwareEntry(fs, i, shown));
  // Side by side: the charts get one panel per hardware entry.
  const used = new Set(list.map((e) => String(isObject(e) ? e['id'] : e)));
  // The current flagships first: they hold the catalog's models at the default batches.
  const order = ['h200-sxm', 'h100-sxm', 'b200', 'mi300x', 'a100-sxm'];
  const next = [...order.map((id) => ({ id })), ...state.catalog!.hardware].find((h) => !used.has(h.id) && state.catalog!.hardware.some((x) => x.id === h.id));
  if (next) {
    const add = el('button', { type: 'button', id: 'add-hardware' }, 'Compare with other hardware');
    add.addEventListener('click', () => { list.push(next.id); hooks.render(); hooks.changed(); });
    const row = el('div', { class: 'row' });
    row.append(add);
    fs.append(row);
  }
}

/** The boxes of a custom GPU profile and its whole JSON. */
function customHardware(parent: HTMLElement, name: string): void {
  const fs = el('fieldset', { class: 'custom', 'data-file': name });
  fs.append(el('legend', {}, `Custom hardware: ${name}`));
  const d = fileJson(name);
  if (d) {
    for (const [path, label] of GPU_FIELDS) {
      const v = path.split('.').reduce<Json | undefined>((o, k) => (isObject(o ?? null) ? (o as Doc)[k] : undefined), d);
      if (v === undefined) continue;
      field(fs, label, filePath(name, path), textInput(typeof v === 'number'), typeof v === 'number' ? numberOrText : String, { owner: name });
    }
  }
  const details = el('details');
  details.append(el('summary', {}, 'Every field (JSON)'));
  field(details, `${name} as a profile file`, filePath(name), el('textarea', { spellcheck: 'false', rows: '12' }), String, { rerender: true, hint: 'Efficiencies, tiles and notes as in data/hardware/; the CLI reads this file beside the scenario.' });
  fs.append(details);
  parent.append(fs);
}

function modelControls(fs: HTMLElement): void {
  const cat = state.catalog!;
  const model = String(state.scenario['model'] ?? '');
  const configs = Object.keys(state.files).filter(isConfig).map((n) => ({ id: n, name: 'pasted config.json' }));
  field(fs, 'Model', 'model', select([...cat.models, ...configs], model), String, { rerender: true });
  if (model in state.files) {
    field(fs, `${model} (Hugging Face config)`, filePath(model), el('textarea', { spellcheck: 'false', rows: '8' }), String, { hint: 'Edit and leave the box to re-run.' });
    return;
  }
  const details = el('details', { id: 'paste-config' });
  details.append(el('summary', {}, 'Use a Hugging Face config.json'));
  const ta = el('textarea', { id: 'paste-config-text', spellcheck: 'false', rows: '8', placeholder: '{ "architectures": ["LlamaForCausalLM"], "hidden_size": 4096, ... }' });
  const lab = el('label', { for: 'paste-config-text' }, 'Paste the model\'s config.json');
  const use = el('button', { type: 'button', id: 'use-config' }, 'Use this config.json');
  use.addEventListener('click', () => {
    const name = 'config.json' in state.files && state.files['config.json'] !== ta.value ? freeName('config', '.json') : 'config.json';
    state.files[name] = ta.value;
    state.scenario['model'] = name;
    hooks.render();
    hooks.changed();
  });
  details.append(lab, ta, use);
  fs.append(details);
}

const DEFAULT_RATE = 4;

/** A new workload of `kind`, keeping the lengths and request count of the old one. */
function workloadOf(kind: string, old: Doc): Doc {
  const lengths = { requests: old['requests'] ?? 256, promptTokens: old['promptTokens'] ?? 512, outputTokens: old['outputTokens'] ?? 128 };
  if (kind === 'poisson') return { kind, rate: DEFAULT_RATE, ...lengths };
  if (kind === 'trace') return { kind, file: Object.keys(state.files).find((n) => n.endsWith('.csv')) ?? 'trace.csv' };
  return { kind: 'closed', ...lengths };
}

function workloadControls(form: HTMLElement): void {
  const fs = el('fieldset');
  fs.append(el('legend', {}, 'Workload'));
  const w = isObject(state.scenario['workload'] ?? null) ? state.scenario['workload'] as Doc : {};
  const kinds = [
    { id: 'closed', name: 'batch = concurrency' },
    { id: 'poisson', name: 'arrivals at a rate; batch = cap' },
    { id: 'trace', name: 'a CSV of arrival ms, prompt and output tokens' },
  ];
  const kind = field(fs, 'Requests', 'workload.kind', select(kinds, String(w['kind'] ?? 'closed')), String, { rerender: true });
  // Changing the kind changes the fields: a whole new workload object (this listener runs before the field's own).
  kind.addEventListener('change', () => { state.scenario['workload'] = workloadOf(kind.value, w); }, { capture: true });
  if (w['kind'] === 'poisson') sliderField(fs, 'Arrival rate (requests/s)', 'workload.rate', 0.5, 64, 0.5);
  if (w['kind'] === 'trace') {
    const csv = Object.keys(state.files).filter((n) => n.endsWith('.csv')).map((n) => ({ id: n, name: '' }));
    field(fs, 'Trace file (load a CSV with "Load files")', 'workload.file', select(csv, String(w['file'] ?? '')), String);
  }
  if (w['kind'] === 'poisson' || w['kind'] === 'trace') {
    field(fs, 'Running-batch cap (optional; the batch size is also a cap)', 'workload.maxBatch', numberInput('1'), numberOrText, { optional: true });
  }
  for (const [key, label] of [['promptTokens', 'Prompt tokens'], ['outputTokens', 'Output tokens'], ['requests', 'Requests per point']] as const) {
    const v = w[key];
    if (v === undefined) continue;
    // A length may be a distribution ({ "dist": "lognormal", ... }): then it is edited as JSON.
    if (typeof v === 'number') field(fs, label, `workload.${key}`, numberInput('1'), numberOrText);
    else field(fs, `${label} (number or distribution, JSON)`, `workload.${key}`, textInput(), jsonOrText);
  }
  // Absent = greedy (the acceptance figures as given); a temperature moves them by the CLI's relation.
  sliderField(fs, 'Sampling temperature (empty = greedy)', 'temperature', 0, 2, 0.05, undefined, true);
  field(fs, 'Seed', 'seed', numberInput('1'), numberOrText);
  form.append(fs);
}

export function setupControls(form: HTMLElement): void {
  const fs = el('fieldset');
  fs.append(el('legend', {}, 'Set-up'));
  hardwareControls(fs);
  modelControls(fs);
  const dtypes = (ids: readonly string[]) => ids.map((d) => ({ id: d, name: '' }));
  const tp = numberInput('1');
  tp.placeholder = '1';
  field(fs, 'GPUs per model (tensor parallelism)', 'tp', tp, numberOrText, { optional: true });
  field(fs, 'Weight dtype', 'dtype', select(dtypes(state.catalog!.dtypes), typeof state.scenario['dtype'] === 'string' ? state.scenario['dtype'] : 'bf16'), String);
  field(fs, 'KV-cache dtype', 'kvDtype', select(dtypes(state.catalog!.kvDtypes), typeof state.scenario['kvDtype'] === 'string' ? state.scenario['kvDtype'] : 'bf16'), String);
  field(fs, 'Serving engine', 'engine', select(state.catalog!.engines, typeof state.scenario['engine'] === 'string' ? state.scenario['engine'] : 'none'), String);
  // How the engine batches: its default unless set (chunked for vllm, sglang, trtllm), and how many requests it runs at once.
  const policies = [{ id: '', name: 'the engine\'s default' }, ...state.catalog!.batching.map((b) => ({ id: b, name: '' }))];
  field(fs, 'Batching', 'batching', select(policies, typeof state.scenario['batching'] === 'string' ? state.scenario['batching'] : ''), String, { optional: true });
  const budget = numberInput('1');
  budget.placeholder = 'the engine\'s';
  field(fs, 'Tokens per step (chunked batching; empty = the engine\'s)', 'tokenBudget', budget, numberOrText, { optional: true });
  const running = numberInput('1');
  running.placeholder = 'the engine\'s';
  field(fs, 'Requests running at once (empty = the engine\'s: SGLang 48 when speculating)', 'maxRunningRequests', running, numberOrText, { optional: true });
  field(fs, 'Batch sizes (comma-separated)', 'batch', textInput(), listOf, { show: (v) => (Array.isArray(v) ? v.join(', ') : String(v ?? '')) });
  form.append(fs);
  workloadControls(form);
}
