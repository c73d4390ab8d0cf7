// Run by `npm ci` / `npm install` (the `prepare` script, after the build):
// make the built bin executable and link it as node_modules/.bin/specsim,
// as npm does for a dependency's bin. Without the link, `npx specsim` in a
// fresh clone does not find a local bin, installs the project into npx's own
// cache as a `file:` dependency and runs `prepare` (a full tsc build, 20-30 s)
// before every first use; with it, npx runs the built file at once.
import { chmodSync, existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const bin = join('dist', 'src', 'bin.js');
if (!existsSync(bin)) {
  console.error(`link-bin: ${bin} is missing; run the build first`);
  process.exit(1);
}
chmodSync(bin, 0o755);
if (existsSync('node_modules')) {
  const dir = join('node_modules', '.bin');
  const link = join(dir, 'specsim');
  const target = join('..', '..', bin);
  mkdirSync(dir, { recursive: true });
  let current;
  try { current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : ''; } catch { current = undefined; }
  if (current !== target) {
    if (current !== undefined) rmSync(link, { force: true });
    symlinkSync(target, link);
  }
}
