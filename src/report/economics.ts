/**
 * Cost and energy per point: dollars per million output tokens and joules
 * per output token, from each hardware profile's `listPriceUsd` and `tdpW`
 * (per device; `--price` and `--power` override them) and the devices a
 * point uses.
 *
 * - Energy: every device draws its TDP for the whole run, so
 *   J/token = devices × tdpW / tokensPerS. TDP is the board's ceiling: a
 *   memory-bound decode draws less, so this is an upper bound, and host,
 *   network and cooling are left out.
 * - Cost: the purchase price amortised linearly over `lifetimeYears` of
 *   continuous use at this throughput, plus the energy above at
 *   `usdPerKwh`. No hosting, networking, staff or idle time.
 *
 * Pure: the report in, a new report out whose results gain
 * `metrics.usdPerMTokens` and `metrics.joulesPerToken`, and whose
 * `economics` states the assumptions.
 */
import { thousands } from '../thousands.js';
import type { EconomicsAssumptions, HardwareEconomics, Report, Result } from './types.js';

/** GPUs are commonly depreciated over 4-6 years; the short end is used. */
export const DEFAULT_LIFETIME_YEARS = 4;
/** About the US average industrial electricity price (EIA, 2024: 8-9 cents; 10 cents rounds up for cooling). */
export const DEFAULT_USD_PER_KWH = 0.1;

const SECONDS_PER_YEAR = 365.25 * 24 * 3600;

export type { EconomicsAssumptions, HardwareEconomics } from './types.js';

export interface EconomicsOptions {
  lifetimeYears?: number | undefined;
  usdPerKwh?: number | undefined;
  /** Per-device price overrides, keyed by hardware id or label. */
  priceUsd?: Readonly<Record<string, number>> | undefined;
  /** Per-device power overrides (W), keyed by hardware id or label. */
  powerW?: Readonly<Record<string, number>> | undefined;
}

/** A hardware entry of the report: its label in results, its profile id and the profile's numbers (absent for a profile without them). */
export interface EconomicsEntry {
  label: string;
  id: string;
  listPriceUsd?: number | undefined;
  tdpW?: number | undefined;
}

export function economicsAssumptions(entries: readonly EconomicsEntry[], o: EconomicsOptions = {}): EconomicsAssumptions {
  const pick = (table: Readonly<Record<string, number>> | undefined, e: EconomicsEntry) => table?.[e.label] ?? table?.[e.id];
  return {
    lifetimeYears: o.lifetimeYears ?? DEFAULT_LIFETIME_YEARS,
    usdPerKwh: o.usdPerKwh ?? DEFAULT_USD_PER_KWH,
    hardware: entries.map((e) => {
      const price = pick(o.priceUsd, e);
      const power = pick(o.powerW, e);
      return {
        label: e.label,
        id: e.id,
        priceUsd: price ?? e.listPriceUsd ?? null,
        powerW: power ?? e.tdpW ?? null,
        priceFrom: price !== undefined ? '--price' : e.listPriceUsd !== undefined ? 'profile' : 'none',
        powerFrom: power !== undefined ? '--power' : e.tdpW !== undefined ? 'profile' : 'none',
      };
    }),
  };
}

/** $/million output tokens and J/output token of one result (null when the price or power, or the throughput, is unknown). */
export function pointEconomics(r: Result, hw: HardwareEconomics | undefined, a: Pick<EconomicsAssumptions, 'lifetimeYears' | 'usdPerKwh'>): { usdPerMTokens: number | null; joulesPerToken: number | null } {
  return tokenEconomics(r.detail?.devices ?? 1, r.metrics.tokensPerS, hw, a);
}

/** $/million output tokens and J/output token of `devices` devices producing `tps` output tokens/s. */
export function tokenEconomics(devices: number, tps: number, hw: Pick<HardwareEconomics, 'priceUsd' | 'powerW'> | undefined, a: Pick<EconomicsAssumptions, 'lifetimeYears' | 'usdPerKwh'>): { usdPerMTokens: number | null; joulesPerToken: number | null } {
  if (!hw || !(tps > 0)) return { usdPerMTokens: null, joulesPerToken: null };
  const watts = hw.powerW !== null ? devices * hw.powerW : null;
  const joulesPerToken = watts !== null ? watts / tps : null;
  if (hw.priceUsd === null) return { usdPerMTokens: null, joulesPerToken };
  const capexUsdPerS = (devices * hw.priceUsd) / (a.lifetimeYears * SECONDS_PER_YEAR);
  const energyUsdPerS = watts !== null ? (watts / 1000 / 3600) * a.usdPerKwh : 0;
  return { usdPerMTokens: ((capexUsdPerS + energyUsdPerS) / tps) * 1e6, joulesPerToken };
}

/** The report with cost and energy per result and the assumptions behind them. */
export function withEconomics(report: Report, a: EconomicsAssumptions): Report {
  const byLabel = new Map(a.hardware.map((h) => [h.label, h]));
  return {
    ...report,
    results: report.results.map((r) => ({ ...r, metrics: { ...r.metrics, ...pointEconomics(r, byLabel.get(r.hardware), a) } })),
    economics: a,
  };
}

/** One sentence for summaries: what the numbers assume. */
export function economicsNote(a: EconomicsAssumptions): string {
  const hw = a.hardware.map((h) => `${h.label} $${h.priceUsd === null ? '?' : thousands(Math.round(h.priceUsd))}${h.priceFrom === '--price' ? ' (--price)' : ''} and ${h.powerW ?? '?'} W${h.powerFrom === '--power' ? ' (--power)' : ''} per device`).join('; ');
  return `$/M tokens = purchase price amortised over ${a.lifetimeYears} years of continuous use at this throughput + energy at $${a.usdPerKwh}/kWh; J/token = devices × TDP / tokens/s (an upper bound: decoding draws less than TDP; host, network and cooling left out). ${hw}. Override with --price id=usd, --power id=watts, --lifetime-years, --usd-per-kwh.`;
}
