// Bundles the compiled CLI (dist/src/cli/main.js and everything it imports,
// commander, seedrandom and the zod bundle included) into a few ES modules
// in dist/src/cli-bundle/ (part of `npm run build` and of `prepare`, last):
// src/bin.ts runs them instead of the ~140 compiled modules while they are
// newer than the compiled main.js (why and when: that file).
//
// Code splitting keeps the commands lazy: each dynamic import (a command, the
// zod checks of a user's file) becomes its own chunk, loaded when used.
// `import.meta.url` is rewritten in each module to the URL of its compiled
// file (dist/src/<path>.js), so the data, the checked catalog, vega's bundle
// and the worker are found where they are without the bundle. vega and
// vega-lite stay outside (the CLI loads them from vega-bundle.cjs), so does
// cli-progress (required at the first progress bar).
//
// `modules.json` beside the chunks says which compiled modules and packages
// each chunk holds (test/cli-lazy.test.ts checks with it that a command loads
// no chunk holding what it does not use).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEsbuild } from './load-esbuild.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'dist', 'src');
const outdir = join(src, 'cli-bundle');

const esbuild = await loadEsbuild('build-cli', 'dist/src/bin.js runs the compiled modules instead', 'SPECSIM_CLI_OPTIONAL');
rmSync(outdir, { recursive: true, force: true });

const metaUrl = {
  name: 'compiled-module-url',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      // Every chunk is in dist/src/cli-bundle/, so the module's own URL is this path from the chunk's.
      const own = `new URL(${JSON.stringify(relative(outdir, args.path).split('\\').join('/'))}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', own), loader: 'js' };
    });
  },
};

const result = await esbuild.build({
  entryPoints: { main: join(src, 'cli', 'main.js') },
  bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20',
  outdir, chunkNames: 'chunk-[hash]',
  external: ['vega', 'vega-lite', 'cli-progress'],
  // The CommonJS packages inside (commander, seedrandom) call require() for node's modules.
  banner: { js: "import { createRequire as specsimRequire } from 'node:module'; const require = specsimRequire(import.meta.url);" },
  plugins: [metaUrl],
  minifyWhitespace: true, legalComments: 'eof', metafile: true, logLevel: 'warning',
});

const modules = {};
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  modules[relative(outdir, join(root, file))] = Object.keys(out.inputs).map((p) => relative(outdir, join(root, p)).split('\\').join('/')).sort();
}
writeFileSync(join(outdir, 'modules.json'), `${JSON.stringify(modules, null, 1)}\n`);
const bytes = Object.values(result.metafile.outputs).reduce((s, o) => s + o.bytes, 0);
console.log(`build-cli: ${relative(root, outdir)}/ (${Object.keys(modules).length} modules, ${Math.round(bytes / 1024)} KiB)`);
