/** The browser build's `node:path`: POSIX joins over the embedded catalog's '/data/...' paths. */
export const sep = '/';

export function normalize(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') { if (out.length > 0 && out[out.length - 1] !== '..') out.pop(); else if (!abs) out.push('..'); continue; }
    out.push(part);
  }
  const s = out.join('/');
  return abs ? `/${s}` : s === '' ? '.' : s;
}
export const isAbsolute = (p: string): boolean => p.startsWith('/');
export const join = (...parts: string[]): string => normalize(parts.filter((x) => x !== '').join('/'));
export function resolve(...parts: string[]): string {
  let r = '';
  for (const p of parts) r = isAbsolute(p) ? p : r === '' ? p : `${r}/${p}`;
  return normalize(isAbsolute(r) ? r : `/${r}`);
}
export function dirname(p: string): string {
  const n = normalize(p);
  const i = n.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : n.slice(0, i);
}
export function basename(p: string, ext?: string): string {
  const b = normalize(p).split('/').pop() ?? '';
  return ext && b.endsWith(ext) ? b.slice(0, -ext.length) : b;
}
export const extname = (p: string): string => { const b = basename(p); const i = b.lastIndexOf('.'); return i > 0 ? b.slice(i) : ''; };

export default { sep, normalize, isAbsolute, join, resolve, dirname, basename, extname };
