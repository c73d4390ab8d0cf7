/**
 * Translate a Hugging Face `config.json` (LlamaForCausalLM, MistralForCausalLM,
 * MixtralForCausalLM, Qwen2ForCausalLM, GemmaForCausalLM and other llama-shaped
 * decoders; DeepSeek-V2/V3, Qwen2/3-MoE and GPT-OSS through `hf-arch.ts`) into a `ModelSpec`. Every problem is a one-line `UserError` naming
 * the file and the field.
 */
import { statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { parseJsonText } from './json-file.js';
import { userPath } from './data-dir.js';
import { INPUT_BYTES, readInputFile } from './read-file.js';
import { ModelSpecSchema, type ModelSpec } from './model-schema.js';
import { readAttentionKinds, readExperts, readMla, readMtpLayers, type ConfigReader } from './hf-arch.js';

type Json = Record<string, unknown>;

function describe(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/**
 * Read a Hugging Face `config.json`. `path` may also name the model directory
 * that holds it. id = `path` as given; name = `_name_or_path`, else the
 * directory's name; source = `file:<path>`.
 */
export function modelFromHfConfig(path: string): ModelSpec {
  const real = userPath(path);
  let file = real;
  try {
    if (statSync(real).isDirectory()) file = join(real, 'config.json');
  } catch {
    throw new UserError('no such file', path);
  }
  const text = readInputFile(file, 'Hugging Face config.json', INPUT_BYTES.json);
  const parsed = parseJsonText(text, file);
  const fname = basename(file);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UserError(`${fname} is not a JSON object`, file);
  }
  let cfg = parsed as Json;
  // Multimodal wrappers (LLaVA, Gemma 3, ...) keep the decoder under text_config.
  const tc = cfg['text_config'];
  if (cfg['hidden_size'] === undefined && tc !== null && typeof tc === 'object' && !Array.isArray(tc)) {
    cfg = { ...(tc as Json), _name_or_path: cfg['_name_or_path'] };
  }

  const present = (key: string): boolean => cfg[key] !== undefined && cfg[key] !== null;
  // Config integers are int32 in every framework; a larger one is a typo, and squared (hidden²) it would overflow to Infinity.
  const INT_MAX = 2 ** 31 - 1;
  const int = (key: string, min: number): number => {
    const what = min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer ≥ ${min}`;
    if (!present(key)) throw new UserError(`${fname} is missing '${key}' (${what})`, file);
    const v = cfg[key];
    if (typeof v === 'number' && Number.isInteger(v) && v > INT_MAX) throw new UserError(`${fname} has '${key}' = ${describe(v)}; expected ${what} below 2^31`, file);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw new UserError(`${fname} has '${key}' = ${describe(v)}; expected ${what}`, file);
    }
    return v;
  };
  const optInt = (key: string): number | undefined => (present(key) ? int(key, 1) : undefined);

  const hidden = int('hidden_size', 1);
  const layers = int('num_hidden_layers', 1);
  const heads = int('num_attention_heads', 1);
  const kvHeads = optInt('num_key_value_heads') ?? heads;
  if (heads % kvHeads !== 0) {
    throw new UserError(
      `${fname} has 'num_key_value_heads' = ${kvHeads}, which does not divide 'num_attention_heads' = ${heads}`, file);
  }
  const headDim = optInt('head_dim');
  if (headDim === undefined && hidden % heads !== 0) {
    throw new UserError(
      `${fname} is missing 'head_dim' (a positive integer), needed because 'hidden_size' = ${hidden} is not a multiple of 'num_attention_heads' = ${heads}`, file);
  }
  const intermediate = int('intermediate_size', 1);
  const vocab = int('vocab_size', 1);
  const modelType = typeof cfg['model_type'] === 'string' ? cfg['model_type'] : '';
  let tiedEmbeddings = /^gemma/.test(modelType); // Gemma's config class defaults to tied; llama-likes to untied
  if (present('tie_word_embeddings')) {
    const v = cfg['tie_word_embeddings'];
    if (typeof v !== 'boolean') {
      throw new UserError(`${fname} has 'tie_word_embeddings' = ${describe(v)}; expected true or false`, file);
    }
    tiedEmbeddings = v;
  }
  const maxContext = optInt('max_position_embeddings');

  const reader: ConfigReader = { cfg, fname, file, present, int, describe };
  const experts = readExperts(reader, layers);
  const mla = readMla(reader);
  const sliding = readAttentionKinds(reader, layers);
  const mtpLayers = readMtpLayers(reader);

  const nameOrPath = cfg['_name_or_path'];
  const dirName = basename(dirname(resolve(file)));
  const name = typeof nameOrPath === 'string' && nameOrPath.trim() !== ''
    ? nameOrPath.trim()
    : dirName !== '' ? dirName : fname;

  const spec = {
    id: path,
    name,
    source: `file:${path}`,
    kind: 'decoder' as const,
    hidden,
    layers,
    heads,
    kvHeads,
    ...(headDim !== undefined ? { headDim } : {}),
    intermediate,
    vocab,
    tiedEmbeddings,
    ...(experts ? { experts } : {}),
    ...(mla ? { mla } : {}),
    ...(sliding ? { sliding } : {}),
    ...(mtpLayers !== undefined ? { mtpLayers } : {}),
    ...(maxContext !== undefined ? { maxContext } : {}),
    ...(modelType !== '' ? { modelType } : {}),
  };
  const checked = ModelSpecSchema.safeParse(spec);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UserError(`${fname} gives an invalid model: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem'}`, file);
  }
  return checked.data;
}
