/**
 * The page's documents, by path: the scenario ("methods.1.acceptance.alpha")
 * and the user's files ("file:my-gpu.json:flopsPerS.bf16"; an empty JSON path,
 * "file:config.json:", is the whole text). Every control is bound to one path.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Doc = { [k: string]: Json };

export const $ = <T extends HTMLElement>(sel: string): T => document.querySelector(sel) as T;

export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
};

export const isObject = (v: Json | undefined): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Numbers rounded for reading, as the CLI's report pages show them (report/html.ts `fmt`). */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 10 ** digits) return Math.round(x).toLocaleString('en-US');
  return Number(x.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function getAt(doc: Json, path: string): Json | undefined {
  if (path === '') return doc;
  let v: Json | undefined = doc;
  for (const k of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, Json>)[k] : undefined;
  return v;
}

export function setAt(doc: Doc, path: string, value: Json): void {
  const keys = path.split('.');
  let o = doc as Record<string, Json>;
  for (const k of keys.slice(0, -1)) {
    if (!isObject(o[k]) && !Array.isArray(o[k])) o[k] = {};
    o = o[k] as Record<string, Json>;
  }
  o[keys[keys.length - 1]!] = value;
}

/** A typed number: the number, or the text as typed (so the simulator's schema names what is wrong, as the CLI would). */
export const numberOrText = (s: string): Json => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

/** "1, 2, 4" → [1, 2, 4]; entries that are not numbers stay text for the schema to refuse. */
export const listOf = (s: string): Json[] => s.split(',').map((x) => x.trim()).filter((x) => x !== '').map(numberOrText);

/** A file path of the page: `file:<name>:<json path>`. */
export const filePath = (name: string, path = ''): string => `file:${name}:${path}`;

/** `file:<name>:<path>` → its parts; undefined for a scenario path. */
export function splitFilePath(p: string): { name: string; path: string } | undefined {
  const m = /^file:([^:]+):(.*)$/.exec(p);
  return m ? { name: m[1]!, path: m[2]! } : undefined;
}

/**
 * The path an error's `where` names: `scenario.json at $.methods[1].alpha` →
 * `methods.1.alpha`; `my-gpu.json at $.flopsPerS.bf16` →
 * `file:my-gpu.json:flopsPerS.bf16`; `config.json` → `file:config.json:`.
 * Undefined when it names nothing in the page.
 */
export function pathOfWhere(where: string, files: Record<string, string>): string | undefined {
  const m = /^(.*?) at \$\.?(.*)$/.exec(where);
  const file = (m ? m[1]! : where).replace(/^\/+/, '');
  const path = m ? m[2]!.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '').replace(/:.*$/, '') : '';
  if (file === 'scenario.json') return path;
  if (file in files) return filePath(file, path);
  return undefined;
}

/** Whether control path `p` covers error path `path` (itself or a field inside it). */
export const covers = (p: string, path: string): boolean => path === p || path.startsWith(p.endsWith(':') ? p : `${p}.`);
