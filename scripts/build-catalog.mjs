// Checks the built-in catalog (data/models.json, kernels.json, hardware/,
// engines/) with its zod schemas (hardware: each kind's, from its backend) once, at build time (part of `npm run build`
// and of `prepare`, after tsc), and writes the result with the texts it was
// made from beside the compiled catalog (dist/src/catalog/builtin-catalog.json).
// Start-up then reads it and loads no zod (src/catalog/builtin-data.ts). A bad
// built-in file fails the build with the one line the CLI would print.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mod = (p) => import(pathToFileURL(join(root, 'dist', 'src', p)).href);
const { readBuiltinFiles, checkedSources, CHECKED_CATALOG } = await mod('catalog/builtin-files.js');
const { validateBuiltins } = await mod('catalog/builtin-validate.js');
const { checkBuiltinHardware } = await mod('hardware/check.js');
const files = readBuiltinFiles();
let catalog;
try {
  const { models, engines, kernels } = validateBuiltins(files);
  catalog = { models, hardware: checkBuiltinHardware(files), engines, kernels };
} catch (e) {
  console.error(`build-catalog: ${typeof e?.line === 'function' ? e.line().replace(/^specsim: /, '') : e?.message ?? e}`);
  process.exit(1);
}
writeFileSync(CHECKED_CATALOG, `${JSON.stringify({ sources: checkedSources(files), catalog })}\n`);
console.log(`build-catalog: ${fileURLToPath(CHECKED_CATALOG).slice(root.length + 1)} (${catalog.models.length} models, ${catalog.hardware.length} hardware, ${catalog.engines.length} engines)`);
