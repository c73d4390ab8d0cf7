// Builds the browser playground (`npm run playground`, and part of `npm run
// build`): esbuild bundles the simulator into a Web Worker and the page's
// script, with the shipped data embedded, and dist/src/playground/template.js
// (compiled by tsc first) puts both into one self-contained
// dist/playground/playground.html, which `specsim playground` copies out.
//
// The seams: in the worker bundle `node:fs`, `node:path`, `node:url`, the
// catalog's file reader and its checked-catalog loader are replaced by
// src/playground/browser/*, which read the embedded data/ folder; any other Node module reached from the worker
// entry (worker_threads, os, child_process...) fails the build.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadEsbuild } from './load-esbuild.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = (p) => join(root, 'src', 'playground', p);

const esbuild = await loadEsbuild('build-playground', 'dist/playground/ not built', 'SPECSIM_PLAYGROUND_OPTIONAL');

/** The data files the simulator reads, keyed by the path the browser fs answers to. */
function embeddedData() {
  const files = {};
  const add = (rel) => { files[`/data/${rel}`] = readFileSync(join(root, 'data', rel), 'utf8'); };
  for (const dir of ['hardware', 'engines', 'reference']) {
    for (const f of readdirSync(join(root, 'data', dir)).filter((f) => f.endsWith('.json')).sort()) add(`${dir}/${f}`);
  }
  add('models.json');
  add('kernels.json');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  files['/package.json'] = JSON.stringify({ version });
  return files;
}

const BROWSER = { 'node:fs': 'fs.ts', fs: 'fs.ts', 'node:path': 'path.ts', path: 'path.ts', 'node:url': 'url.ts', url: 'url.ts' };

const seams = {
  name: 'specsim-browser-seams',
  setup(build) {
    build.onResolve({ filter: /^specsim:data$/ }, () => ({ path: 'data', namespace: 'specsim-data' }));
    build.onLoad({ filter: /.*/, namespace: 'specsim-data' }, () => ({ contents: `export default ${JSON.stringify(embeddedData())};`, loader: 'js' }));
    build.onResolve({ filter: /^(node:)?[a-z_]+$/ }, (args) => {
      if (BROWSER[args.path]) return { path: src(join('browser', BROWSER[args.path])) };
      if (args.path.startsWith('node:')) return { errors: [{ text: `${args.path} is Node-only and must stay out of the playground (imported by ${args.importer})` }] };
      return undefined;
    });
    const reader = join(root, 'src', 'catalog', 'read-file.js');
    build.onResolve({ filter: /\/read-file\.js$/ }, (args) => (resolve(args.resolveDir, args.path) === reader ? { path: src(join('browser', 'read-file.ts')) } : undefined));
    // The checked catalog's loaders (data/ and the hardware profiles) read a build product with a top-level await; the
    // page checks the embedded files instead.
    const loaders = {
      [join(root, 'src', 'catalog', 'builtin-data.js')]: 'builtin-data.ts',
      [join(root, 'src', 'hardware', 'builtin-data.js')]: 'hardware-data.ts',
    };
    build.onResolve({ filter: /\/builtin-data\.js$/ }, (args) => {
      const swap = loaders[resolve(args.resolveDir, args.path)];
      return swap ? { path: src(join('browser', swap)) } : undefined;
    });
  },
};

const common = { bundle: true, format: 'iife', platform: 'browser', target: 'es2022', minify: true, write: false, legalComments: 'none', logLevel: 'warning' };
const [worker, page] = await Promise.all([
  esbuild.build({ ...common, entryPoints: [src('worker.ts')], plugins: [seams], define: { 'process.env': '{}', 'import.meta.url': '"file:///src/catalog/module.js"' } }),
  esbuild.build({ ...common, entryPoints: [src('page/main.ts')] }),
]);

const { playgroundHtml } = await import(pathToFileURL(join(root, 'dist', 'src', 'playground', 'template.js')).href);
const quickstart = JSON.parse(readFileSync(join(root, 'scenarios', 'quickstart.json'), 'utf8'));
delete quickstart.$schema;
if (process.env.PLAYGROUND_DUMP) writeFileSync(process.env.PLAYGROUND_DUMP, worker.outputFiles[0].text);
const html = playgroundHtml({ workerJs: worker.outputFiles[0].text, pageJs: page.outputFiles[0].text, defaultScenario: quickstart });
mkdirSync(join(root, 'dist', 'playground'), { recursive: true });
writeFileSync(join(root, 'dist', 'playground', 'playground.html'), html);
console.log(`build-playground: dist/playground/playground.html (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB)`);
