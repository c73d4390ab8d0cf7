/**
 * `optimize`: the best speculation setting at each batch size.
 *
 * 1. Analytic search (evaluate.ts): every candidate of every asked method
 *    kind (candidates.ts), on every deployment asked (deploy.ts: tp ×
 *    dtype), is costed with the simulator's own method code and cost model
 *    and credited its expected tokens per step. The objective picks the best;
 *    among settings within 1% of it the smallest wins (fewer devices first,
 *    then fewer verified tokens), so noise-level gains never buy a bigger
 *    setting, and a setting < 1% better than autoregressive is not worth
 *    speculating.
 * 2. Re-ranking (finalists.ts): the analytic pick and the next best settings
 *    the engine's policy allows (policy.ts) are simulated with
 *    `runScenario` beside autoregressive on their deployment (closed
 *    workload, same seed, the engine's own batching), and the pick is the
 *    best by the objective in simulation.
 */
import { resolveHardware } from '../hardware/resolve.js';
import { resolveModel } from '../catalog/models.js';
import { deploymentFit, misfitError, weightsOverflow } from '../methods/fits.js';
import { draftCostOptions, draftTpRefusal } from '../methods/deployment.js';
import { engineCost } from '../serving/engine-cost.js';
import type { CostFn } from '../sim/cost-cache.js';
import type { KvDtype, WeightDtype } from '../cost/op-types.js';
import type { DraftPlacement } from '../methods/types.js';
import { UserError } from '../errors.js';
import type { Result } from '../report/types.js';
import type { OptimizeDoc, OptimizeMeta, OptimizePoint, Objective, Setting } from '../report/optimize-types.js';
import type { OptimizeReport } from '../report/types.js';
import { economicsAssumptions, type EconomicsOptions } from '../report/economics.js';
import { runScenario, specsimVersion } from '../scenario/run.js';
import type { Scenario } from '../scenario/schema.js';
import { methodDefinition } from '../methods/index.js';
import { checkEngineRuns, DEFAULT_ENGINE, engineRuns, resolveEngine } from '../catalog/engines.js';
import { defaultDraftFor, checkDraft } from '../methods/search-acceptance.js';
import { acceptanceFor, checkAcceptanceFlags, FAMILIES, type Family } from './acceptance.js';
import { buildCandidates, type Candidate } from './candidates.js';
import { deployments, type Deployment } from './deploy.js';
import { evaluate, type Analytic, type Evaluated } from './evaluate.js';
import { merit, scoredPicks, type Policy } from './policy.js';
import { acceptanceModel } from '../acceptance/index.js';
import { rateSweep, type Finalist, type RateInput } from './rates.js';
import { DEFAULT_FINALISTS, pickSimulated, simulatedAnalytic, topFinalists } from './finalists.js';
import type { SloLimits } from '../report/optimize-types.js';
import { engineOverhead } from '../serving/engine-method.js';
import type { IterationOverhead } from '../sim/engine.js';

export type { Objective, OptimizeDoc, OptimizeMeta, OptimizePoint, AnalyticNumbers, SimulatedNumbers } from '../report/optimize-types.js';
export { choose, evaluate, TIE_TOLERANCE } from './evaluate.js';
export { alphaGrid, describeSetting, rateRequests } from './setting-text.js';
import { alphaGrid, describeSetting, rateRequests, simWorkload } from './setting-text.js';

export const OBJECTIVES: readonly Objective[] = ['user', 'throughput', 'slo', 'cost', 'energy'];

export interface OptimizeInput {
  hardware: string;
  model: string;
  /** The method kinds searched together (e.g. draft, eagle, medusa). */
  methods: Family[];
  /** Draft model candidates for kinds that run a separate draft (default: the target's default draft). */
  drafts?: string[];
  /** A draft model's tps searched (default: every one the engine accepts) and placements (default shared). */
  draftTps?: number[];
  draftPlacements?: DraftPlacement[];
  alpha?: number;
  /** `--alpha lo:hi`: acceptance is uncertain; pick the setting best in the worst case over the range (alpha is its midpoint). */
  alphaRange?: [number, number];
  accuracy?: string;
  batch: number[];
  objective: Objective;
  /** Per-token latency limit (objective slo). */
  sloMs?: number;
  /** Prompt tokens (the context a request starts decoding with). */
  context: number;
  /** Several prompt lengths searched as an axis (`--context 512,8192,32768`); default [context]. */
  contexts?: number[];
  outputTokens: number;
  /** Requests simulated per batch (default max(32, 4 × batch)). */
  requests?: number;
  seed: number;
  /** Serving engine profile (default none: the kernels alone). */
  engine?: string;
  /** Tensor-parallel degrees and weight dtypes searched (default 1 and bf16). */
  tp?: number[];
  dtype?: WeightDtype[];
  kvDtype?: KvDtype;
  /** Request rates (requests/s, Poisson) at which the finalists are simulated against `slo`. */
  rates?: number[];
  slo?: SloLimits;
  /** Settings simulated per cell to re-rank the analytic top (default DEFAULT_FINALISTS; 1: confirm the analytic pick only). */
  finalists?: number;
  /** What the engine can switch between batches (default free: the best setting at each batch). */
  policy?: Policy;
  /** Price, power and lifetime behind the cost and energy objectives. */
  economics?: EconomicsOptions;
  onProgress?: (p: { done: number; total: number; batch: number }) => void;
}

export interface OptimizeOutcome {
  doc: OptimizeDoc;
  meta: OptimizeMeta;
  /** The confirmation simulations as one report (methods `autoregressive` and `best`) with the search's section. */
  report: OptimizeReport;
}

/** A candidate on a deployment. */
interface Placed {
  c: Candidate;
  dep: Deployment;
  /** What the serving engine adds around each iteration (host time, speculation bookkeeping). */
  overhead: IterationOverhead | undefined;
  /** Devices the setting occupies: the target's, and a separate draft's. */
  devices: number;
  /** Tie-break: fewer devices, then the candidate's own size. */
  size: number[];
}

/** An evaluation under an α range: `a` is the worst case, `nominal` the midpoint, `across` every α of the grid. */
type RobustEval = Evaluated<Placed> & { nominal: Analytic; across: Analytic[] };

export function optimize(input: OptimizeInput): OptimizeOutcome {
  const hw = resolveHardware(input.hardware, '--hardware');
  const target = resolveModel(input.model, '--model');
  if (input.methods.length === 0) throw new UserError(`give at least one method kind: ${FAMILIES.join(', ')}`, '--method');
  for (const m of input.methods) if (!FAMILIES.includes(m)) throw new UserError(`'${m}' is not a method optimize searches; known: ${FAMILIES.join(', ')}`, '--method');
  if (input.objective === 'slo' && !(input.sloMs !== undefined && input.sloMs > 0)) throw new UserError('objective slo needs a positive --slo-ms', '--slo-ms');
  checkAcceptanceFlags(input.methods, { alpha: input.alpha, accuracy: input.accuracy });
  const engineArg = input.engine ?? DEFAULT_ENGINE;
  const engine = resolveEngine(engineArg, '--engine');
  for (const m of input.methods) checkEngineRuns(engine, m, m, false, '--method');
  const takesDraft = input.methods.filter((m) => methodDefinition(m)!.search!.takesDraft);
  if (input.drafts && takesDraft.length === 0) throw new UserError(`--draft applies to method ${FAMILIES.filter((k) => methodDefinition(k)!.search!.takesDraft).join(' or ')}, not to ${input.methods.join(', ')}`, '--draft');
  const drafts = takesDraft.length > 0 ? (input.drafts ?? [defaultDraftFor(target)]).map((d) => checkDraft(target, d).id) : [];
  // The draft model's deployment is searched for kinds with a draft model of their own (EAGLE layers and MTP modules keep the target's tp).
  const deploys = (k: string): boolean => Boolean(methodDefinition(k)!.search?.takesDraft && methodDefinition(k)!.compareFlags?.includes('draftTp'));
  const deploysDraft = input.methods.filter(deploys);
  if ((input.draftTps || input.draftPlacements) && deploysDraft.length === 0) throw new UserError(`--draft-tp and --draft-placement apply to method ${FAMILIES.filter(deploys).join(' or ')}, not to ${input.methods.join(', ')}`, input.draftTps ? '--draft-tp' : '--draft-placement');
  const acceptances = input.methods.map((family) => ({ family, choice: acceptanceFor(family, input.alpha, input.accuracy, target) }));

  const econ = economicsAssumptions([{ label: hw.id, id: hw.id, listPriceUsd: hw.listPriceUsd, tdpW: hw.tdpW }], input.economics ?? {});
  const hwEcon = econ.hardware[0]!;
  if (input.objective === 'cost' && hwEcon.priceUsd === null) throw new UserError(`${hw.id} has no listPriceUsd: give --price ${hw.id}=<usd>`, '--objective');
  if (input.objective === 'energy' && hwEcon.powerW === null) throw new UserError(`${hw.id} has no tdpW: give --power ${hw.id}=<watts>`, '--objective');

  const deps = deployments(hw, target, engine, input.tp ?? [1], input.dtype ?? ['bf16'], input.kvDtype ?? 'bf16');
  if (input.draftPlacements?.includes('separate')) {
    const ruled = deploysDraft.find((m) => engineRuns(engine, m)?.draftTp !== undefined);
    if (ruled) throw new UserError(`engine '${engine.id}' runs method ${ruled}'s drafter on the target's GPUs, not on GPUs of its own; a separate draft is a what-if for --engine none`, '--draft-placement');
  }
  const draftDeployment = (family: Family) => ({ tps: input.draftTps, placements: input.draftPlacements, engineLimit: engineRuns(engine, family)?.draftTp, where: '--draft-tp' });
  const placed: Placed[][] = deps.map((dep) => buildCandidates(acceptances.map(({ family, choice }) => ({ family, acceptance: choice.spec, drafts, draftDeployment: draftDeployment(family) })), dep.env)
    .filter((c) => engineRuns(engine, c.method.kind)?.trees !== false || !c.method.branches)
    .map((c) => {
      const devices = c.method.draftDeployment?.placement === 'separate' ? deploymentFit(dep.env, c.method, { batch: 1, contextTokens: 1 }).devices : dep.devices;
      return { c, dep, devices, overhead: engineOverhead(engine, c.method, target.id), size: [devices, ...c.size] };
    }));
  for (const t of input.draftTps ?? []) {
    if (placed.flat().some((p) => p.c.setting.draftTp === t)) continue;
    const d = deps.reduce((x, y) => (y.tp > x.tp ? y : x));
    throw draftTpRefusal(t, resolveModel(drafts[0]!, '--draft'), d.env, draftDeployment(deploysDraft[0]!));
  }
  // A draft deployed at its own tp or dtype (deployment.ts: vLLM's tp 1 when its heads do not split the target's tp) is priced at them.
  const draftCosts = new Map<string, CostFn>();
  const costOf = (p: Placed): CostFn => {
    const d = p.c.method.draftDeployment;
    const own = draftCostOptions(p.dep.opts, d);
    if (!d || !own) return p.dep.cost;
    const key = `${deps.indexOf(p.dep)}|${d.model.id}|${own.tp}|${own.weightDtype}`;
    let c = draftCosts.get(key);
    if (!c) draftCosts.set(key, (c = engineCost(hw, p.dep.opts, engine, target.id, true, { modelIds: d.pricedIds, opts: own }).cost));
    return c;
  };
  const batches = [...new Set(input.batch)].sort((a, b) => a - b);
  const points: OptimizePoint[] = [];
  const results: Result[] = [];
  const name = `optimize-${target.id}-${hw.id}-${input.methods.join('-')}`.replace(/[^A-Za-z0-9._-]/g, '-');
  const contexts = [...new Set(input.contexts ?? [input.context])].sort((a, b) => a - b);
  const several = contexts.length > 1;
  const wl = simWorkload(input, 1);
  const longest = wl.kind === 'closed' && typeof wl.outputTokens === 'object' && wl.outputTokens.dist === 'uniform' ? wl.outputTokens.max : input.outputTokens;
  // Every (context, batch) cell: the context axis outside, batch inside.
  const cells = contexts.flatMap((context) => batches.map((batch) => ({ context, batch })));

  // Robust: each candidate's expected tokens at every α of the range (kinds that read --alpha; others keep theirs).
  const grid = input.alphaRange ? alphaGrid(input.alphaRange) : undefined;
  const variantsOf = new Map<Candidate, Candidate[]>();
  if (grid) {
    const rowsAt = new Map<string, ReturnType<typeof acceptanceModel>['mean'][]>();
    for (const family of input.methods) {
      if (!methodDefinition(family)!.search!.reads.includes('alpha')) continue;
      rowsAt.set(family, grid.map((a) => acceptanceModel(acceptanceFor(family, a, input.accuracy, target).spec).mean));
    }
    for (const p of placed.flat()) {
      const rows = rowsAt.get(p.c.family);
      variantsOf.set(p.c, rows ? rows.map((r) => ({ ...p.c, expected: p.c.method.expectedTokens(r), allAccepted: p.c.method.allAccepted(r) })) : grid.map(() => p.c));
    }
  }

  // 1. Analytic: every candidate that fits, at every cell.
  const pools = cells.map(({ context, batch }) => {
    const perSeq = context + longest;
    const evals: Evaluated<Placed>[] = [];
    const arDeps = new Set<Deployment>();
    for (const list of placed) for (const p of list) {
      if (!deploymentFit(p.dep.env, p.c.method, { batch, contextTokens: perSeq }).fits) continue;
      if (p.c.family === 'autoregressive') arDeps.add(p.dep);
      const at = (c: Candidate): Analytic => evaluate(c, p.dep.env, costOf(p), batch, context, input.outputTokens, { devices: p.devices, hw: hwEcon, assumptions: econ }, p.overhead);
      const nominal = at(p.c);
      if (!grid) { evals.push({ c: p, a: nominal }); continue; }
      // Chosen by its worst case over the range; reported at the midpoint.
      const across = variantsOf.get(p.c)!.map(at);
      const worst = across.reduce((w, x) => (merit(input.objective, x) < merit(input.objective, w) ? x : w));
      evals.push({ c: p, a: worst, nominal, across } as RobustEval);
    }
    if (arDeps.size === 0) {
      // Every deployment's weights fit (deployments()): the KV cache does not, on the roomiest one asked.
      const ar = placed.map((list) => list.find((p) => p.c.family === 'autoregressive')!).at(-1)!;
      const fit = deploymentFit(ar.dep.env, ar.c.method, { batch, contextTokens: perSeq });
      throw misfitError(ar.dep.env, ar.c.method, fit, { hardware: hw.id, method: 'autoregressive', batch, contextTokens: perSeq, where: weightsOverflow(fit) ? '--tp, --dtype' : '--batch' });
    }
    // Speculative candidates only on deployments whose autoregressive baseline fits.
    return evals.filter((e) => arDeps.has(e.c.dep));
  });
  // 2. The picks, under what the engine can switch between batches.
  const policy = input.policy ?? 'free';
  const depKey = (p: Placed): string => `${p.dep.tp}/${p.dep.dtype}`;
  // A kind, its draft model and that draft's deployment: what an engine fixes at launch (vLLM switches only K by batch).
  const kindKey = (p: Placed): string => `${p.c.family}/${p.c.setting.draft ?? ''}/${p.c.setting.draftTp ?? ''}/${p.c.setting.draftPlacement ?? ''}`;
  const { picks, score: policyScore, allowed } = scoredPicks(pools, policy, input.objective, input.sloMs, {
    deployment: depKey,
    kind: (p) => (p.c.family === 'autoregressive' ? null : kindKey(p)),
    setting: (p) => `${depKey(p)}/${JSON.stringify(p.c.setting)}`,
  });

  // 3. Finalists re-ranked by simulation (finalists.ts). One setting for every batch is only confirmed (the engine cannot
  // switch it off, slower or not); under an α range the worst-case pick is confirmed against autoregressive alone.
  const nFinal = policy === 'one-setting' || grid ? 1 : (input.finalists ?? DEFAULT_FINALISTS);
  const chosenAt: Placed[] = [];
  let changed = 0;
  cells.forEach(({ context, batch }, bi) => {
    const pool = pools[bi]!;
    const cellInput = { ...input, context };
    const { pick, meetsSlo } = picks[bi]!;
    const nominalOf = (e: Evaluated<Placed>): Analytic => (e as Partial<RobustEval>).nominal ?? e.a;
    const arOn = (dep: Deployment): Evaluated<Placed> => pool.find((e) => e.c.dep === dep && e.c.c.family === 'autoregressive')!;
    const scenarioOf = (dep: Deployment, methods: Scenario['methods']): Scenario => ({
      name, seed: input.seed, hardware: [input.hardware], model: input.model, batch: [batch],
      workload: simWorkload(cellInput, batch), methods,
      // No batching key: the engine's own (chunked prefill under vllm, sglang, trtllm), as `specsim run` of this scenario uses.
      tp: dep.tp, dtype: dep.dtype, kvDtype: dep.kvDtype, draftDevice: 'shared', engine: engineArg,
      // The batch searched runs whole, as the analytic search assumed: an engine's default cap below it (SGLang's 48 when speculating) is lifted, and --emit sglang says so.
      ...(batch > (engine.speculation.maxRunningRequests ?? batch) ? { maxRunningRequests: batch } : {}),
    });
    // A finalist's label seeds its acceptance stream (scenario/run.ts), so the point's scenario labels the pick as it was simulated.
    const labelOf = (e: Evaluated<Placed>): string => `${e.c.c.family} ${describeSetting(e.c.c.setting)}${e.c.c.setting.draft ? ` · ${e.c.c.setting.draft}` : ''}${finalists.indexOf(e) > 0 && finalists.some((f, i) => i < finalists.indexOf(e) && f.c.dep === e.c.dep && describeSetting(f.c.c.setting) === describeSetting(e.c.c.setting) && f.c.c.family === e.c.c.family) ? ` #${finalists.indexOf(e)}` : ''}`;
    const methodOf = (e: Evaluated<Placed>): Scenario['methods'][number] => ({ ...e.c.c.spec, label: labelOf(e) } as Scenario['methods'][number]);
    const finalists = topFinalists(allowed[bi]!, pick, input.objective, input.sloMs, nFinal, (p) => `${depKey(p)}/${kindKey(p)}`);
    // Per deployment one simulation: autoregressive and that deployment's finalists (common random numbers across them).
    const sims = new Map<Evaluated<Placed>, Result>();
    for (const dep of new Set(finalists.map((f) => f.c.dep))) {
      const ar = arOn(dep);
      const spec = finalists.filter((f) => f.c.dep === dep && f !== ar);
      const rs = runScenario(scenarioOf(dep, [{ kind: 'autoregressive' }, ...spec.map(methodOf)]), { where: 'optimize' }).results;
      sims.set(ar, rs.find((r) => r.method === 'autoregressive')!);
      for (const f of spec) sims.set(f, rs.find((r) => r.method === labelOf(f))!);
    }
    const contenders = [...sims].map(([e, r]) => ({ c: e.c, a: simulatedAnalytic(r, { devices: e.c.devices, hw: hwEcon, assumptions: econ }), e }));
    const chosen = policy === 'one-setting' ? pick : contenders.find((x) => x.c === pickSimulated(contenders, input.objective, input.sloMs))!.e;
    if (chosen !== pick) changed++;
    const isAr = chosen.c.c.family === 'autoregressive';
    const arEval = arOn(chosen.c.dep);
    const arRes = sims.get(arEval)!;
    const sim = sims.get(chosen)!;
    const rejected = isAr && pick.c.c.family !== 'autoregressive' ? pick.c.c.setting : undefined;
    // The best setting differs per batch: say which one this result simulates, so charts do not pool γ=9 with γ=3.
    const bestRes = isAr ? { ...arRes, method: 'best' } : { ...sim, ...(sim.detail ? { detail: { ...sim.detail, setting: describeSetting(chosen.c.c.setting) } } : {}) };
    const tag = several ? ` · ctx ${context}` : '';
    results.push({ ...arRes, method: `autoregressive${tag}` }, { ...bestRes, method: `best${tag}` });
    chosenAt.push(chosen.c);
    const m = bestRes.metrics;
    const speedup = isAr ? 1 : (m.speedup ?? 1);
    const analyticSpeedupOf = (e: Evaluated<Placed>): number => nominalOf(arOn(e.c.dep)).tpotMs / nominalOf(e).tpotMs;
    const analyticSpeedup = analyticSpeedupOf(chosen);
    // Regret across the α range: how much worse than the best setting at each α the pick is.
    const robust = grid ? {
      alphas: grid,
      regret: grid.map((_, g) => {
        const best = Math.max(...pool.map((e) => merit(input.objective, (e as RobustEval).across[g]!)));
        return 1 - merit(input.objective, (chosen as RobustEval).across[g]!) / best;
      }),
    } : undefined;
    const simMeets = input.objective === 'slo' ? { meetsSlo: m.tpotMs.mean <= input.sloMs! } : {};
    const manyDeps = deps.length > 1;
    points.push({
      batch,
      context,
      best: deploymentSetting(chosen.c, manyDeps),
      userTokensPerS: m.userTokensPerS,
      tokensPerS: m.tokensPerS,
      speedup,
      analytic: {
        ...analyticNumbers(nominalOf(chosen)),
        speedup: analyticSpeedup,
        searched: pool.length,
        ...(meetsSlo !== undefined ? { meetsSlo: nominalOf(chosen).tpotMs <= input.sloMs! } : {}),
      },
      ...(robust ? { robust: { ...robust, worstRegret: Math.max(...robust.regret) } } : {}),
      simulated: {
        tpotMs: m.tpotMs.mean,
        userTokensPerS: m.userTokensPerS,
        tokensPerS: m.tokensPerS,
        speedup,
        acceptedPerStep: m.acceptedPerStep,
        acceptanceRate: m.acceptanceRate,
        requests: m.requests,
        ...simMeets,
        ...(rejected ? { rejected } : {}),
        ...(chosen !== pick ? { analyticPick: deploymentSetting(pick.c, manyDeps) } : {}),
        finalists: finalists.map((f) => ({ setting: deploymentSetting(f.c, manyDeps), analyticSpeedup: analyticSpeedupOf(f), simulatedSpeedup: f.c.c.family === 'autoregressive' ? 1 : (sims.get(f)!.metrics.speedup ?? 1) })),
      },
      agreement: speedup / analyticSpeedup - 1,
      scenario: scenarioOf(chosen.c.dep, isAr ? [{ kind: 'autoregressive' }] : [{ kind: 'autoregressive' }, methodOf(chosen)]),
    });
    input.onProgress?.({ done: bi + 1, total: cells.length, batch });
  });

  const crossAt = (context: number): number | null => points.find((p) => p.context === context && p.best.method === 'autoregressive')?.batch ?? null;
  const meta: OptimizeMeta = {
    hardware: hw.id, model: target.id, methods: [...input.methods],
    ...(drafts.length > 0 ? { drafts } : {}),
    tp: deps.length === 1 ? deps[0]!.tp : Math.min(...deps.map((d) => d.tp)),
    dtype: [...new Set(deps.map((d) => d.dtype))].join(','),
    engine: engine.id,
    objective: input.objective,
    ...(input.objective === 'slo' ? { sloMs: input.sloMs! } : {}),
    ...(policy !== 'free' ? { policy, policyScore } : {}),
    reranked: { finalists: nFinal, cells: cells.length, changed },
    ...(input.alphaRange ? { alphaRange: input.alphaRange } : {}),
    acceptance: acceptances.map(({ family, choice }) => `${family}: ${choice.describe}`),
    context: contexts[0]!, ...(several ? { contexts } : {}), outputTokens: input.outputTokens, seed: input.seed,
  };
  const doc: OptimizeDoc = { points, crossoverBatch: crossAt(contexts[0]!), ...(several ? { crossovers: contexts.map((context) => ({ context, batch: crossAt(context) })) } : {}) };
  if (input.rates && input.rates.length > 0) {
    if (!input.slo || Object.keys(input.slo).length === 0) throw new UserError('a rate sweep needs an SLO: --slo tpot-p99=<ms>,ttft-p99=<ms>', '--slo');
    // The finalists: each batch's pick and autoregressive on its deployment, each once.
    const finalists = new Map<string, Finalist>();
    const several = deps.length > 1;
    const add = (p: Placed): void => {
      const key = `${p.dep.tp}/${p.dep.dtype}/${JSON.stringify(p.c.setting)}`;
      if (finalists.has(key)) return;
      const label = `${describeSetting(p.c.setting)}${several ? ` · tp ${p.dep.tp} ${p.dep.dtype}` : ''}`;
      finalists.set(key, { setting: deploymentSetting(p, several), label, method: p.c.spec as Finalist['method'], tp: p.dep.tp, dtype: p.dep.dtype, kvDtype: p.dep.kvDtype, devices: p.devices });
    };
    for (const p of chosenAt) {
      add(placed.flat().find((x) => x.dep === p.dep && x.c.family === 'autoregressive')!);
      add(p);
    }
    const maxBatch = batches.at(-1)!;
    doc.rates = rateSweep([...finalists.values()], {
      rates: input.rates, slo: input.slo, maxBatch, requests: rateRequests(input, maxBatch), seed: input.seed,
      hardware: input.hardware, model: input.model, engine: engineArg,
      workload: { promptTokens: contexts[0]!, outputTokens: (simWorkload(input, 1) as { outputTokens: RateInput['workload']['outputTokens'] }).outputTokens },
      economics: { hw: hwEcon, assumptions: econ },
    }).sweep;
  }
  const report: OptimizeReport = {
    specsim: specsimVersion(),
    scenario: {
      name, hardware: [hw.id], model: target.id, batch: batches,
      // One deployment searched: say it, so the report's settings table shows the tp and dtypes the confirmations ran at.
      ...(deps.length === 1 ? { tp: deps[0]!.tp, dtype: deps[0]!.dtype, kvDtype: deps[0]!.kvDtype } : {}),
      workload: { ...simWorkload({ ...input, context: contexts[0]! }, 0), requests: input.requests ?? 'max(32, 4 × batch)' },
      methods: [{ kind: 'autoregressive', label: 'autoregressive' }, { kind: input.methods.join(','), label: 'best', note: 'the best setting at each batch (optimize.json)' }],
      optimize: meta,
    },
    seed: input.seed,
    results,
    optimize: { meta, doc },
  };
  return { doc, meta, report };
}

/** The analytic numbers a point reports (speedup and the count searched are added by the caller). */
function analyticNumbers(a: Analytic): Omit<OptimizePoint['analytic'], 'speedup' | 'searched'> {
  return { tpotMs: a.tpotMs, userTokensPerS: a.userTokensPerS, tokensPerS: a.tokensPerS, acceptedPerStep: a.acceptedPerStep, stepMs: a.stepMs, usdPerMTokens: a.usdPerMTokens, joulesPerToken: a.joulesPerToken };
}

/** The pick's setting, with its tp and dtype when more than one deployment was searched. */
function deploymentSetting(p: Placed, several: boolean): Setting {
  return several ? { ...p.c.setting, tp: p.dep.tp, dtype: p.dep.dtype } : p.c.setting;
}
