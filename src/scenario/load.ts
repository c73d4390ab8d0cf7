/** Reading and validating a scenario file. */
import { dirname, resolve } from 'node:path';
import { readJsonFile } from '../catalog/json-file.js';
import { zodToUserError } from '../zod-error.js';
import { ScenarioSchema, type Scenario } from './schema.js';

/** Validate a parsed scenario document (`where` names it in errors). */
export function parseScenario(doc: unknown, where = 'scenario'): Scenario {
  const r = ScenarioSchema.safeParse(doc);
  if (!r.success) throw zodToUserError(r.error, where, ScenarioSchema, doc);
  return r.data;
}

/** Read and validate a scenario file; `baseDir` is where relative paths in it (trace files) resolve. */
export function loadScenario(path: string): { scenario: Scenario; baseDir: string } {
  return { scenario: parseScenario(readJsonFile(path), path), baseDir: dirname(resolve(path)) };
}
