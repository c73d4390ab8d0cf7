// Bundles the compiled CLI (dist/src/cli/main.js and everything it imports:
// commander, seedrandom and the zod bundle included) into one CommonJS file,
// dist/src/cli-bundle/main.cjs, and records V8's code cache of it after a
// warm-up run (part of `npm run build` and of `prepare`, last): bin.js runs
// it while it is current (why, and when V8 refuses the cache:
// src/cli-bundle.ts).
//
// Each module keeps its own URL: `import.meta.url` becomes the URL of its
// compiled file (dist/src/<path>.js), so the data, the checked catalog,
// vega's bundle and the worker are found where they are without the bundle.
// A top-level `await import('./x.js')` (the built-in catalogs' fallback to
// checking at start-up), which a CommonJS file cannot hold, becomes
// `require('./x.js')`: esbuild runs that module when the expression is
// reached, as the import would. vega and vega-lite stay outside (the CLI
// loads them from vega-bundle.cjs), so does cli-progress (required at the
// first progress bar); an `import('<package>')` left in the bundle becomes
// `specsimImport('<package>')`, the loader's own import (V8 drops a
// script's dynamic-import callback when it comes from a code cache).
//
// The cache is made after running a small scenario with charts in this
// process under the CLI's V8 flags (V8 takes a cache only from a process
// whose flags hash the same), so it holds the bytecode of what a run calls,
// not only the bundle's top level. `modules.json` says which compiled
// modules and packages the bundle holds (how bin.js tells it is current).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadEsbuild } from './load-esbuild.mjs';
import { WARM_UP_SCENARIO } from './warm-up-scenario.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'dist', 'src');
const dist = (p) => import(pathToFileURL(join(src, p)).href);
const posix = (p) => p.split('\\').join('/');

const esbuild = await loadEsbuild('build-cli', 'dist/src/bin.js runs the compiled modules instead', 'SPECSIM_CLI_OPTIONAL');
const { CLI_BUNDLE, CLI_BUNDLE_DIR, CLI_CACHE, CLI_MODULES, loadCliBundle } = await dist('cli-bundle.js');
rmSync(CLI_BUNDLE_DIR, { recursive: true, force: true });

const TOP_LEVEL_IMPORT = /\(await import\(('\.{1,2}\/[^']+\.js')\)\)/g;
const PACKAGE_IMPORT = /\bimport\(('[^.'][^']*')\)/g;
const compiledModules = {
  name: 'compiled-modules',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      const own = posix(relative(CLI_BUNDLE_DIR, args.path));
      text = text.replaceAll('import.meta.url', `specsimModuleUrl(${JSON.stringify(own)})`).replace(TOP_LEVEL_IMPORT, '(require($1))').replace(PACKAGE_IMPORT, 'specsimImport($1)');
      if (text.includes('import.meta')) throw new Error(`build-cli: ${args.path} uses import.meta beyond import.meta.url; teach scripts/build-cli.mjs what it means in the bundle`);
      return { contents: text, loader: 'js' };
    });
  },
};

const result = await esbuild.build({
  entryPoints: [join(src, 'cli', 'main.js')],
  bundle: true, format: 'cjs', platform: 'node', target: 'node20', outfile: CLI_BUNDLE,
  external: ['vega', 'vega-lite', 'cli-progress'],
  banner: { js: "const specsimModuleUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, rel)).href;" },
  plugins: [compiledModules],
  minifyWhitespace: true, legalComments: 'eof', metafile: true, logLevel: 'warning',
});
const [output] = Object.values(result.metafile.outputs);
const left = /.{0,60}\bimport\(.{0,40}/.exec(readFileSync(CLI_BUNDLE, 'utf8'));
if (left) throw new Error(`build-cli: the bundle still calls import(), which fails when V8 takes its code cache: ${left[0]}`);
const modules = { 'main.cjs': Object.keys(output.inputs).map((p) => posix(relative(CLI_BUNDLE_DIR, join(root, p)))).sort() };
writeFileSync(CLI_MODULES, `${JSON.stringify(modules, null, 1)}\n`);

// Warm up: the small scenario build-vega.mjs warms vega with, run with charts as the CLI runs it.
const bundle = loadCliBundle({ cache: false });
const dir = mkdtempSync(join(tmpdir(), 'specsim-cli-warm-up-'));
try {
  const scenario = join(dir, 'warm-up.json');
  writeFileSync(scenario, JSON.stringify({ name: 'cli-warm-up', ...WARM_UP_SCENARIO }));
  const code = await bundle.cli.cliMain([process.execPath, 'specsim', 'run', scenario, '--out', join(dir, 'out'), '--quiet']);
  if (code !== 0) throw new Error(`build-cli: the warm-up run exited with ${code}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
writeFileSync(CLI_CACHE, bundle.script.createCachedData());
const kib = (f) => Math.round(readFileSync(f).length / 1024);
console.log(`build-cli: ${posix(relative(root, CLI_BUNDLE))} (${modules['main.cjs'].length} modules, ${kib(CLI_BUNDLE)} KiB), ${posix(relative(root, CLI_CACHE))} (${kib(CLI_CACHE)} KiB)`);
