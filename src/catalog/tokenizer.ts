/**
 * Tokenizer families: a draft model can propose tokens for a target only if
 * both use the same tokenizer. The vocabulary size alone does not say so:
 * Llama 2 and Mistral 7B v0.1 both have 32,000-token SentencePiece
 * vocabularies with different pieces, so a Llama draft proposes ids that
 * mean other words to Mistral. A family is named from the model's id (the
 * catalog) or its `model_type` and `_name_or_path` (a Hugging Face
 * config.json); two models share a tokenizer when their families and
 * vocabulary sizes match.
 */
import type { ModelSpec } from './model-schema.js';

export interface TokenizerFamily {
  /** Short id: llama2, llama3, mistral, qwen2, gemma, ... */
  id: string;
  /** How a person names it: "Llama 2 (SentencePiece, 32k)". */
  name: string;
}

const FAMILIES: Readonly<Record<string, string>> = {
  llama2: 'Llama 2 (SentencePiece)',
  llama3: 'Llama 3 (tiktoken)',
  mistral: 'Mistral',
  qwen2: 'Qwen2',
  gemma: 'Gemma',
  deepseek2: 'DeepSeek-V2 (102k)',
  deepseek3: 'DeepSeek-V3 (129k)',
  gpt: 'GPT (tiktoken o200k)',
};

/** Catalog ids and Hugging Face names/model types → family, first match wins. */
const RULES: readonly [RegExp, (vocab: number) => string][] = [
  [/mistral|mixtral|zephyr|ministral|codestral/i, () => 'mistral'],
  [/deepseek-r1-distill-llama|llama-?3|llama3/i, () => 'llama3'],
  [/deepseek-r1-distill-qwen|qwen/i, () => 'qwen2'],
  // DeepSeek-V2's 102,400-token vocabulary is not V3's 129,280.
  [/deepseek/i, (vocab) => (vocab >= 120_000 ? 'deepseek3' : 'deepseek2')],
  [/gemma/i, () => 'gemma'],
  [/gpt-oss/i, () => 'gpt'],
  // Llama-2-era models (Vicuna, Code Llama, TinyLlama, JackFram's small llamas): the 32k SentencePiece vocabulary.
  [/llama|vicuna|alpaca/i, (vocab) => (vocab >= 100_000 ? 'llama3' : 'llama2')],
];

/**
 * The tokenizer family of a model, or undefined when nothing names it.
 * A catalog model is named by its id; a config.json by its `name`
 * (`_name_or_path`), then its `modelType` (`model_type`, which says less:
 * `llama` covers the Llama 2 and Llama 3 tokenizers, told apart by size).
 * A file's path is never read: a folder name is no evidence.
 */
export function tokenizerFamily(model: Pick<ModelSpec, 'id' | 'name' | 'vocab' | 'source' | 'modelType'>): TokenizerFamily | undefined {
  const fromFile = model.source.startsWith('file:');
  for (const text of [fromFile ? '' : model.id, model.name, model.modelType ?? '']) {
    if (text === '') continue;
    for (const [re, family] of RULES) {
      if (re.test(text)) {
        const id = family(model.vocab);
        return { id, name: FAMILIES[id] ?? id };
      }
    }
  }
  return undefined;
}

/**
 * Whether `draft` can draft for `target`: the same family when both are
 * known (Code Llama's 32,016 tokens extend Llama 2's 32,000), else the same
 * vocabulary size.
 */
export function sharesTokenizer(target: ModelSpec, draft: ModelSpec): boolean {
  const a = tokenizerFamily(target);
  const b = tokenizerFamily(draft);
  return a !== undefined && b !== undefined ? a.id === b.id : draft.vocab === target.vocab;
}
