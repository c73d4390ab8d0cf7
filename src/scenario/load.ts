/** Reading and validating a scenario file, and the work it asks for. */
import { dirname, isAbsolute, resolve } from 'node:path';
import { checkBudget, type Work } from '../budget.js';
import { oneLine, UserError } from '../errors.js';
import { resolveModel } from '../catalog/models.js';
import { derivedModel } from '../catalog/derived-models.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { tokenizerFamily } from '../catalog/tokenizer.js';
import { lengthBound } from '../workload/lengths.js';
import { readJsonFile } from '../catalog/json-file.js';
import { readTrace } from '../workload/trace.js';
import { rateSweep } from '../workload/index.js';
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
  const points = resolveHardwareEntries(s).length * (rateSweep(s.workload)?.length ?? s.batch.length) * methods;
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

/** Vocabularies may differ by padding (Qwen pads 151,646 tokens to 151,936 or 152,064); beyond this they are other tokenizers. */
const VOCAB_TOLERANCE = 0.02;

/**
 * Refuse set-ups that would run but mean nothing: a batch size twice, a
 * speculative method labelled as the baseline, requests with one output token
 * only (no time per output token exists), a draft with another tokenizer's
 * vocabulary, prompts beyond the target's context.
 */
export function checkScenarioSense(s: Scenario, baseDir: string, where: string): void {
  const seen = new Map<number, number>();
  s.batch.forEach((b, i) => {
    if (seen.has(b)) throw new UserError(`batch ${b} is listed twice (also at $.batch[${seen.get(b)}]); each batch size is one point`, `${where} at $.batch[${i}]`);
    seen.set(b, i);
  });
  s.methods.forEach((m, i) => {
    if (m.kind !== 'autoregressive' && m.label === 'autoregressive') {
      throw new UserError(`a ${m.kind} method cannot be labelled 'autoregressive': that is the baseline every speedup divides by`, `${where} at $.methods[${i}].label`);
    }
  });
  const w = s.workload;
  const trace = w.kind === 'trace' ? readTrace(isAbsolute(w.file) ? w.file : resolve(baseDir, w.file)) : undefined;
  // A lognormal with any spread has longer samples in its tail; only a fixed length, a range or a zero-spread lognormal can be all ones.
  const longest = (len: Length): number => (typeof len === 'object' && len.dist === 'lognormal' && len.sigma > 0 ? Infinity : lengthBound(len));
  const maxOutput = trace ? Math.max(...trace.map((r) => r.outputTokens)) : w.kind === 'trace' ? 0 : longest(w.outputTokens);
  if (maxOutput <= 1) {
    throw new UserError('every request has 1 output token, so there is no time per output token (or speculation) to measure; give outputs of 2 tokens or more', `${where} at $.workload${trace ? '.file' : '.outputTokens'}`);
  }
  const target = resolveModel(s.model, `${where} at $.model`);
  s.methods.forEach((m, i) => {
    if (m.kind === 'draft') checkDraftPair(target, resolveModel(m.draft, `${where} at $.methods[${i}].draft`), `${where} at $.methods[${i}].draft`);
  });
  const longestRequest = trace ? Math.max(...trace.map((r) => r.promptTokens + r.outputTokens)) : w.kind === 'trace' ? 0 : lengthBound(w.promptTokens) + lengthBound(w.outputTokens);
  checkContext(target, longestRequest, `${where} at $.workload`);
}

/** A draft model must be a full decoder with the target's tokenizer: the same family when both are known (catalog/tokenizer.ts), and its vocabulary up to padding. */
export function checkDraftPair(target: ModelSpec, draft: ModelSpec, where: string): void {
  const derived = derivedModel(draft.kind ?? 'decoder');
  if (derived) {
    throw new UserError(`draft '${oneLine(draft.id, 60)}' is ${derived.what}, not a model that drafts alone; use the ${derived.method} method, or a small decoder as the draft`, where);
  }
  if (Math.abs(draft.vocab - target.vocab) > VOCAB_TOLERANCE * Math.max(draft.vocab, target.vocab)) {
    throw new UserError(`draft '${oneLine(draft.id, 60)}' has a vocabulary of ${draft.vocab} tokens and target '${oneLine(target.id, 60)}' of ${target.vocab}: a draft must share the target's tokenizer`, where);
  }
  // Even with equal vocabulary sizes, two known families must be the same one: Llama 2 and Mistral both have 32,000 tokens that mean different words.
  const a = tokenizerFamily(target);
  const b = tokenizerFamily(draft);
  if (a && b && a.id !== b.id) {
    throw new UserError(`draft '${oneLine(draft.id, 60)}' uses the ${b.name} tokenizer and target '${oneLine(target.id, 60)}' ${a.name}: a draft must share the target's tokenizer`, where);
  }
}

/** Requests of `tokens` (prompt + output) must fit the target's context (`max_position_embeddings`), when it has one. */
export function checkContext(target: ModelSpec, tokens: number, where: string): void {
  if (target.maxContext !== undefined && tokens > target.maxContext) {
    throw new UserError(`requests of up to ${tokens} tokens (prompt + output) exceed the ${target.maxContext}-token context of '${oneLine(target.id, 60)}'; shorten them`, where);
  }
}
