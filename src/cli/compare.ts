/**
 * `specsim compare`: hardware × one model × methods × batch sizes without a
 * scenario file. The scenario is built in memory with sensible defaults per
 * method kind (autoregressive is always included, for the speedups), run
 * through `runScenario`, and written like `specsim run` (atomically).
 */
import type { Command } from 'commander';
import { termText } from '../report/escape.js';
import { join } from 'node:path';
import { resolveHardware } from '../hardware/resolve.js';
import { resolveModel } from '../catalog/models.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { checkParallelism } from '../cost/parallelism.js';
import { smallestFittingTp } from '../methods/fits.js';
import { backendOf } from '../cost/backends/index.js';
import { KV_DTYPES, WEIGHT_DTYPES, type KvDtype, type WeightDtype } from '../cost/operators.js';
import { UserError } from '../errors.js';
import { buildMethod, methodDefinition } from '../methods/index.js';
import { checkScenarioSense, parseScenario, scenarioWork } from '../scenario/load.js';
import { checkBudget } from '../budget.js';
import { WORKER_MIN_TOKENS, defaultJobs, runScenarioParallel } from '../scenario/parallel.js';
import { FIELDS, type MethodSpec, type Scenario, type ScenarioInput } from '../scenario/schema.js';
import { checkReportDir, reportJson, writeReport } from '../report/write.js';
import { overloadWarnings, runningCapNotes } from '../report/load.js';
import { METHOD_KINDS } from './method-kinds.js';
import { parseChoice, parseDecimal, parseInt1, parseIntList, parseList, parseNumber } from './options.js';
import { temperatureField } from '../acceptance/index.js';
import { createProgress } from './progress.js';
import { resultsTable } from '../report/terminal.js';
import { addEconomicsOptions, applyEconomics, prepareEconomics, type EconomicsFlags } from './economics-flags.js';
import { checkFlagsApply, tuneMethod, type MethodFlags } from './compare-methods.js';
import { DEFAULT_ENGINE, engineRuns, resolveEngine, type EngineProfile } from '../catalog/engines.js';

export interface CompareInput {
  hardware: string[];
  model: string;
  /** Method kinds; autoregressive is added when missing. */
  methods: string[];
  batch: number[];
  requests?: number;
  promptTokens?: number;
  outputTokens?: number;
  seed?: number;
  /** Force a tensor-parallel degree instead of choosing one. */
  tp?: number;
  /** Weight and KV-cache dtypes (default bf16). */
  dtype?: string;
  kvDtype?: string;
  /** Flags that tune the methods (draft, α, γ, tree, heads, accuracy). */
  methodFlags?: MethodFlags;
  /** Poisson arrivals at this many requests/s (batch sizes become caps); default a closed workload. */
  rate?: number;
  /** The model's name in the report (default: the catalog id, or a config.json's `_name_or_path`). */
  name?: string;
  /** Serving engine profile id or file (default none). */
  engine?: string;
  /** Sampling temperature (default: none set, greedy). */
  temperature?: number;
}


/**
 * The method a kind gets by default in `compare` (its definition's
 * `compareDefault`): its tree where the engine verifies trees, a chain of the
 * same kind where it runs chains only.
 */
export function defaultMethod(kind: string, target: ModelSpec, engine?: EngineProfile): MethodSpec {
  const d = methodDefinition(kind);
  if (!d) throw new UserError(`unknown method kind '${kind}'; known: ${METHOD_KINDS.map((m) => m.id).join(', ')}`, '--method');
  return d.compareDefault(target, { chainsOnly: engine !== undefined && engineRuns(engine, kind)?.trees === false });
}

/**
 * The smallest power-of-two tensor-parallel degree (≤ 8) at which every GPU
 * holds the target, the methods' resident models and the KV cache of the
 * largest batch; 8 when none does (the run then reports what does not fit).
 */
export function chooseTp(scenario: Scenario): { tp: Map<string, number>; notes: string[] } {
  const target = resolveModel(scenario.model, '--model');
  const maxBatch = Math.max(...scenario.batch);
  const w = scenario.workload;
  const context = w.kind === 'trace' ? 4096 : (typeof w.promptTokens === 'number' ? w.promptTokens : 2048) + (typeof w.outputTokens === 'number' ? w.outputTokens : 2048);
  const tp = new Map<string, number>();
  const notes: string[] = [];
  for (const entry of scenario.hardware) {
    const id = typeof entry === 'string' ? entry : entry.id;
    const hw = resolveHardware(id);
    if (backendOf(hw).sizesItself) continue;
    const chosen = smallestFittingTp([1, 2, 4, 8], (t) => {
      const opts = { tp: t, weightDtype: scenario.dtype as WeightDtype, kvDtype: scenario.kvDtype as KvDtype, cudaGraphs: true };
      checkParallelism(hw, target, t, '--tp');
      const env = { hw, target, opts, draftDevice: scenario.draftDevice, ...(scenario.temperature !== undefined ? { temperature: scenario.temperature } : {}) };
      return { env, methods: scenario.methods.map((m, i) => buildMethod(m, env, `--method[${i}]`)) };
    }, { batch: maxBatch, contextTokens: context });
    notes.push(chosen === undefined
      ? `${hw.id}: batch ${maxBatch} does not fit even at tp 8`
      : `${hw.id}: tp ${chosen} is the smallest power of two that fits batch ${maxBatch} at ${context} tokens per sequence`);
    tp.set(id, chosen ?? 8);
  }
  return { tp, notes };
}

/** The scenario `compare` runs, validated like a scenario file, with what was chosen for the user. */
export function buildCompareScenario(input: CompareInput): { scenario: Scenario; notes: string[] } {
  const target = resolveModel(input.model, '--model');
  for (const h of input.hardware) resolveHardware(h);
  const engine = resolveEngine(input.engine ?? DEFAULT_ENGINE, '--engine');
  const kinds = ['autoregressive', ...input.methods.filter((k) => k !== 'autoregressive')];
  const unique = [...new Set(kinds)];
  const maxBatch = Math.max(...input.batch);
  checkFlagsApply(unique, input.methodFlags ?? {});
  const flags = input.methodFlags ?? {};
  const base = (k: string): MethodSpec => {
    // The default draft may be unknown (no small model of the target's tokenizer): a --draft makes that moot.
    if (k === 'draft' && flags.draft !== undefined) return { kind: 'draft', draft: flags.draft, gamma: 4, acceptance: { kind: 'iid', alpha: 0.7 } };
    return defaultMethod(k, target, engine);
  };
  const tuned = unique.map((k) => tuneMethod(base(k), target, flags));
  // A config.json is named by its `_name_or_path` (or folder), never by its path.
  const modelName = input.name ?? (target.source.startsWith('file:') ? target.name : target.id);
  const requests = input.requests ?? Math.max(32, 2 * maxBatch);
  const lengths = { promptTokens: input.promptTokens ?? 512, outputTokens: input.outputTokens ?? 128 };
  const doc: ScenarioInput = {
    name: `compare-${modelName}`.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+$/, '').slice(0, 100),
    seed: input.seed ?? 42,
    hardware: input.hardware,
    model: input.model,
    batch: [...new Set(input.batch)].sort((a, b) => a - b),
    workload: input.rate !== undefined
      ? { kind: 'poisson', rate: input.rate, requests, ...lengths }
      : { kind: 'closed', requests, ...lengths },
    methods: tuned.map((t) => t.spec),
    ...(input.engine !== undefined ? { engine: input.engine } : {}),
    ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
    ...(tuned.some((t) => t.assumptions.length > 0) ? { notes: tuned.flatMap((t) => t.assumptions) } : {}),
    ...(input.dtype !== undefined ? { dtype: input.dtype } : {}),
    ...(input.kvDtype !== undefined ? { kvDtype: input.kvDtype } : {}),
  };
  let scenario = parseScenario(doc, 'compare');
  const notes: string[] = [];
  if (input.tp !== undefined) {
    scenario = { ...scenario, tp: input.tp };
    notes.push(`tp ${input.tp} (--tp)`);
  } else {
    // Each GPU gets its own smallest tp, so the comparison shows how many GPUs each needs.
    const chosen = chooseTp(scenario);
    // Labelled by the id, as `run` names a plain id (the tp shows in the settings table and on each panel).
    scenario = { ...scenario, hardware: input.hardware.map((id) => (chosen.tp.has(id) ? { id, tp: chosen.tp.get(id)!, label: id } : id)) };
    notes.push(...chosen.notes);
    if (chosen.notes.length > 0) notes.push('each GPU uses its own tp (override with --tp)');
  }
  notes.push(...tuned.flatMap((t) => t.assumptions));
  return { scenario, notes };
}

interface CompareFlags extends EconomicsFlags {
  hardware: string; model: string; method: string; batch: string; out?: string; seed?: string; tp?: string;
  requests?: string; promptTokens?: string; outputTokens?: string; quiet?: boolean; json?: boolean; jobs?: string; charts: boolean;
  dtype: string; kvDtype: string; engine?: string; temperature?: string;
  draft?: string; alpha?: string; gamma?: string; tree?: string; heads?: string; accuracy?: string; rate?: string; name?: string;
  draftTp?: string; draftDtype?: string; draftPlacement?: string;
}

function parseRate(value: string): number {
  const n = parseDecimal(value);
  if (value.trim() === '' || !(n > 0) || !Number.isFinite(n)) throw new UserError(`'${value}' is not a positive number of requests per second`, '--rate');
  return n;
}

function parseFraction(value: string, flag: string): number {
  const n = parseDecimal(value);
  if (value.trim() === '' || !(n > 0 && n < 1)) throw new UserError(`'${value}' is not a probability strictly between 0 and 1`, flag);
  return n;
}

export function compareCommand(program: Command): void {
  const cmd = program.command('compare')
    .description('compare hardware for one model and methods, without a scenario file (same report as run)')
    .requiredOption('--hardware <ids>', 'hardware profile ids or profile files, comma-separated')
    .requiredOption('--model <id|config.json>', 'target model id or Hugging Face config.json')
    .option('--method <kinds>', `speculation methods, comma-separated (${METHOD_KINDS.map((m) => m.id).join(', ')}); autoregressive is always included`, 'eagle')
    .option('--batch <list>', 'batch sizes, comma-separated', '1,2,4,8,16,32,64')
    .option('--out <dir>', 'report directory (default reports/compare-<model>/)')
    .option('--seed <n>', 'random seed', '42')
    .option('--tp <n>', 'tensor-parallel GPUs (default: the smallest power of two that fits)')
    .option('--dtype <dtype>', `weight dtype: ${WEIGHT_DTYPES.join(', ')}`, 'bf16')
    .option('--kv-dtype <dtype>', `KV-cache dtype: ${KV_DTYPES.join(', ')}`, 'bf16')
    .option('--requests <n>', 'requests per point (default max(32, 2 × largest batch))')
    .option('--prompt-tokens <n>', 'prompt length', '512')
    .option('--output-tokens <n>', 'output length', '128')
    .option('--engine <id|file>', 'serving engine profile (specsim list engines; default none: the kernels alone)')
    .option('--temperature <t>', 'sampling temperature, 0 (greedy, the default) to 2: acceptance figures move to it (README, Temperature)')
    .option('--rate <r>', 'Poisson arrivals at r requests/s (batch sizes become caps on concurrency); default: a closed workload (batch = concurrency)')
    .option('--draft <id|config.json>', 'draft model for --method draft (default: a small catalog model of the target\'s tokenizer family; exit 2 when none is known)')
    .option('--draft-tp <n>', 'GPUs the draft model is split over (default: the target\'s tp on its GPUs, as vLLM does, or 1 when the draft\'s heads do not split that way)')
    .option('--draft-dtype <dtype>', `the draft model\'s weight dtype: ${WEIGHT_DTYPES.join(', ')} (default: --dtype)`)
    .option('--draft-placement <p>', 'shared: the draft runs on the target\'s GPUs (vLLM, SGLang; default); separate: on GPUs of its own (a what-if no engine ships)')
    .option('--alpha <a>', 'acceptance: iid α per drafted token (draft 0.7, ngram 0.4, layerskip 0.85, suffix 0.7), or EAGLE top-1 acceptance per depth (0.75)')
    .option('--gamma <n>', 'drafted tokens per step (draft, ngram 4; layerskip 6); suffix: the most one step proposes (24)')
    .option('--tree <tree>', 'Medusa tree name (default medusa-63), or EAGLE tree: a static name or dynamic:<depth>,<topK>,<nodes> (default dynamic:5,8,60)')
    .option('--heads <n>', 'Medusa heads (default 4)')
    .option('--accuracy <table>', 'Medusa head accuracies (vicuna-7b, vicuna-13b, vicuna-33b; default the closest size to the model) or a .json file of cumulative top-k rows (medusa per head, eagle per depth)')
    .option('--name <name>', 'the model\'s name in the report and its directory (default: catalog id, or the config.json\'s _name_or_path)')
    .option('--quiet', 'no progress bar or results table')
    .option('--json', 'print report.json on stdout and nothing else')
    .option('--no-charts', 'write no charts/ (for scripts: much less CPU); index.html keeps the tables')
    .option('--jobs <n>', `threads simulating points: this one and n − 1 workers (default: all ${defaultJobs()} cores for a sweep of more than one point and ${WORKER_MIN_TOKENS / 1e6} million tokens or more, else 1); the report is the same for any n`);
  addEconomicsOptions(cmd);
  cmd.action(async (f: CompareFlags) => {
      const jobs = f.jobs !== undefined ? parseInt1(f.jobs, '--jobs') : undefined;
      const input: CompareInput = {
        hardware: parseList(f.hardware),
        model: f.model,
        methods: parseList(f.method),
        batch: parseIntList(f.batch, '--batch', FIELDS.batch),
        seed: parseInt1(f.seed ?? '42', '--seed', FIELDS.seed),
        ...(f.tp !== undefined ? { tp: parseInt1(f.tp, '--tp', FIELDS.tp) } : {}),
        dtype: parseChoice(f.dtype, '--dtype', WEIGHT_DTYPES),
        kvDtype: parseChoice(f.kvDtype, '--kv-dtype', KV_DTYPES),
        ...(f.requests !== undefined ? { requests: parseInt1(f.requests, '--requests', FIELDS.requests) } : {}),
        ...(f.promptTokens !== undefined ? { promptTokens: parseInt1(f.promptTokens, '--prompt-tokens', FIELDS.tokens) } : {}),
        ...(f.outputTokens !== undefined ? { outputTokens: parseInt1(f.outputTokens, '--output-tokens', FIELDS.tokens) } : {}),
        ...(f.rate !== undefined ? { rate: parseRate(f.rate) } : {}),
        ...(f.name !== undefined ? { name: f.name } : {}),
        ...(f.engine !== undefined ? { engine: f.engine } : {}),
        ...(f.temperature !== undefined ? { temperature: parseNumber(f.temperature, '--temperature', temperatureField) } : {}),
        methodFlags: {
          draft: f.draft,
          alpha: f.alpha !== undefined ? parseFraction(f.alpha, '--alpha') : undefined,
          gamma: f.gamma !== undefined ? parseInt1(f.gamma, '--gamma') : undefined,
          tree: f.tree,
          heads: f.heads !== undefined ? parseInt1(f.heads, '--heads') : undefined,
          accuracy: f.accuracy,
          draftTp: f.draftTp !== undefined ? parseInt1(f.draftTp, '--draft-tp', FIELDS.tp) : undefined,
          draftDtype: f.draftDtype !== undefined ? parseChoice(f.draftDtype, '--draft-dtype', WEIGHT_DTYPES) : undefined,
          draftPlacement: f.draftPlacement !== undefined ? parseChoice(f.draftPlacement, '--draft-placement', ['shared', 'separate'] as const) : undefined,
        },
      };
      if (input.hardware.length === 0) throw new UserError('give at least one hardware id', '--hardware');
      const { scenario, notes } = buildCompareScenario(input);
      checkBudget(scenarioWork(scenario, process.cwd()), '--batch, --requests, --output-tokens', 'the comparison');
      checkScenarioSense(scenario, process.cwd(), 'compare');
      const dir = f.out ?? join('reports', scenario.name);
      checkReportDir(dir);
      const economics = prepareEconomics(scenario, f);
      const progress = createProgress({ quiet: f.quiet, json: f.json });
      let report;
      try {
        report = await runScenarioParallel(scenario, { where: 'compare', ...(jobs !== undefined ? { jobs } : {}), onProgress: progress.onProgress });
      } finally {
        progress.stop();
      }
      report = applyEconomics(report, economics);
      await writeReport(report, dir, undefined, { charts: f.charts });
      if (!f.quiet) for (const w of overloadWarnings(report)) process.stderr.write(`specsim: warning: ${termText(w, 600)}\n`);
      if (!f.quiet) for (const w of runningCapNotes(report)) process.stderr.write(`specsim: note: ${termText(w, 600)}\n`);
      if (f.json) { process.stdout.write(reportJson(report)); return; }
      if (f.quiet) return;
      process.stdout.write(`${resultsTable(report)}\n`);
      for (const n of notes) console.log(termText(n, 400));
      console.log(`${report.results.length} results → ${termText(dir)}/ (open ${termText(join(dir, 'index.html'))})`);
    });
}
