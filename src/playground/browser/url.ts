/** The browser build's `node:url`: the catalog asks where its module is; in the page the data folder is '/data'. */
export const fileURLToPath = (_u: string | URL): string => '/src/catalog/module.js';
export const pathToFileURL = (p: string): URL => new URL(`file://${p}`);
export default { fileURLToPath, pathToFileURL };
