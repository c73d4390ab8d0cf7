/** Reading and validating a scenario file, and the work it asks for. */
import { dirname, isAbsolute, resolve } from 'node:path';
import { checkBudget, type Work } from '../budget.js';
import { UserError } from '../errors.js';
import { readJsonFile } from '../catalog/json-file.js';
import { readTrace } from '../workload/trace.js';
import { zodToUserError } from '../zod-error.js';
import { LIMITS, ScenarioSchema, resolveHardwareEntries, type Length, type Scenario } from './schema.js';

/** Validate a parsed scenario document (`where` names it in errors). */
export function parseScenario(doc: unknown, where = 'scenario'): Scenario {
  const r = ScenarioSchema.safeParse(doc);
  if (!r.success) throw zodToUserError(r.error, where, ScenarioSchema, doc);
  return r.data;
}

/**
 * Read and validate a scenario file (`-`: standard input); `baseDir` is where
 * relative paths in it (hardware, model, draft and trace files) resolve: the
 * scenario file's folder (the working directory for standard input).
 */
export function loadScenario(path: string): { scenario: Scenario; baseDir: string } {
  return { scenario: parseScenario(readJsonFile(path, { stdin: true }), path === '-' ? 'standard input' : path), baseDir: path === '-' ? process.cwd() : dirname(resolve(path)) };
}

/** Output tokens of a length spec, as the budget counts them: the largest for a range, the mean for a lognormal (samples are capped). */
function outputTokens(len: Length): number {
  if (typeof len === 'number') return len;
  return len.dist === 'uniform' ? len.max : Math.min(len.mean, LIMITS.tokens);
}

/**
 * What a scenario asks for: points (hardware × batch × methods, plus the
 * autoregressive baseline every speedup needs) and simulated output tokens.
 * Reads the trace file of a trace workload (cached for the run).
 */
export function scenarioWork(s: Scenario, baseDir: string): Work & { tokensPerPoint: number } {
  const methods = s.methods.length + (s.methods.some((m) => m.kind === 'autoregressive') ? 0 : 1);
  const points = resolveHardwareEntries(s).length * s.batch.length * methods;
  const w = s.workload;
  const tokensPerPoint = w.kind === 'trace'
    ? readTrace(isAbsolute(w.file) ? w.file : resolve(baseDir, w.file)).reduce((a, r) => a + r.outputTokens, 0)
    : w.requests * outputTokens(w.outputTokens);
  return { points, tokens: points * tokensPerPoint, tokensPerPoint };
}

/** Refuse a scenario beyond the run budget (src/budget.ts) or a trace beyond the per-point limit, before any simulation. */
export function checkScenarioBudget(s: Scenario, baseDir: string, where: string): void {
  const work = scenarioWork(s, baseDir);
  if (work.tokensPerPoint > LIMITS.tokensPerPoint) {
    throw new UserError(`the trace holds ${work.tokensPerPoint} output tokens, above the limit of ${LIMITS.tokensPerPoint} simulated tokens per point (about a minute each); shorten it`, where);
  }
  checkBudget(work, where, 'the scenario');
}
