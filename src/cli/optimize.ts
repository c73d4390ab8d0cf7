/**
 * `specsim optimize`: for one hardware and model, the best speculation
 * setting at each batch size across the method kinds asked (searched with
 * the cost model and expected acceptance, confirmed by simulation), where
 * speculation stops paying, and a report directory with a chart.
 */
import type { Command } from 'commander';
import { termText } from '../report/escape.js';
import { join } from 'node:path';
import { oneLine, UserError } from '../errors.js';
import { FAMILIES } from '../optimize/acceptance.js';
import { OBJECTIVES, optimize, rateRequests, type Objective } from '../optimize/search.js';
import { DEFAULT_FINALISTS } from '../optimize/finalists.js';
import { parseSlo } from '../optimize/rates.js';
import { EMIT_POLICY, EMIT_TARGETS, engineConfig, type EmitTarget } from '../optimize/emit.js';
import { specsimVersion } from '../scenario/run.js';
import { optimizeJson, optimizeSummary, writeOptimizeReport } from '../optimize/write.js';
import { parseChoice, parseDecimal, parseInt1, parseIntList, parseList } from './options.js';
import { FIELDS } from '../scenario/schema.js';
import { resolveModel } from '../catalog/models.js';
import { resultsTable } from '../report/terminal.js';
import { resolveHardware } from '../hardware/resolve.js';
import { checkReportDir } from '../report/write.js';
import { checkBudget } from '../budget.js';
import { checkContext, checkDraftPair } from '../scenario/load.js';
import { KV_DTYPES, WEIGHT_DTYPES, type KvDtype, type WeightDtype } from '../cost/op-types.js';
import { addEconomicsOptions, economicsOptions, type EconomicsFlags } from './economics-flags.js';

interface OptimizeFlags extends EconomicsFlags {
  hardware: string; model: string; method: string; draft?: string; alpha?: string; accuracy?: string;
  batch: string; objective: string; sloMs?: string; context: string; outputTokens: string; requests?: string;
  seed: string; out?: string; json?: boolean; quiet?: boolean; engine?: string; charts: boolean;
  tp: string; dtype: string; kvDtype: string; emit?: string; rate?: string; slo?: string; finalists: string; draftTp?: string; draftPlacement?: string;
}

function parseNumber(value: string, flag: string): number {
  const n = parseDecimal(value);
  if (!Number.isFinite(n)) throw new UserError(`'${oneLine(value, 40)}' is not a decimal number`, flag);
  return n;
}

/** `0.7` → alpha; `0.6:0.85` → a range (alpha its midpoint). */
function parseAlpha(value: string): { alpha: number; alphaRange?: [number, number] } {
  const m = /^([^:]+):([^:]+)$/.exec(value.trim());
  if (!m) return { alpha: parseNumber(value, '--alpha') };
  const lo = parseNumber(m[1]!, '--alpha'), hi = parseNumber(m[2]!, '--alpha');
  if (!(lo > 0 && hi < 1 && lo < hi)) throw new UserError(`a range lo:hi needs 0 < lo < hi < 1, got '${oneLine(value, 40)}'`, '--alpha');
  return { alpha: Number(((lo + hi) / 2).toFixed(6)), alphaRange: [lo, hi] };
}

/** A comma-separated list of choices, each checked, duplicates dropped. */
function parseChoices<T extends string>(value: string, flag: string, choices: readonly T[]): T[] {
  const items = parseList(value);
  if (items.length === 0) throw new UserError(`give at least one of ${choices.join(', ')}`, flag);
  return [...new Set(items.map((v) => parseChoice(v, flag, choices)))];
}

export function optimizeCommand(program: Command): void {
  const cmd = program.command('optimize')
    .description('best speculation setting (γ, heads and tree, EAGLE chain or tree) per batch size across method kinds, and where speculation stops paying')
    .requiredOption('--hardware <id>', 'hardware profile id or profile file')
    .requiredOption('--model <id>', 'target model id or Hugging Face config.json')
    .requiredOption('--method <kinds>', `method kinds searched together, comma-separated: ${FAMILIES.join(', ')}`)
    .option('--draft <ids>', 'draft model candidates, comma-separated (kinds with a draft model; default: a small model of the target\'s tokenizer family, e.g. llama-68m for Llama-2-7B)')
    .option('--draft-tp <list>', 'draft model tps searched, comma-separated (default: every one the engine accepts: the target\'s tp or 1 under vLLM, any divisor of the target\'s tp otherwise)')
    .option('--draft-placement <list>', 'draft model placements searched: shared (the target\'s GPUs, as the engines run it; default), separate (GPUs of its own: a what-if no engine ships)')
    .option('--alpha <a>', 'acceptance: iid α per drafted token (draft 0.8, ngram 0.5 by default); EAGLE top-1 acceptance per depth (0.75); a range lo:hi (e.g. 0.6:0.85) picks the setting best in the worst case and reports each pick\'s regret across it')
    .option('--accuracy <table>', 'Medusa head accuracies: vicuna-7b (default), vicuna-13b, vicuna-33b, or a .json file of cumulative top-k rows (also for eagle, per depth)')
    .option('--batch <list>', 'batch sizes, comma-separated', '1,8,64,256')
    .option('--tp <list>', 'tensor-parallel degrees of the target searched, comma-separated', '1')
    .option('--dtype <list>', `weight dtypes searched, comma-separated: ${WEIGHT_DTYPES.join(', ')}`, 'bf16')
    .option('--kv-dtype <d>', `KV-cache dtype: ${KV_DTYPES.join(', ')}`, 'bf16')
    .option('--objective <o>', `what "best" means: ${OBJECTIVES.join(', ')} (user = tokens/s per user, throughput = aggregate tokens/s, slo = aggregate tokens/s with ms/token ≤ --slo-ms, cost = least $/M output tokens, energy = least J/token)`, 'user')
    .option('--rate <list>', 'request rates (requests/s, Poisson arrivals, comma-separated): simulate each batch\'s pick and autoregressive at every rate against --slo; per rate the least-cost setting that meets it, and the highest rate met (goodput)')
    .option('--slo <limits>', 'latency limits for --rate in ms: ttft-p99=…,tpot-p99=… (also ttft-p50, tpot-p50, e2e-p99, e2e-p50)')
    .option('--slo-ms <ms>', 'per-token latency limit for --objective slo (mean ms per output token)')
    .option('--context <list>', 'prompt tokens per request (the context decoding starts from), comma-separated to search it as an axis', '256')
    .option('--output-tokens <n>', 'mean output tokens per request (simulated uniform in [n/2, 3n/2])', '128')
    .option('--requests <n>', 'requests simulated per batch to confirm (default max(32, 4 × batch))')
    .option('--finalists <n>', 'settings simulated at each batch to re-rank the analytic search\'s top (the pick by simulation; 1 confirms the analytic pick alone)', String(DEFAULT_FINALISTS))
    .option('--seed <n>', 'random seed of the confirmation simulations', '42')
    .option('--engine <id|file>', 'serving engine profile (specsim list engines; default none: the kernels alone, or the --emit engine)')
    .option('--emit <engine>', `print the engine's configuration for the picks instead of the table: ${EMIT_TARGETS.join(', ')} (the search keeps to what the engine can switch: vllm one method with K per batch range, sglang and trtllm one setting)`)
    .option('--out <dir>', 'report directory (default reports/optimize-<model>-<hardware>-<methods>/)')
    .option('--json', 'print optimize.json on stdout and nothing else')
    .option('--quiet', 'no progress or table output')
    .option('--no-charts', 'write no charts/ (for scripts: much less CPU); index.html keeps the tables');
  addEconomicsOptions(cmd);
  cmd.action(async (f: OptimizeFlags) => {
    const methods = parseChoices(f.method, '--method', FAMILIES);
    const emit = f.emit !== undefined ? parseChoice(f.emit, '--emit', EMIT_TARGETS) as EmitTarget : undefined;
    const objective = parseChoice(f.objective, '--objective', OBJECTIVES) as Objective;
    if (f.sloMs !== undefined && objective !== 'slo') throw new UserError('--slo-ms needs --objective slo', '--slo-ms');
    const sloMs = f.sloMs !== undefined ? parseNumber(f.sloMs, '--slo-ms') : undefined;
    if (sloMs !== undefined && !(sloMs > 0)) throw new UserError('must be a positive number of milliseconds', '--slo-ms');
    const showProgress = !f.quiet && !f.json && !emit && process.stderr.isTTY;
    // The folder is known before the search only when given; either way it is checked before any work.
    const batch = parseIntList(f.batch, '--batch', FIELDS.batch);
    const tp = [...new Set(parseIntList(f.tp, '--tp', FIELDS.tp))];
    const dtype = parseChoices(f.dtype, '--dtype', WEIGHT_DTYPES) as WeightDtype[];
    const kvDtype = parseChoice(f.kvDtype, '--kv-dtype', KV_DTYPES) as KvDtype;
    const contexts = [...new Set(parseIntList(f.context, '--context', FIELDS.tokens))].sort((a, b) => a - b);
    const context = contexts[0]!;
    const outputTokens = parseInt1(f.outputTokens, '--output-tokens', FIELDS.tokens.min(2));
    const requests = f.requests !== undefined ? parseInt1(f.requests, '--requests', FIELDS.requests) : undefined;
    const rates = f.rate !== undefined ? [...new Set(parseList(f.rate).map((v) => {
      const r = parseNumber(v, '--rate');
      if (!(r > 0)) throw new UserError(`a rate must be a positive number of requests per second, got '${oneLine(v, 40)}'`, '--rate');
      return r;
    }))].sort((a, b) => a - b) : undefined;
    if (rates && rates.length === 0) throw new UserError('give at least one rate', '--rate');
    const slo = f.slo !== undefined ? parseSlo(f.slo, (v) => parseNumber(v, '--slo')) : undefined;
    if (rates && !slo) throw new UserError('a rate sweep needs an SLO: --slo tpot-p99=<ms>,ttft-p99=<ms>', '--rate');
    if (slo && !rates) throw new UserError('--slo applies to a rate sweep: give --rate r1,r2,…', '--slo');
    const drafts = f.draft !== undefined ? [...new Set(parseList(f.draft))] : undefined;
    if (drafts && drafts.length === 0) throw new UserError('give at least one draft model id', '--draft');
    const draftTps = f.draftTp !== undefined ? [...new Set(parseIntList(f.draftTp, '--draft-tp', FIELDS.tp))].sort((a, b) => a - b) : undefined;
    const draftPlacements = f.draftPlacement !== undefined ? parseChoices(f.draftPlacement, '--draft-placement', ['shared', 'separate'] as const) : undefined;
    const finalists = parseInt1(f.finalists, '--finalists', FIELDS.requests.max(16));
    // The simulations: autoregressive and the finalists per batch (each on its deployment at worst), outputs up to twice the mean.
    const batches = [...new Set(batch)];
    const perCell = 2 * finalists;
    // The rate sweep: at most each batch's pick and autoregressive at every rate.
    const rateRuns = rates ? rates.length * 2 * batches.length : 0;
    const tokens = contexts.length * batches.reduce((a, b) => a + perCell * (requests ?? Math.max(32, 4 * b)) * 2 * outputTokens, 0)
      + rateRuns * rateRequests({ requests }, Math.max(...batches)) * 2 * outputTokens;
    checkBudget({ points: perCell * batches.length * contexts.length + rateRuns, tokens }, `--batch, --requests, --output-tokens${rates ? ', --rate' : ''}`, 'the search');
    const target = resolveModel(f.model, '--model');
    const modelId = target.id;
    checkContext(target, contexts.at(-1)! + 2 * outputTokens, '--context, --output-tokens');
    for (const d of drafts ?? []) checkDraftPair(target, resolveModel(d, '--draft'), '--draft');
    const defaultDir = (hw: string): string => join('reports', `optimize-${modelId}-${hw}-${methods.join('-')}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 120));
    const hardwareId = resolveHardware(f.hardware).id;
    const dir = f.out ?? defaultDir(hardwareId);
    checkReportDir(dir);
    const out = optimize({
      hardware: f.hardware,
      model: f.model,
      methods,
      ...(drafts ? { drafts } : {}),
      ...(draftTps ? { draftTps } : {}),
      ...(draftPlacements ? { draftPlacements } : {}),
      ...(f.alpha !== undefined ? parseAlpha(f.alpha) : {}),
      ...(f.accuracy !== undefined ? { accuracy: f.accuracy } : {}),
      batch, tp, dtype, kvDtype,
      objective,
      ...(sloMs !== undefined ? { sloMs } : {}),
      context,
      ...(contexts.length > 1 ? { contexts } : {}),
      outputTokens,
      ...(requests !== undefined ? { requests } : {}),
      finalists,
      ...(rates && slo ? { rates, slo } : {}),
      seed: parseInt1(f.seed, '--seed', FIELDS.seed),
      ...(f.engine !== undefined ? { engine: f.engine } : emit ? { engine: emit } : {}),
      ...(emit ? { policy: EMIT_POLICY[emit] } : {}),
      economics: economicsOptions(f),
      ...(showProgress ? { onProgress: (p: { done: number; total: number; batch: number }) => process.stderr.write(`\rbatch ${p.batch} (${p.done}/${p.total})   `) } : {}),
    });
    if (showProgress) process.stderr.write('\n');
    // The configuration is checked (an engine that cannot express the picks is exit 2) before anything is written.
    const emitted = emit ? engineConfig(out.doc, out.meta, emit, specsimVersion()) : undefined;
    if (emitted) out.doc.engineConfig = { target: emitted.target, config: emitted.config };
    await writeOptimizeReport(out, dir, { charts: f.charts });
    if (f.json) { process.stdout.write(optimizeJson(out)); return; }
    if (emitted) { process.stdout.write(emitted.text); return; }
    if (f.quiet) return;
    process.stdout.write(optimizeSummary(out));
    process.stdout.write(`Confirmation simulations:\n${resultsTable(out.report)}\n`);
    console.log(`→ ${termText(dir)}/ (optimize.json, summary.md, charts/optimize.svg, index.html)`);
  });
}
