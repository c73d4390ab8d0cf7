/**
 * Writing one file a user named (`calibrate --write`): created if missing;
 * an existing file is replaced only if specsim wrote it (`isOurs`) or the
 * user said so (`--force`), never when it is one of the command's inputs;
 * written to a temp file beside it and renamed over it (atomic).
 */
import { lstatSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

export interface OwnedFileOptions {
  /** The flag that named the file, and what is written, for messages. */
  flag: string;
  what: string;
  /** Input files of the command (never overwritten, even with force), with the flag that named each. */
  inputs: { path: string; flag: string }[];
  /** Is the existing text one specsim wrote? */
  isOurs: (text: string) => boolean;
  /** The user consented to replacing a file specsim did not write. */
  force: boolean;
}

/** Same file (device and inode), following links; false if either is missing. */
function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch { return false; }
}

const WHY: Record<string, string> = {
  ENOENT: 'its directory does not exist', EISDIR: 'it is a directory', EACCES: 'permission denied', EPERM: 'permission denied',
  ENOSPC: 'no space left on the device', EDQUOT: 'disk quota exceeded', EROFS: 'the file system is read-only', ENOTDIR: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'the name is too long',
};

export function writeOwnedFile(path: string, text: string, o: OwnedFileOptions): void {
  if (path.trim() === '') throw new UserError('is empty; give a file name', o.flag);
  for (const input of o.inputs) {
    if (sameFile(path, input.path) || resolve(path) === resolve(input.path)) {
      throw new UserError(`is the file given with ${input.flag}; specsim never overwrites its inputs: choose another ${o.flag}`, path);
    }
  }
  let target = path;
  let exists = false;
  try {
    const st = lstatSync(path);
    exists = true;
    if (st.isSymbolicLink()) target = realpathSync(path);
    const real = statSync(target);
    if (!real.isFile()) throw new UserError(`is ${real.isDirectory() ? 'a folder' : 'not a regular file'}; choose another ${o.flag}`, path);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (exists || code !== 'ENOENT') throw new UserError(`cannot write ${o.what} (${WHY[code ?? ''] ?? code ?? 'error'}); choose another ${o.flag}`, path);
  }
  if (exists && !o.force) {
    let ours = false;
    try { ours = statSync(target).size < 16 * 1024 * 1024 && o.isOurs(readFileSync(target, 'utf8')); } catch { ours = false; }
    if (!ours) throw new UserError(`exists and specsim did not write it; add --force to replace it, or choose another ${o.flag}`, path);
  }
  const tmp = join(dirname(target), `.${basename(target)}.specsim-tmp-${process.pid}`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && code in WHY) throw new UserError(`cannot write ${o.what} (${WHY[code]}); choose another ${o.flag}`, path);
    throw e;
  }
}
