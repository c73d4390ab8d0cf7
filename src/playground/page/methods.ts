/**
 * One card per method of the scenario (draft model, γ, heads, trees,
 * acceptance as sliders, and every setting as JSON, so a method kind added to
 * the registry is editable before the page knows its fields), and "Add a
 * method" from the registry's kinds, starting from each kind's compare
 * default for the scenario's model.
 */
import { el, isObject, type Doc, type Json } from './doc.js';
import { field, jsonOrText, select, sliderField } from './fields.js';
import { hooks, state } from './state.js';

function methodCard(parent: HTMLElement, m: Doc, i: number): void {
  const cat = state.catalog!;
  const fs = el('fieldset', { 'data-method-index': String(i) });
  const name = typeof m['label'] === 'string' ? m['label'] : String(m['kind']);
  fs.append(el('legend', {}, name));
  const p = `methods.${i}`;
  const owner = { owner: name };
  if (typeof m['draft'] === 'string') field(fs, 'Draft model', `${p}.draft`, select(cat.models, m['draft']), String, owner);
  if (typeof m['gamma'] === 'number') sliderField(fs, 'γ (tokens drafted per step)', `${p}.gamma`, 1, 12, 1, name);
  if (typeof m['heads'] === 'number') sliderField(fs, 'Medusa heads', `${p}.heads`, 1, 5, 1, name);
  if (typeof m['depth'] === 'number') sliderField(fs, 'Depth', `${p}.depth`, 1, 8, 1, name);
  if (m['kind'] === 'medusa' && typeof m['tree'] === 'string') field(fs, 'Tree', `${p}.tree`, select(cat.medusaTrees.map((t) => ({ id: t, name: t })), m['tree']), String, owner);
  const tree = m['tree'];
  if (isObject(tree ?? null) && (tree as Doc)['kind'] === 'dynamic') {
    sliderField(fs, 'Tree depth', `${p}.tree.depth`, 1, 10, 1, name);
    sliderField(fs, 'Tree top-k', `${p}.tree.topK`, 1, 10, 1, name);
    sliderField(fs, 'Tree nodes', `${p}.tree.nodes`, 1, 128, 1, name);
  }
  const acc = m['acceptance'];
  if (isObject(acc ?? null) && typeof (acc as Doc)['alpha'] === 'number') sliderField(fs, 'Acceptance α (per drafted token)', `${p}.acceptance.alpha`, 0, 1, 0.01, name);
  const details = el('details');
  details.append(el('summary', {}, 'All settings (JSON)'));
  field(details, `Method ${i + 1} as in the scenario file`, p, el('textarea', { spellcheck: 'false' }), jsonOrText, { rerender: true, show: (v) => JSON.stringify(v, null, 1) });
  fs.append(details);
  const removeBtn = el('button', { type: 'button' }, `Remove ${name}`);
  removeBtn.addEventListener('click', () => { (state.scenario['methods'] as Json[]).splice(i, 1); hooks.render(); hooks.changed(); });
  fs.append(removeBtn);
  parent.append(fs);
}

export function methodControls(form: HTMLElement): void {
  const cat = state.catalog!;
  const box = el('div', { id: 'methods' });
  box.append(el('h2', {}, 'Methods'));
  (Array.isArray(state.scenario['methods']) ? state.scenario['methods'] : []).forEach((m, i) => {
    if (isObject(m)) methodCard(box, m, i);
  });
  const add = el('div', { class: 'row' });
  const kind = select(cat.methods.map((m) => ({ id: m.id, name: m.description })), cat.methods[0]?.id ?? 'autoregressive');
  kind.id = 'add-kind';
  add.append(el('label', { for: 'add-kind' }, 'Add a method'), kind);
  const addBtn = el('button', { type: 'button' }, 'Add');
  addBtn.addEventListener('click', () => {
    if (!Array.isArray(state.scenario['methods'])) state.scenario['methods'] = [];
    const list = state.scenario['methods'] as Json[];
    const label = list.some((x) => isObject(x) && x['kind'] === kind.value) ? `${kind.value}-${list.length + 1}` : undefined;
    // The kind's compare default for this model; a kind without one starts bare and the message says what it needs.
    const start = (cat.methodDefaults[String(state.scenario['model'])]?.[kind.value] ?? { kind: kind.value }) as Doc;
    list.push({ ...structuredClone(start), ...(label ? { label } : {}) });
    hooks.render();
    hooks.changed();
  });
  add.append(addBtn);
  box.append(add);
  form.append(box);
}
