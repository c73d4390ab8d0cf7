/** The default draft model of a target, for `specsim compare` and `specsim optimize`. */
import { UserError } from '../errors.js';
import type { ModelSpec } from './model-schema.js';
import { listModels, paramCount } from './models.js';

/** Explicit draft choices: same tokenizer, a small member of the family. */
const DRAFT_BY_TARGET: readonly [RegExp, string][] = [
  [/^llama2-70b$/, 'tinyllama-1.1b'],
  [/^(llama2-(7b|13b)|vicuna-(7b|13b)|codellama-(7b|13b))$/, 'llama-68m'],
  [/^(vicuna-33b|codellama-34b)$/, 'tinyllama-1.1b'],
  [/^(llama3-|llama3\.1-|llama3\.2-3b|deepseek-r1-distill-llama)/, 'llama3.2-1b'],
  [/^qwen2\.5-(7b|72b)$/, 'qwen2.5-0.5b'],
  [/^gemma-7b$/, 'gemma-2b'],
];

/** The default draft model of a target: the table above, else the smallest catalog model with the same vocabulary and ≤ 1/8 of its parameters. */
export function defaultDraft(target: ModelSpec): string {
  for (const [re, id] of DRAFT_BY_TARGET) if (re.test(target.id) && id !== target.id) return id;
  const p = paramCount(target).total;
  const candidates = listModels()
    .filter((m) => m.vocab === target.vocab && m.id !== target.id && paramCount(m).total <= p / 8)
    .sort((a, b) => paramCount(a).total - paramCount(b).total);
  const c = candidates[0];
  if (!c) throw new UserError(`no default draft model for '${target.id}' (none in the catalog shares its vocabulary); write a scenario with a 'draft' method`, '--method');
  return c.id;
}
