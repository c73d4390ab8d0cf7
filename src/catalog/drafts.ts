/** The default draft model of a target, for `specsim compare` and `specsim optimize`. */
import { UserError } from '../errors.js';
import type { ModelSpec } from './model-schema.js';
import { activeParamCount, listModels, paramCount } from './models.js';
import { sharesTokenizer, tokenizerFamily } from './tokenizer.js';

/** Explicit draft choices for catalog targets: same tokenizer, a small member of the family. */
const DRAFT_BY_TARGET: readonly [RegExp, string][] = [
  [/^llama2-70b$/, 'tinyllama-1.1b'],
  [/^(llama2-(7b|13b)|vicuna-(7b|13b)|codellama-(7b|13b))$/, 'llama-68m'],
  [/^(vicuna-33b|codellama-34b)$/, 'tinyllama-1.1b'],
  [/^(llama3-|llama3\.1-|llama3\.2-3b|deepseek-r1-distill-llama)/, 'llama3.2-1b'],
  [/^qwen2\.5-(7b|72b)$/, 'qwen2.5-0.5b'],
  [/^gemma-7b$/, 'gemma-2b'],
];


/** Parameters a token passes through, embedding table included (the draft rule was set on this). */
function activeParams(m: ModelSpec): number {
  return activeParamCount(m) + paramCount(m).embedding;
}

/** A draft costs at most this share of the target's active parameters per token (else it eats the speedup). */
const MAX_DRAFT_SHARE = 1 / 4;

/**
 * The default draft model of a target: the table above for catalog models,
 * else the smallest catalog decoder of the same tokenizer family
 * (catalog/tokenizer.ts: not merely the same vocabulary size; Llama 2 and
 * Mistral both have 32,000 tokens) with at most a quarter of the target's
 * active parameters. A UserError when none is known.
 */
export function defaultDraft(target: ModelSpec): string {
  if (!target.source.startsWith('file:')) {
    for (const [re, id] of DRAFT_BY_TARGET) if (re.test(target.id) && id !== target.id) return id;
  }
  const active = activeParams(target);
  const candidates = listModels()
    .filter((m) => m.kind === 'decoder' && m.id !== target.id && sharesTokenizer(target, m) && activeParams(m) <= active * MAX_DRAFT_SHARE)
    .sort((a, b) => paramCount(a).total - paramCount(b).total);
  const c = candidates[0];
  if (!c) {
    const family = tokenizerFamily(target);
    const name = target.source.startsWith('file:') ? target.name : target.id;
    throw new UserError(`no default draft model for '${name}': the catalog has no small model of the ${family ? `${family.name} tokenizer family` : `same ${target.vocab}-token vocabulary`}; give one with --draft, or write a scenario with a 'draft' method`, '--draft');
  }
  return c.id;
}
