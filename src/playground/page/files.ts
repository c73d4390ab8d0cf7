/**
 * Files in and out of the page. "Download scenario" saves the scenario for
 * `specsim run`, and each file it names (a custom profile, a config.json, a
 * trace) has its own download: keep them in one folder and the CLI reads
 * them beside the scenario. "Load files" takes any of: a scenario, a
 * report.json (its resolved scenario), a hardware profile, a config.json, a
 * trace CSV, and restores the page from them.
 */
import { $, el, isObject, type Doc, type Json } from './doc.js';
import { hooks, isHardwareKind, state, usedFiles } from './state.js';

function save(name: string, text: string): void {
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type: name.endsWith('.csv') ? 'text/csv' : 'application/json' })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

/** What a loaded file is, by its content (the CLI's own file kinds). */
export function classify(name: string, text: string): { kind: 'scenario' | 'report'; scenario: Doc } | { kind: 'file' } | { kind: 'unknown' } {
  if (/\.(csv|tsv|txt)$/i.test(name)) return { kind: 'file' };
  let d: Json;
  try { d = JSON.parse(text) as Json; } catch { return name.toLowerCase().endsWith('.json') ? { kind: 'file' } : { kind: 'unknown' }; }
  if (!isObject(d)) return { kind: 'unknown' };
  if (isObject(d['scenario'] ?? null) && 'results' in d) return { kind: 'report', scenario: d['scenario'] as Doc };
  if ('methods' in d && 'workload' in d) {
    const { $schema: _s, ...rest } = d;
    return { kind: 'scenario', scenario: rest };
  }
  // A hardware profile or a Hugging Face config: kept as a file the scenario can name (the simulator judges its content).
  if (isHardwareKind(d['kind']) || 'hidden_size' in d || 'text_config' in d || 'architectures' in d || 'model_type' in d) return { kind: 'file' };
  return { kind: 'unknown' };
}

/** A file name the page can hold: its last path part, letters, digits, . _ - only. */
const safeName = (n: string): string => (n.split(/[\\/]/).pop() ?? 'file').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._-]+/, '') || 'file';

/** Load files chosen by the user (or given by a test): a scenario or report replaces the scenario; other files join the page's files. */
export async function loadFiles(list: { name: string; text(): Promise<string> }[]): Promise<void> {
  const problems: string[] = [];
  let scenario: Doc | undefined;
  for (const f of list) {
    const text = await f.text();
    const name = safeName(f.name);
    const c = classify(name, text);
    if (c.kind === 'scenario' || c.kind === 'report') scenario = c.scenario;
    else if (c.kind === 'file') state.files[name] = text;
    else problems.push(`specsim: not a scenario, report.json, hardware profile, config.json or trace CSV (${name})`);
  }
  $('#load-err').textContent = problems.join('\n');
  if (scenario) state.scenario = scenario;
  hooks.render();
  hooks.changed();
}

export function fileControls(form: HTMLElement): void {
  const box = el('fieldset', { id: 'files' });
  box.append(el('legend', {}, 'Files'));
  const row = el('div', { class: 'row' });
  const dl = el('button', { type: 'button', id: 'download' }, 'Download scenario');
  dl.addEventListener('click', () => save(`${String(state.scenario['name'] ?? 'scenario')}.json`, `${JSON.stringify(state.scenario, null, 2)}\n`));
  row.append(dl);
  box.append(row);
  const used = usedFiles();
  if (Object.keys(used).length > 0) {
    box.append(el('p', { class: 'hint' }, 'The scenario names these files; save them beside it for specsim run:'));
    const ul = el('ul', { class: 'files' });
    for (const name of Object.keys(used)) {
      const li = el('li');
      const b = el('button', { type: 'button', 'data-download': name }, `Download ${name}`);
      b.addEventListener('click', () => save(name, state.files[name]!));
      li.append(b);
      ul.append(li);
    }
    box.append(ul);
  }
  const input = el('input', { type: 'file', id: 'load', multiple: '', accept: '.json,.csv,application/json,text/csv' });
  input.addEventListener('change', () => { void loadFiles([...(input.files ?? [])]); input.value = ''; });
  const lab = el('label', { for: 'load' }, 'Load files: a scenario or report.json (restores the page), hardware profiles, config.json, trace CSVs');
  const err = el('p', { class: 'error', id: 'load-err', role: 'alert' });
  input.setAttribute('aria-describedby', 'load-err');
  const f = el('div', { class: 'field' });
  f.append(lab, input, err);
  box.append(f);
  form.append(box);
}
