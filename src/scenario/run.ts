/**
 * `runScenario`: every point of a scenario (hardware × batch × method),
 * simulated and summarized as the contract's Results. Pure apart from reading
 * the shipped data and a trace CSV: no output files (see report/write.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resolveHardware } from '../catalog/hardware.js';
import { dataDir } from '../catalog/data-dir.js';
import { resolveModel } from '../catalog/models.js';
import { memoryFootprint } from '../cost/memory.js';
import type { CostOptions, KvDtype, WeightDtype } from '../cost/operators.js';
import { UserError } from '../errors.js';
import { buildMethod, type Method, type MethodEnv } from '../methods/index.js';
import type { Report, Result } from '../report/types.js';
import { cachedCost } from '../sim/cost-cache.js';
import { simulatePoint, type PointOutcome } from '../sim/engine.js';
import { stream } from '../sim/rng.js';
import { planWorkload } from '../workload/index.js';
import type { MethodSpec, Scenario } from './schema.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Where relative paths (trace files) resolve; default the working directory. */
  baseDir?: string;
  /** Names the scenario in errors (its file). */
  where?: string;
  onProgress?: (p: { done: number; total: number; hardware: string; method: string; batch: number }) => void;
}

let version: string | undefined;
export function specsimVersion(): string {
  version ??= (JSON.parse(readFileSync(join(dirname(dataDir()), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** The scenario as resolved: defaults applied, labels filled in, `$schema` dropped, the effective seed. */
export function resolvedScenario(s: Scenario, seed: number): Report['scenario'] {
  const { $schema: _schema, ...rest } = s;
  return { ...rest, seed, methods: s.methods.map((m) => ({ ...m, label: m.label ?? m.kind })) };
}

export function runScenario(scenario: Scenario, opts: RunOptions = {}): Report {
  const seed = opts.seed ?? scenario.seed;
  const where = opts.where ?? 'scenario';
  const results: Result[] = [];
  const specs: MethodSpec[] = scenario.methods;
  const hasBaseline = specs.some((m) => m.kind === 'autoregressive');
  const total = scenario.hardware.length * scenario.batch.length * specs.length;
  let done = 0;
  scenario.hardware.forEach((hwId, hi) => {
    const hw = resolveHardware(hwId, `${where} at $.hardware[${hi}]`);
    const target = resolveModel(scenario.model, `${where} at $.model`);
    const costOpts: CostOptions = { tp: scenario.tp, weightDtype: scenario.dtype as WeightDtype, kvDtype: scenario.kvDtype as KvDtype, cudaGraphs: true };
    const env: MethodEnv = { hw, target, opts: costOpts, cost: cachedCost(hw, costOpts), draftDevice: scenario.draftDevice };
    const methods = specs.map((m, i) => buildMethod(m, env, `${where} at $.methods[${i}]`));
    const baseline = methods.find((m) => m.kind === 'autoregressive') ?? buildMethod({ kind: 'autoregressive', label: 'autoregressive' }, env, where);
    const plans = scenario.batch.map((batch) => planWorkload(scenario.workload, batch, seed, opts.baseDir));
    // Check memory for every point first, so a batch that cannot fit fails fast.
    const devices = plans.map((plan, bi) => [...methods, baseline].map((m) => {
      const fp = memoryFootprint(hw, target, { batch: plan.maxBatch, contextTokens: plan.maxContextTokens + m.extraKvTokens }, costOpts, m.residentModels);
      if (!fp.fits) {
        throw new UserError(
          `batch ${plan.maxBatch} of ${target.id} with '${m.label}' (${plan.maxContextTokens + m.extraKvTokens} tokens per sequence) does not fit in ${hw.id} memory; the largest batch that fits is ${fp.maxBatch ?? 0}`,
          `${where} at $.batch[${bi}]`,
        );
      }
      return fp.devices + (scenario.draftDevice === 'separate' && (m.kind === 'draft' || m.kind === 'eagle') ? 1 : 0);
    }));
    scenario.batch.forEach((batch, bi) => {
      const plan = plans[bi]!;
      const simulate = (m: Method): PointOutcome => simulatePoint({
        target, method: m, cost: env.cost, workload: plan, batching: scenario.batching, draftDevice: scenario.draftDevice,
        acceptanceRng: stream(seed, 'acceptance', hw.id, m.label, batch),
      });
      const base = hasBaseline ? undefined : simulate(baseline);
      const outs = methods.map((m) => {
        const r = simulate(m);
        done++;
        opts.onProgress?.({ done, total, hardware: hw.id, method: m.label, batch });
        return r;
      });
      const baseTpot = (base ?? outs[methods.indexOf(baseline)])?.tpotMs.mean;
      methods.forEach((m, i) => results.push(toResult(hw.id, target.id, m, batch, outs[i]!, devices[bi]![i]!, baseTpot)));
    });
  });
  return { specsim: specsimVersion(), scenario: resolvedScenario(scenario, seed), seed, results };
}

function toResult(hardware: string, model: string, m: Method, batch: number, o: PointOutcome, devices: number, baseTpot: number | undefined): Result {
  const mean = o.tpotMs.mean;
  return {
    hardware, model, method: m.label, batch,
    metrics: {
      tpotMs: o.tpotMs,
      ttftMs: o.ttftMs,
      e2eMs: o.e2eMs,
      tokensPerS: o.makespanMs > 0 ? (o.outputTokens / o.makespanMs) * 1000 : 0,
      userTokensPerS: mean > 0 ? 1000 / mean : 0,
      acceptedPerStep: o.acceptedPerStep,
      acceptanceRate: o.acceptanceRate,
      speedup: baseTpot !== undefined && mean > 0 && baseTpot > 0 ? baseTpot / mean : null,
      requests: o.requests,
      outputTokens: o.outputTokens,
      makespanMs: o.makespanMs,
    },
    detail: {
      kind: m.kind,
      devices,
      targetStepMs: o.targetStepMs,
      targetBound: o.targetBound,
      draftMsPerStep: o.draftMsPerStep,
      acceptedHistogram: o.acceptedHistogram,
      timeline: o.timeline,
    },
  };
}
