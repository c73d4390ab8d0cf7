/**
 * Labelled controls bound to a path (page/doc.ts): a change writes the
 * control's value to the path and re-runs. Every control has a visible label
 * (or, for a slider beside its number box, an aria-label naming the same
 * setting) and an error slot its `aria-describedby` points to, where the
 * CLI's line for that path appears.
 */
import { el, numberOrText, type Json } from './doc.js';
import { assign, hooks, remove, valueAt } from './state.js';

let uid = 0;

/** Control ids restart with each rebuild, so the same control keeps its id (and tests and links their target). */
export function resetIds(): void {
  uid = 0;
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** How a control shows its path's value (lists joined, text as is). */
const shows = new WeakMap<Control, (v: Json | undefined) => string>();

const plain = (v: Json | undefined): string => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export interface FieldOptions {
  /** Beside the control (a slider). */
  extra?: HTMLElement;
  /** Whose setting this is, for screen readers ("draft: γ ..."). */
  owner?: string;
  /** How the path's value reads in the control (default: as text). */
  show?: (v: Json | undefined) => string;
  /** After the value is written: rebuild the controls (when the change alters which controls exist). */
  rerender?: boolean;
  /** An empty box removes the key (an optional setting). */
  optional?: boolean;
  /** A line under the label. */
  hint?: string;
}

/** A labelled field bound to `path`; `read` turns the control's text into the document's value. */
export function field(parent: HTMLElement, label: string, path: string, control: Control, read: (s: string) => Json, o: FieldOptions = {}): Control {
  const wrap = el('div', { class: 'field' });
  const id = `c${++uid}`;
  control.id = id;
  control.dataset['path'] = path;
  const show = o.show ?? plain;
  shows.set(control, show);
  if (!(control instanceof HTMLSelectElement)) control.value = show(valueAt(path));
  const lab = el('label', { for: id });
  if (o.owner !== undefined) lab.append(el('span', { class: 'sr-only' }, `${o.owner}: `));
  lab.append(label);
  const err = el('p', { class: 'error', 'data-error-for': path, id: `${id}-err`, role: 'alert' });
  const described = [err.id];
  wrap.append(lab);
  if (o.hint) { const h = el('p', { class: 'hint', id: `${id}-hint` }, o.hint); wrap.append(h); described.push(h.id); }
  control.setAttribute('aria-describedby', described.join(' '));
  if (o.extra) { const pair = el('div', { class: 'pair' }); pair.append(o.extra, control); wrap.append(pair); } else wrap.append(control);
  wrap.append(err);
  parent.append(wrap);
  control.addEventListener('change', () => {
    if (o.optional && control.value.trim() === '') remove(path); else assign(path, read(control.value));
    if (o.rerender) hooks.render(); else syncControls(control);
    hooks.changed();
  });
  return control;
}

/** Show every control's current value (after a change elsewhere rewrote a file or the scenario), except `skip`. */
export function syncControls(skip?: Control): void {
  for (const c of document.querySelectorAll<Control>('[data-path]')) {
    if (c === skip || c === document.activeElement) continue;
    const v = shows.get(c)?.(valueAt(c.dataset['path']!));
    if (v !== undefined && c.value !== v && !(c instanceof HTMLSelectElement)) c.value = v;
  }
  for (const s of document.querySelectorAll<HTMLInputElement>('input[type=range][data-slider-for]')) {
    const v = valueAt(s.dataset['sliderFor']!);
    if (typeof v === 'number' && s !== document.activeElement) s.value = String(v);
  }
}

export function select(options: { id: string; name: string }[], value: string): HTMLSelectElement {
  const s = el('select');
  const ids = options.map((o) => o.id);
  for (const o of ids.includes(value) ? options : [{ id: value, name: value }, ...options]) {
    // An empty id is "leave the key out": its name says what that means.
    s.append(el('option', { value: o.id }, o.id === '' ? o.name : o.name === o.id || o.name === '' ? o.id : `${o.id} (${o.name})`));
  }
  s.value = value;
  return s;
}

export function textInput(numeric = false): HTMLInputElement {
  return el('input', { type: 'text', ...(numeric ? { inputmode: 'decimal' } : {}), spellcheck: 'false' });
}

export function numberInput(step = 'any'): HTMLInputElement {
  return el('input', { type: 'number', step, inputmode: 'decimal' });
}

/**
 * A number with a slider beside it: the slider spans the sensible range, the
 * box takes anything (and the simulator judges it). Dragging re-runs as it
 * goes: the worker drops a run as soon as a newer value arrives.
 */
export function sliderField(parent: HTMLElement, label: string, path: string, min: number, max: number, step: number, owner?: string, optional = false): void {
  const v = valueAt(path);
  const box = numberInput();
  const slider = el('input', { type: 'range', min: String(min), max: String(max), step: String(step), 'aria-label': `${owner !== undefined ? `${owner}: ` : ''}${label} (slider)`, 'data-slider-for': path });
  // An optional setting left out sits at the bottom of its range.
  slider.value = String(typeof v === 'number' ? v : min);
  slider.addEventListener('input', () => {
    box.value = slider.value;
    assign(path, Number(slider.value));
    hooks.changed();
  });
  field(parent, label, path, box, numberOrText, { extra: slider, ...(owner !== undefined ? { owner } : {}), optional });
}

/** A JSON value edited as text (a length distribution, a method's settings): parsed when it parses, else kept as text for the schema to refuse. */
export const jsonOrText = (s: string): Json => { try { return JSON.parse(s) as Json; } catch { return s; } };
