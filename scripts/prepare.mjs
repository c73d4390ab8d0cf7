// The `prepare` script (run by `npm ci` and `npm install`): build with tsc
// unless the build is already newer than every source file, then make the
// bin executable. npm 7+ runs `npx specsim` inside this repository by
// installing the project into npx's cache as a linked dependency, which runs
// `prepare` again: skipping an up-to-date build there turns a 20-30 s first
// run into a few seconds. `npm run build` always rebuilds.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const BIN = join('dist', 'src', 'bin.js');
const SOURCES = ['src', 'bench', 'tsconfig.json'];

/** Newest modification time (ms) of a file or of any file under a directory. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, n) => Math.max(m, newest(join(path, n))), 0);
}

if (existsSync(BIN) && statSync(BIN).mtimeMs >= Math.max(...SOURCES.map(newest))) {
  console.log(`prepare: ${BIN} is newer than the sources; no rebuild`);
} else {
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
  // zod bundled into dist/src/zod.js (scripts/build-zod.mjs); without esbuild the compiled re-export stays.
  const ZOD_SCRIPT = join('scripts', 'build-zod.mjs');
  if (existsSync(ZOD_SCRIPT)) execFileSync(process.execPath, [ZOD_SCRIPT], { stdio: 'inherit', env: { ...process.env, SPECSIM_ZOD_OPTIONAL: '1' } });
}
chmodSync(BIN, 0o755);

// The checked built-in catalog (dist/src/catalog/builtin-catalog.json, see
// scripts/build-catalog.mjs): rewritten when missing or older than the data
// or the build. Without it specsim still runs, checking data/ at each start.
const CATALOG = join('dist', 'src', 'catalog', 'builtin-catalog.json');
const CATALOG_SCRIPT = join('scripts', 'build-catalog.mjs');
if (existsSync(CATALOG_SCRIPT) && (!existsSync(CATALOG) || statSync(CATALOG).mtimeMs < Math.max(newest('data'), newest(join('dist', 'src', 'catalog')) - 1))) {
  execFileSync(process.execPath, [CATALOG_SCRIPT], { stdio: 'inherit' });
}

// vega and vega-lite bundled with their code cache (dist/src/report/vega-bundle.cjs and
// .cache, see scripts/build-vega.mjs): rebuilt when missing or older than the
// build or the installed packages. Without esbuild it is skipped with a
// warning; the CLI then imports the two packages (slower start of chart rendering).
const VEGA = join('dist', 'src', 'report', 'vega-bundle.cache');
const VEGA_SCRIPT = join('scripts', 'build-vega.mjs');
const WARM_UP = join('scripts', 'warm-up-scenario.mjs');
const VEGA_SOURCES = [BIN, join('node_modules', 'vega', 'package.json'), join('node_modules', 'vega-lite', 'package.json'), VEGA_SCRIPT, WARM_UP];
if (existsSync(VEGA_SCRIPT) && (!existsSync(VEGA) || statSync(VEGA).mtimeMs < Math.max(...VEGA_SOURCES.map(newest)))) {
  execFileSync(process.execPath, [VEGA_SCRIPT], { stdio: 'inherit', env: { ...process.env, SPECSIM_VEGA_OPTIONAL: '1' } });
}

// The browser playground (dist/playground/playground.html, what `specsim
// playground` writes): esbuild bundles it when it is missing or older than
// what it embeds. Without esbuild (dev dependencies omitted) it is skipped
// with a warning; `specsim playground` then says to run npm run build.
const PAGE = join('dist', 'playground', 'playground.html');
const PAGE_SCRIPT = join('scripts', 'build-playground.mjs');
const PAGE_SOURCES = ['src', 'data', join('scenarios', 'quickstart.json'), PAGE_SCRIPT, BIN];
if (existsSync(PAGE_SCRIPT) && (!existsSync(PAGE) || statSync(PAGE).mtimeMs < Math.max(...PAGE_SOURCES.map(newest)))) {
  execFileSync(process.execPath, [PAGE_SCRIPT], { stdio: 'inherit', env: { ...process.env, SPECSIM_PLAYGROUND_OPTIONAL: '1' } });
}

// The CLI bundled into one file with its code cache (dist/src/cli-bundle/,
// see scripts/build-cli.mjs): rebuilt when missing or older than the compiled
// CLI. Without esbuild it is skipped with a warning; bin.js then runs the
// compiled modules (slower start-up, same output).
const CLI_BUNDLE = join('dist', 'src', 'cli-bundle', 'main.cache');
const CLI_MAIN = join('dist', 'src', 'cli', 'main.js');
const CLI_SCRIPT = join('scripts', 'build-cli.mjs');
const CLI_SOURCES = [CLI_MAIN, join('node_modules', 'commander', 'package.json'), join('node_modules', 'zod', 'package.json'), CLI_SCRIPT, WARM_UP];
if (existsSync(CLI_SCRIPT) && existsSync(CLI_MAIN) && (!existsSync(CLI_BUNDLE) || statSync(CLI_BUNDLE).mtimeMs < Math.max(...CLI_SOURCES.map(newest)))) {
  execFileSync(process.execPath, [CLI_SCRIPT], { stdio: 'inherit', env: { ...process.env, SPECSIM_CLI_OPTIONAL: '1' } });
}
