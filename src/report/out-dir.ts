/**
 * `--out DIR`: what specsim may replace, and how a new report is swapped in.
 *
 * Ownership. DIR may be replaced only when it does not exist, is an empty
 * folder, or holds a report specsim wrote: its `.specsim-report` marker lists
 * every file with its SHA-256 and the folder holds nothing else, unchanged
 * (a report of an older specsim without a marker is recognised by holding
 * only the files specsim writes). A folder with anything else in it is
 * refused (exit 2); nothing is ever deleted or emptied that specsim did not
 * write. A symbolic link given as DIR is followed, and the rules apply to
 * the folder it points to; a dangling one is refused.
 *
 * Layout and crash safety. DIR is a symbolic link `DIR -> .<name>.specsim/v-…`
 * into a store folder beside it (marked `.specsim-store`) that holds the
 * report versions. A new report is written as a new version, then the link is
 * replaced by rename(2) over it, which is atomic: at every instant DIR is the
 * complete old report or the complete new one, so SIGKILL at any moment leaves
 * one of them. The old version is removed after the swap. Leftovers of a
 * killed run (versions no link points at, whose writer is dead) are removed
 * from the store only: names outside it are never touched.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { oneLine, UserError } from '../errors.js';

/** The marker in every report version: which files specsim wrote, with their hashes. */
export const REPORT_MARKER = '.specsim-report';
/** The marker of a store folder. */
export const STORE_MARKER = '.specsim-store';

/** Files a report of an older specsim (before markers) could hold; charts/ holds only charts. */
const LEGACY_FILES = new Set(['report.json', 'results.csv', 'summary.md', 'index.html', 'optimize.json', 'charts']);

/** Top-level folders of a Unix system: never a report directory. */
const SYSTEM_DIRS = new Set(['/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib32', '/lib64', '/libx32', '/media', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr', '/var', '/snap']);
/** Virtual file systems: nothing there is a folder a report can live in. */
const VIRTUAL_ROOTS = ['/proc', '/sys', '/dev'];

const NAME_MAX_BYTES = 255;
const PATH_MAX_BYTES = 4095;

export type OutState =
  | { kind: 'missing' }
  | { kind: 'empty' }
  /** DIR is our link; `version` is the folder it points to (undefined if that is gone). */
  | { kind: 'managed'; version: string | undefined }
  /** DIR is a real folder holding a specsim report. */
  | { kind: 'legacy' };

const refuse = (what: string, dir: string): never => { throw new UserError(what, dir); };

/** The store folder beside a report path. */
export function storeOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.specsim`);
}

const VERSION_NAME = /^(v|old|l)-(\d+)-[0-9a-z]+$/;

/** Is `p` a link specsim made: `.<name>.specsim/v-<pid>-<stamp>`, relative, beside it? */
function isManagedLink(p: string): boolean {
  let t: string;
  try { t = readlinkSync(p); } catch { return false; }
  const prefix = `.${basename(p)}.specsim/`;
  return t.startsWith(prefix) && VERSION_NAME.test(t.slice(prefix.length));
}

function underVirtual(abs: string): boolean {
  return VIRTUAL_ROOTS.some((r) => abs === r || abs.startsWith(`${r}/`));
}

/** The deepest existing ancestor of `abs`, with links resolved. */
function existingAncestor(abs: string): string {
  let up = abs;
  for (;;) {
    try { return realpathSync(up); } catch { /* not there yet */ }
    const next = dirname(up);
    if (next === up) return up;
    up = next;
  }
}

/** Refuse DIRs that can never hold a report: empty, the root, a system folder, inside /proc, too long. */
function checkPlace(abs: string, dir: string): void {
  const home = process.env['HOME'];
  if (abs === '/' || SYSTEM_DIRS.has(abs) || (home !== undefined && home !== '' && abs === resolve(home))) {
    refuse(`--out ${abs === '/' ? 'is the root folder' : 'is a system or home folder'}; specsim writes a report only into its own folder: give a new one, e.g. --out reports/name`, dir);
  }
  const real = existingAncestor(abs);
  if (underVirtual(abs) || underVirtual(real)) refuse('--out is inside a virtual file system (/proc, /sys, /dev); give a folder on disk', dir);
  for (const part of abs.split(sep)) {
    if (Buffer.byteLength(part) > NAME_MAX_BYTES) refuse(`--out has a name of ${Buffer.byteLength(part)} bytes; the file system allows ${NAME_MAX_BYTES}`, dir);
  }
  if (Buffer.byteLength(abs) + 40 > PATH_MAX_BYTES) refuse(`--out is a path of ${Buffer.byteLength(abs)} bytes; the file system allows about ${PATH_MAX_BYTES}`, dir);
}

/**
 * The absolute path a report is written at for `--out dir`: checked, and with
 * a link the user made followed to the folder it points to (a link specsim
 * made is kept: it is swapped). Throws a UserError for what cannot be a
 * report directory.
 */
export function resolveOut(dir: string): string {
  if (dir.trim() === '') refuse('--out is empty; give a folder, e.g. --out reports/name', "''");
  if (dir.includes('\0')) refuse('--out contains a NUL character', dir);
  let p = resolve(dir);
  checkPlace(p, dir);
  for (let hops = 0; ; hops++) {
    let st;
    try { st = lstatSync(p); } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return p;
      return refuse(`cannot use --out here (${code ?? 'error'})`, dir);
    }
    if (!st.isSymbolicLink() || isManagedLink(p)) return p;
    if (hops >= 20) refuse('--out is a chain of symbolic links that does not end (ELOOP)', dir);
    const target = readlinkSync(p);
    const next = resolve(dirname(p), target);
    if (!existsSync(next)) refuse(`--out is a symbolic link to '${oneLine(target, 120)}', which does not exist; create that folder or give another --out`, dir);
    p = next;
    checkPlace(p, dir);
  }
}

/** SHA-256 of a file, hex. */
function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Every regular file under `root` (relative paths, '/'-separated); undefined if anything else (a link, a device) is there. */
function listFiles(root: string, limit = 10_000): string[] | undefined {
  const out: string[] = [];
  const walk = (d: string, rel: string): boolean => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      const r = rel === '' ? n : `${rel}/${n}`;
      const st = lstatSync(p);
      if (st.isDirectory()) { if (!walk(p, r)) return false; } else if (st.isFile()) out.push(r); else return false;
      if (out.length > limit) return false;
    }
    return true;
  };
  return walk(root, '') ? out.sort() : undefined;
}

/** The `.specsim-report` marker of a version folder: `{ specsim: 'report', files: { path: sha256 } }`. */
export function markerFor(root: string): string {
  const files = (listFiles(root) ?? []).filter((f) => f !== REPORT_MARKER).sort();
  const doc = { specsim: 'report', files: Object.fromEntries(files.map((f) => [f, sha256(join(root, f))])) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * The entries of `root` that make it not specsim's to replace: files its
 * marker does not list or whose bytes changed, anything not a plain file or
 * folder. Empty if the folder is a report specsim wrote.
 */
export function foreignEntries(root: string): string[] {
  const names = readdirSync(root);
  let files: Record<string, string> | undefined;
  if (names.includes(REPORT_MARKER)) {
    try {
      const doc = JSON.parse(readFileSync(join(root, REPORT_MARKER), 'utf8')) as { specsim?: unknown; files?: unknown };
      if (doc.specsim === 'report' && typeof doc.files === 'object' && doc.files !== null) files = doc.files as Record<string, string>;
    } catch { /* an unreadable marker is not ours */ }
    if (files === undefined) return [REPORT_MARKER];
  }
  const all = listFiles(root);
  if (all === undefined) return names.sort().filter((n) => n !== REPORT_MARKER).slice(0, 3).concat(names.length > 3 ? ['…'] : []);
  const bad: string[] = [];
  for (const f of all) {
    if (f === REPORT_MARKER) continue;
    if (files !== undefined) {
      if (!Object.hasOwn(files, f)) bad.push(f);
      else if (files[f] !== sha256(join(root, f))) bad.push(`${f} (changed)`);
    } else {
      // An older specsim's report: only its file names, and a report.json that says it is one.
      const top = f.split('/')[0]!;
      const ok = LEGACY_FILES.has(top) && (top !== 'charts' || /^charts\/[^/]+\.(vl\.json|svg)$/.test(f));
      if (!ok) bad.push(f);
    }
    if (bad.length >= 3) break;
  }
  if (files === undefined && bad.length === 0 && all.length > 0) {
    let ok = false;
    try { ok = typeof (JSON.parse(readFileSync(join(root, 'report.json'), 'utf8')) as { specsim?: unknown }).specsim === 'string'; } catch { ok = false; }
    if (!ok) bad.push(...all.slice(0, 3));
  }
  return bad;
}

/** Throw the refusal for a folder that holds what specsim did not write. */
function refuseForeign(dir: string, bad: string[]): never {
  const shown = bad.slice(0, 3).map((b) => oneLine(b, 60)).join(', ');
  return refuse(`--out holds files specsim did not write (${shown}${bad.length > 3 ? ', …' : ''}); specsim never replaces them: give a new or empty folder (e.g. --out ${oneLine(join(dir, 'report'), 80)}), or a previous specsim report`, dir);
}

/** What is at `target` now, or a refusal. `dir` is the flag as given, for messages. */
export function inspectOut(target: string, dir: string): OutState {
  let st;
  try { st = lstatSync(target); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return refuse(`cannot use --out here (${(e as NodeJS.ErrnoException).code ?? 'error'})`, dir);
  }
  if (st.isSymbolicLink()) {
    const version = resolve(dirname(target), readlinkSync(target));
    if (!existsSync(version)) return { kind: 'managed', version: undefined };
    const bad = foreignEntries(version);
    if (bad.length > 0) refuseForeign(dir, bad);
    return { kind: 'managed', version };
  }
  if (!st.isDirectory()) refuse('--out is a file, not a folder (ENOTDIR); choose another --out', dir);
  let names: string[];
  try { names = readdirSync(target); } catch (e) { return refuse(`cannot read the --out folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`, dir); }
  const cwd = process.cwd();
  const holdsCwd = cwd === target || cwd.startsWith(`${target}${sep}`);
  if (names.length === 0) {
    if (holdsCwd) refuse('--out is the folder you are in; specsim replaces its report folder as a whole, so give a folder below it, e.g. --out report', dir);
    return { kind: 'empty' };
  }
  const bad = foreignEntries(target);
  if (bad.length > 0) refuseForeign(dir, bad);
  if (holdsCwd) refuse('--out is the folder you are in; specsim replaces its report folder as a whole, so give a folder below it, e.g. --out report', dir);
  return { kind: 'legacy' };
}

/**
 * Fail early, before a long simulation, if `dir` cannot become a report
 * directory (see the file comment). Creates nothing.
 */
export function checkOutDir(dir: string): void {
  const target = resolveOut(dir);
  inspectOut(target, dir);
  const up = existingAncestor(dirname(target));
  let isDir = false;
  try { isDir = statSync(up).isDirectory(); } catch { isDir = false; }
  if (!isDir) refuse('cannot write the report directory here (ENOTDIR); choose another --out', dir);
  try { accessSync(up, constants.W_OK); } catch (e) {
    refuse(`cannot write the report directory here (${(e as NodeJS.ErrnoException).code ?? 'EACCES'}); choose another --out`, dir);
  }
}

/** Is process `pid` alive? (A version of a live writer is not a leftover.) */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Create (or check) the store beside `target`; remove leftovers of dead writers that no link points at. */
export function openStore(target: string, dir: string, keep: string | undefined): string {
  const store = storeOf(target);
  let st;
  try { st = lstatSync(store); } catch { st = undefined; }
  if (st === undefined) {
    mkdirSync(store);
    writeFileSync(join(store, STORE_MARKER), 'specsim report versions: the folder beside this one is a link to one of them\n');
    return store;
  }
  if (!st.isDirectory() || !existsSync(join(store, STORE_MARKER))) refuse(`'${basename(store)}' beside --out is not specsim's; move it away or choose another --out`, dir);
  for (const n of readdirSync(store)) {
    const m = VERSION_NAME.exec(n);
    if (!m || n === keep || alive(Number(m[2]))) continue;
    rmSync(join(store, n), { recursive: true, force: true });
  }
  return store;
}

let seq = 0;
/** A fresh name in the store: `<kind>-<pid>-<stamp>`. */
export function freshName(kind: 'v' | 'old' | 'l'): string {
  return `${kind}-${process.pid}-${Date.now().toString(36)}${(seq++).toString(36)}`;
}

/**
 * Make `target` show `version` (a folder in its store), given what is there
 * now. Atomic for a previous specsim link; for an empty folder or a report of
 * an older specsim (a real folder), the folder is moved into the store first.
 * Returns the folder that was replaced (to remove), if any.
 */
export function swapIn(target: string, state: OutState, version: string): string | undefined {
  const store = storeOf(target);
  const rel = relative(dirname(target), version);
  switch (state.kind) {
    case 'missing':
      symlinkSync(rel, target);
      return undefined;
    case 'managed': {
      const link = join(store, freshName('l'));
      symlinkSync(rel, link);
      renameSync(link, target); // atomic: the old link or the new one, never none
      return state.version;
    }
    case 'empty':
      rmdirSync(target); // fails, leaving everything, if something appeared in it meanwhile
      symlinkSync(rel, target);
      return undefined;
    case 'legacy': {
      const aside = join(store, freshName('old'));
      renameSync(target, aside);
      try { symlinkSync(rel, target); } catch (e) { renameSync(aside, target); throw e; }
      return aside;
    }
  }
}
