/**
 * The page's state: the scenario document, the user's files (by name: hardware
 * profiles, config.json files, trace CSVs) and the worker's catalog. Modules
 * change it and call `hooks.changed()` (re-run) or `hooks.render()` (rebuild
 * the controls); page/main.ts sets the hooks, so no module imports another's
 * behaviour in a circle.
 */
import type { PlaygroundCatalog } from '../protocol.js';
import { filePath, getAt, isObject, setAt, splitFilePath, type Doc, type Json } from './doc.js';

export const state = {
  scenario: {} as Doc,
  files: {} as Record<string, string>,
  catalog: undefined as PlaygroundCatalog | undefined,
};

export const hooks = {
  changed: (): void => {},
  render: (): void => {},
};

/** The files the scenario names (hardware, model, draft, engine, trace): the ones the URL and the simulator need. */
export function usedFiles(): Record<string, string> {
  const names = new Set<string>();
  const walk = (v: Json): void => {
    if (typeof v === 'string') { if (v in state.files) names.add(v); } else if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) Object.values(v).forEach(walk);
  };
  walk(state.scenario);
  return Object.fromEntries([...names].sort().map((n) => [n, state.files[n]!]));
}

/** A file's JSON, or undefined while its text does not parse. */
export function fileJson(name: string): Doc | undefined {
  try {
    const d = JSON.parse(state.files[name] ?? '') as Json;
    return isObject(d) ? d : undefined;
  } catch { return undefined; }
}

/** The value at a scenario or file path. */
export function valueAt(path: string): Json | undefined {
  const f = splitFilePath(path);
  if (!f) return getAt(state.scenario, path);
  if (f.path === '') return state.files[f.name];
  const d = fileJson(f.name);
  return d ? getAt(d, f.path) : undefined;
}

/** Set the value at a scenario or file path (a file is rewritten as indented JSON). */
export function assign(path: string, value: Json): void {
  const f = splitFilePath(path);
  if (!f) { setAt(state.scenario, path, value); return; }
  if (f.path === '') { state.files[f.name] = String(value); return; }
  const d = fileJson(f.name);
  if (!d) return;
  setAt(d, f.path, value);
  state.files[f.name] = `${JSON.stringify(d, null, 2)}\n`;
}

/** Remove the key at a scenario path (an optional setting left empty). */
export function remove(path: string): void {
  const keys = path.split('.');
  const parent = getAt(state.scenario, keys.slice(0, -1).join('.'));
  if (isObject(parent ?? null)) delete (parent as Doc)[keys[keys.length - 1]!];
}

/** Whether `kind` names a hardware kind of the registry (a profile file's `kind`), as the worker's catalog lists them. */
export function isHardwareKind(kind: Json | undefined): boolean {
  return typeof kind === 'string' && (state.catalog?.hardwareKinds.includes(kind) ?? false);
}

export { filePath };
