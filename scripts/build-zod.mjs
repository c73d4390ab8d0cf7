// Replaces the compiled dist/src/zod.js (a re-export of the zod package)
// with zod bundled into that one file (part of `npm run build` and of
// `prepare`, after tsc): the package's ESM build is ~95 modules, which cost
// ~55 ms of CPU to resolve and compile on every command that validates; the
// bundle loads in ~20 ms (src/zod.ts). Every compiled module imports zod
// through dist/src/zod.js, so the build holds one copy of it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEsbuild } from './load-esbuild.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'src', 'zod.js');

const esbuild = await loadEsbuild('build-zod', 'dist/src/zod.js imports the zod package instead', 'SPECSIM_ZOD_OPTIONAL');
// What tsc made of src/zod.ts, so a second run (prepare after build) bundles again from the source, not from a bundle.
const stdin = readFileSync(join(root, 'src', 'zod.ts'), 'utf8');
await esbuild.build({
  stdin: { contents: stdin, resolveDir: join(root, 'src'), loader: 'ts' },
  bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out,
  minifyWhitespace: true, legalComments: 'none', logLevel: 'warning',
});
console.log(`build-zod: ${out.slice(root.length + 1)} (zod in one file)`);
