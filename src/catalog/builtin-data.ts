/**
 * The built-in catalog's data, checked. The build checks data/ with the zod
 * schemas once (scripts/build-catalog.mjs → builtin-catalog.json beside the
 * compiled module, with the text of the files and of the checking code it
 * was made from); start-up reads that result and loads no zod, which is most
 * of what `list` and `cost` would otherwise spend. If the result is missing
 * or was made from other texts (data edited since the build, or the
 * TypeScript sources under vitest), the files are checked here, as before,
 * all but the hardware profiles: those `hardware/builtin-data.ts` checks then
 * (each kind's schema is its backend's, a layer up). The playground's bundle
 * swaps this module for one that checks in the page.
 */
import { readFileSync } from 'node:fs';
import { CHECKED_CATALOG, checkedSources, readBuiltinFiles, sameSources, type BuiltinFile } from './builtin-files.js';
import type { BuiltinCatalog } from './builtin-validate.js';

function readChecked(files: readonly BuiltinFile[]): BuiltinCatalog | undefined {
  let doc: { sources?: unknown; catalog?: BuiltinCatalog };
  try {
    doc = JSON.parse(readFileSync(CHECKED_CATALOG, 'utf8')) as typeof doc;
  } catch {
    return undefined; // not built (vitest on the sources), or unreadable: check the files instead
  }
  return sameSources(doc.sources, checkedSources(files)) ? doc.catalog : undefined;
}

const files = readBuiltinFiles();

/** Models, engines and kernel numbers of data/, checked; the hardware profiles too when the build's result is current. */
export const BUILTIN_CATALOG: BuiltinCatalog = readChecked(files) ?? (await import('./builtin-validate.js')).validateBuiltins(files);
