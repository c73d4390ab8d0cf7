/**
 * The browser build's `node:fs`: a read-only view of the shipped `data/`
 * folder, embedded at build time (scripts/build-playground.mjs aliases
 * `node:fs` to this file in the playground bundle only). The catalog reads
 * its profiles through it unchanged; a user's own file path finds nothing.
 */
import { UserError } from '../../errors.js';
// Generated at build time: { '/data/hardware/h100-sxm.json': '...', ... }.
import FILES from 'specsim:data';

const builtin = FILES as Record<string, string>;
let files: Record<string, string> = { ...builtin };
const norm = (p: string): string => (p.startsWith('/') ? p : `/${p.replace(/^\.\//, '')}`).replace(/\/+$/, '');

/** The page's own files, by name (replacing the previous set); the built-in data stays. */
export function setUserFiles(user: Record<string, string>): void {
  files = { ...builtin };
  for (const [name, text] of Object.entries(user)) if (!(`/${name}` in builtin)) files[`/${name}`] = text;
}

function dirEntries(dir: string): string[] {
  const prefix = `${norm(dir)}/`;
  const names = new Set<string>();
  for (const f of Object.keys(files)) if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split('/')[0]!);
  return [...names].sort();
}

export function existsSync(p: string): boolean {
  return norm(p) in files || dirEntries(p).length > 0;
}

export function readdirSync(p: string): string[] {
  const names = dirEntries(p);
  if (names.length === 0) throw new UserError('no such folder in the page (the built-in catalog and the files loaded in the page are here)', p);
  return names;
}

export function readFileSync(p: string): string {
  const text = files[norm(p)];
  if (text === undefined) throw new UserError('no such file in the page (load it with "Load files")', p);
  return text;
}

export function statSync(p: string): { isFile(): boolean; isDirectory(): boolean; size: number; mtimeMs: number } {
  const file = norm(p) in files;
  if (!file && dirEntries(p).length === 0) throw new UserError('no such file in the page (load it with "Load files")', p);
  return { isFile: () => file, isDirectory: () => !file, size: file ? files[norm(p)]!.length : 0, mtimeMs: 0 };
}

export default { existsSync, readdirSync, readFileSync, statSync };
