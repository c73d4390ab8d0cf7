// Bundles vega and vega-lite into one CommonJS file for the CLI and records
// V8's code cache of it (part of `npm run build` and of `prepare`, after tsc):
// dist/src/report/vega-bundle.cjs and vega-bundle.cache, which
// src/report/vega-bundle.ts loads instead of importing the ~60 ES modules of
// the two packages (why, and when V8 refuses the cache: that file).
//
// The cache is made after rendering the charts of a small scenario, so it
// holds the bytecode of the vega functions charts call, not only the
// bundle's top level; it is made under the CLI's V8 flags (src/v8-flags.ts),
// as V8 takes a cache only from a process whose flags hash the same.
//
// vega-canvas is replaced by a module that has no canvas: it would try to
// import the optional `canvas` package with a top-level await (which a
// CommonJS bundle cannot hold); without it vega estimates text widths, as it
// does when `canvas` is not installed (it is not a dependency).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadEsbuild } from './load-esbuild.mjs';
import { WARM_UP_SCENARIO } from './warm-up-scenario.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(pathToFileURL(join(root, 'dist', 'src', p)).href);

const esbuild = await loadEsbuild('build-vega', 'the CLI imports vega and vega-lite instead', 'SPECSIM_VEGA_OPTIONAL');

const { setCliV8Flags } = await dist('v8-flags.js');
setCliV8Flags();
const { VEGA_BUNDLE, VEGA_CACHE, loadVegaBundle } = await dist('report/vega-bundle.js');
rmSync(VEGA_CACHE, { force: true });

const noCanvas = {
  name: 'no-canvas',
  setup(build) {
    build.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: 'vega-canvas', namespace: 'no-canvas' }));
    build.onLoad({ filter: /.*/, namespace: 'no-canvas' }, () => ({
      contents: 'export const canvas = () => null, domCanvas = () => null, nodeCanvas = () => null, image = () => null;',
      loader: 'js',
    }));
  },
};
// vega parses every expression of a spec from its text (vega-functions'
// parser): the quickstart's nine charts parse 3,513 expressions, 340 of them
// distinct (each facet and layer repeats its encodings and signals). The
// syntax tree depends on the text alone and nothing writes to it (the
// dependency visit and the code generator only read it), so the bundle keeps
// one per text. Measured over the quickstart's charts: parsing 39-64 -> 15-18 ms.
const PARSE_CALL = '    ast = parseExpression(expr);\n';
const memoParse = {
  name: 'memo-expression-parse',
  setup(build) {
    build.onLoad({ filter: /[\\/]vega-functions[\\/]build[\\/]vega-functions\.js$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(PARSE_CALL)) throw new Error(`build-vega: vega-functions no longer parses with "${PARSE_CALL.trim()}" (${args.path}); update the memo-expression-parse plugin`);
      const memo = `
const specsimParsed = new Map();
function specsimParse(expr) {
  let ast = specsimParsed.get(expr);
  if (ast === undefined) {
    if (specsimParsed.size >= 20000) specsimParsed.clear();
    specsimParsed.set(expr, (ast = parseExpression(expr)));
  }
  return ast;
}
`;
      return { contents: source.replace(PARSE_CALL, '    ast = specsimParse(expr);\n') + memo, loader: 'js' };
    });
  },
};
await esbuild.build({
  stdin: { contents: "export * as vega from 'vega';\nexport { compile } from 'vega-lite';\n", resolveDir: root, loader: 'js' },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: VEGA_BUNDLE,
  minifyWhitespace: true, legalComments: 'none', logLevel: 'warning', plugins: [noCanvas, memoParse],
});

// Warm up: the charts of a small scenario (two GPUs, three methods, two batch sizes).
const bundle = loadVegaBundle({ cache: false });
const { useVega } = await dist('report/render-svg.js');
useVega(bundle.lib);
const { parseScenario } = await dist('scenario/load.js');
const { runScenario } = await dist('scenario/run.js');
const { renderCharts } = await dist('charts/write.js');
const report = runScenario(parseScenario({ name: 'vega-warm-up', ...WARM_UP_SCENARIO }));
const charts = renderCharts(report);
writeFileSync(VEGA_CACHE, bundle.script.createCachedData());
const rel = (p) => p.slice(root.length + 1);
console.log(`build-vega: ${rel(VEGA_BUNDLE)}, ${rel(VEGA_CACHE)} (warmed by ${charts.length} charts)`);
