/**
 * `optimize --rate r1,r2,… --slo ttft-p99=…,tpot-p99=…`: open (Poisson)
 * load. The finalists of the batch search (each batch's pick and
 * autoregressive, on their deployments) are simulated at every rate with
 * the batch cap `maxBatch`; a setting meets the SLO at a rate when every
 * limit holds at the 99th (or 50th) percentile and the queue does not grow
 * without bound. Per rate the pick is the setting that meets the SLO at the
 * least $ per million output tokens (ties within 1%: the lower p99 time per
 * token); the goodput rate is the highest rate at which some setting meets
 * it. Simulations only: queueing has no closed form worth trusting here.
 */
import { UserError } from '../errors.js';
import type { RatePoint, RateSweep, RateTrial, Setting, SloLimits } from '../report/optimize-types.js';
import { tokenEconomics } from '../report/economics.js';
import type { EconomicsAssumptions, HardwareEconomics, Result } from '../report/types.js';
import { runScenario } from '../scenario/run.js';
import type { Scenario } from '../scenario/schema.js';

/** The SLO keys `--slo` takes, and the metric and percentile each limits. */
export const SLO_KEYS = {
  'ttft-p99': ['ttftMs', 'p99'], 'ttft-p50': ['ttftMs', 'p50'],
  'tpot-p99': ['tpotMs', 'p99'], 'tpot-p50': ['tpotMs', 'p50'],
  'e2e-p99': ['e2eMs', 'p99'], 'e2e-p50': ['e2eMs', 'p50'],
} as const;
export type SloKey = keyof typeof SLO_KEYS;

/** `ttft-p99=500,tpot-p99=50` (milliseconds) → limits; an unknown key, a repeated key or a non-positive limit is a UserError. */
export function parseSlo(value: string, parseNumber: (s: string) => number): SloLimits {
  const out: SloLimits = {};
  const parts = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new UserError(`give at least one limit, e.g. tpot-p99=50 (keys: ${Object.keys(SLO_KEYS).join(', ')}; milliseconds)`, '--slo');
  for (const part of parts) {
    const m = /^([^=]+)=(.+)$/.exec(part);
    if (!m) throw new UserError(`'${part}' is not <key>=<ms> (keys: ${Object.keys(SLO_KEYS).join(', ')})`, '--slo');
    const key = m[1]!.trim();
    if (!Object.hasOwn(SLO_KEYS, key)) throw new UserError(`unknown SLO key '${key}'; known: ${Object.keys(SLO_KEYS).join(', ')}`, '--slo');
    if (Object.hasOwn(out, key)) throw new UserError(`'${key}' given twice`, '--slo');
    const ms = parseNumber(m[2]!.trim());
    if (!(ms > 0) || !Number.isFinite(ms)) throw new UserError(`${key} must be a positive number of milliseconds, got '${m[2]}'`, '--slo');
    out[key as SloKey] = ms;
  }
  return out;
}

/** Whether a simulated result meets every limit (and its queue is stable). */
export function meetsSlo(r: Result, slo: SloLimits): boolean {
  if (r.detail?.load?.overloaded) return false;
  return Object.entries(slo).every(([k, limit]) => {
    const [metric, pct] = SLO_KEYS[k as SloKey];
    return r.metrics[metric][pct] <= limit!;
  });
}

export interface Finalist {
  setting: Setting;
  label: string;
  /** The scenario method (kind autoregressive for the baseline). */
  method: Scenario['methods'][number];
  tp: number;
  dtype: string;
  kvDtype: string;
  devices: number;
}

export interface RateInput {
  rates: readonly number[];
  slo: SloLimits;
  /** Batch cap of the server. */
  maxBatch: number;
  requests: number;
  seed: number;
  hardware: string;
  model: string;
  engine: string;
  workload: { promptTokens: number; outputTokens: Scenario['workload'] extends infer W ? W extends { outputTokens: infer O } ? O : never : never };
  economics: { hw: Pick<HardwareEconomics, 'priceUsd' | 'powerW'>; assumptions: Pick<EconomicsAssumptions, 'lifetimeYears' | 'usdPerKwh'> };
}

const p = (r: Result, metric: 'ttftMs' | 'tpotMs', pct: 'p50' | 'p99'): number => r.metrics[metric][pct];

/** Simulate every finalist at every rate; the picks and the goodput rate. */
export function rateSweep(finalists: readonly Finalist[], input: RateInput): { sweep: RateSweep } {
  const points: RatePoint[] = input.rates.map((rate) => {
    const trials: RateTrial[] = finalists.map((f) => {
      const scenario: Scenario = {
        name: `optimize-rate-${rate}`, seed: input.seed, hardware: [input.hardware], model: input.model, batch: [input.maxBatch],
        workload: { kind: 'poisson', rate, requests: input.requests, maxBatch: input.maxBatch, promptTokens: input.workload.promptTokens, outputTokens: input.workload.outputTokens },
        methods: [{ ...f.method, label: f.label } as Scenario['methods'][number]],
        tp: f.tp, dtype: f.dtype as Scenario['dtype'], kvDtype: f.kvDtype as Scenario['kvDtype'], draftDevice: 'shared', engine: input.engine,
      } as Scenario;
      const r = runScenario(scenario, { where: 'optimize --rate' }).results.find((x) => x.method === f.label)!;
      const money = tokenEconomics(f.devices, r.metrics.tokensPerS, input.economics.hw, input.economics.assumptions);
      return {
        setting: f.setting, label: f.label, meets: meetsSlo(r, input.slo),
        ttftP99Ms: p(r, 'ttftMs', 'p99'), tpotP99Ms: p(r, 'tpotMs', 'p99'), e2eP99Ms: r.metrics.e2eMs.p99,
        tokensPerS: r.metrics.tokensPerS, servedPerS: r.detail?.load?.servedPerS ?? null, overloaded: r.detail?.load?.overloaded ?? false,
        usdPerMTokens: money.usdPerMTokens,
      };
    });
    const ok = trials.filter((t) => t.meets);
    let best: RateTrial | undefined;
    if (ok.length > 0) {
      const cost = (t: RateTrial): number => t.usdPerMTokens ?? Infinity;
      const least = Math.min(...ok.map(cost));
      const near = ok.filter((t) => cost(t) <= least * 1.01 || !Number.isFinite(least));
      best = near.reduce((a, b) => (b.tpotP99Ms < a.tpotP99Ms ? b : a));
    }
    return { rate, best: best ? best.setting : null, bestLabel: best?.label ?? null, meets: ok.length > 0, trials };
  });
  const met = points.filter((x) => x.meets).map((x) => x.rate);
  return { sweep: { slo: input.slo, maxBatch: input.maxBatch, requests: input.requests, points, goodputRate: met.length > 0 ? Math.max(...met) : null } };
}
