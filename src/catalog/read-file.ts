/**
 * Reading a user's input file: regular files only (a device such as
 * /dev/zero, a FIFO or a socket would hang or exhaust memory), at most
 * `maxBytes` (read in bounded chunks, so a file that lies about its size, as
 * /proc files do, is still capped), `-` for standard input where a command
 * allows it. Every failure is a one-line UserError naming the file.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../errors.js';

/** Size caps: far above any real input of the kind. */
export const INPUT_BYTES = {
  /** A scenario, hardware profile, Hugging Face config.json or accuracy table. */
  json: 16 * 1024 * 1024,
  /** A trace CSV (a million rows is ~20 MB) or calibration measurements. */
  table: 128 * 1024 * 1024,
} as const;

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 0)} MB`;

/** The text of `path` (UTF-8), or a UserError. `what` names the kind of file ("scenario file"). */
export function readInputFile(path: string, what: string, maxBytes: number, opts: { stdin?: boolean } = {}): string {
  if (path === '') throw new UserError(`no ${what} given (an empty path)`, "''");
  const stdin = path === '-' && opts.stdin === true;
  let fd: number;
  try {
    // Non-blocking open: a FIFO with no writer would otherwise wait forever before it can be refused.
    fd = stdin ? 0 : openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENAMETOOLONG' ? 'the path is too long' : code === 'ENOTDIR' ? 'a part of the path is not a folder' : code === 'ELOOP' ? 'too many symbolic links' : `cannot read file (${code ?? 'error'})`;
    throw new UserError(why, path);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UserError(`is a directory, expected a ${what}`, path);
    if (!stdin && !st.isFile()) throw new UserError(`is not a regular file (a device, FIFO or socket); give a ${what}`, path);
    if (st.size > maxBytes) throw new UserError(`is ${mb(st.size)}, above the limit of ${mb(maxBytes)} for a ${what}`, path);
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(1024 * 1024);
    for (;;) {
      let n: number;
      try { n = readSync(fd, buf, 0, buf.length, null); } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        if (code === 'EOF') break;
        throw new UserError(`cannot read file (${code ?? 'error'})`, path);
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new UserError(`is larger than the limit of ${mb(maxBytes)} for a ${what}`, path);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    const bytes = Buffer.concat(chunks);
    if (bytes.includes(0)) throw new UserError(`is binary (it holds NUL bytes), expected a ${what}`, path);
    return bytes.toString('utf8');
  } finally {
    if (!stdin) closeSync(fd);
  }
}
