/**
 * zod, as every module of specsim imports it (`import { z } from './zod.js'`).
 *
 * Importing the zod package resolves and compiles ~95 ES modules (its
 * locales among them), ~55 ms of CPU on every `run`, `compare`, `optimize`
 * and `validate`. The build (scripts/build-zod.mjs) replaces the compiled
 * dist/src/zod.js with zod bundled into that one file, which loads in ~20 ms;
 * every module of the build then shares that one copy. Without that step
 * (a plain `tsc`, vitest on the sources) this re-export is the package itself.
 */
export { z } from 'zod';
