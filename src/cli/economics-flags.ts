/**
 * The cost and energy flags of `run` and `compare` (`--price`, `--power`,
 * `--lifetime-years`, `--usd-per-kwh`) and the step that adds $/M tokens and
 * J/token to a report from the scenario's hardware profiles.
 */
import type { Command } from 'commander';
import { resolveHardware } from '../hardware/resolve.js';
import { UserError } from '../errors.js';
import { DEFAULT_LIFETIME_YEARS, DEFAULT_USD_PER_KWH, economicsAssumptions, withEconomics, type EconomicsEntry, type EconomicsOptions } from '../report/economics.js';
import type { Report } from '../report/types.js';
import { resolveHardwareEntries, type Scenario } from '../scenario/schema.js';
import { parseDecimal } from './options.js';

export interface EconomicsFlags { price?: string; power?: string; lifetimeYears?: string; usdPerKwh?: string }

export function addEconomicsOptions(c: Command): Command {
  return c
    .option('--price <id=usd,...>', 'purchase price per device (GPU or chip) in US dollars, overriding the profile\'s listPriceUsd, e.g. h100-sxm=25000')
    .option('--power <id=watts,...>', 'power per device in watts, overriding the profile\'s tdpW')
    .option('--lifetime-years <y>', `years the purchase price is amortised over (default ${DEFAULT_LIFETIME_YEARS})`)
    .option('--usd-per-kwh <usd>', `electricity price (default ${DEFAULT_USD_PER_KWH})`);
}

function positive(value: string, flag: string): number {
  const n = parseDecimal(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new UserError(`'${value}' is not a positive number`, flag);
  return n;
}

/** "h100-sxm=25000,groq-lpu=20000" → { 'h100-sxm': 25000, 'groq-lpu': 20000 }. */
export function parseAssignments(value: string, flag: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of value.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const m = /^([^=]+)=(.+)$/.exec(part);
    if (!m) throw new UserError(`'${part}' is not <hardware>=<number>`, flag);
    out[m[1]!.trim()] = positive(m[2]!, flag);
  }
  return out;
}

export function economicsOptions(f: EconomicsFlags): EconomicsOptions {
  return {
    lifetimeYears: f.lifetimeYears !== undefined ? positive(f.lifetimeYears, '--lifetime-years') : undefined,
    usdPerKwh: f.usdPerKwh !== undefined ? positive(f.usdPerKwh, '--usd-per-kwh') : undefined,
    priceUsd: f.price !== undefined ? parseAssignments(f.price, '--price') : undefined,
    powerW: f.power !== undefined ? parseAssignments(f.power, '--power') : undefined,
  };
}

/** The scenario's hardware entries with their profiles' price and power. */
export function economicsEntries(scenario: Scenario): EconomicsEntry[] {
  return resolveHardwareEntries(scenario).map((e) => {
    let hw: { listPriceUsd?: number; tdpW?: number } | undefined;
    try { hw = resolveHardware(e.id) as { listPriceUsd?: number; tdpW?: number }; } catch { hw = undefined; }
    return { label: e.label, id: e.id, listPriceUsd: hw?.listPriceUsd, tdpW: hw?.tdpW };
  });
}

/** An override for hardware the scenario does not have is a typo, not a no-op. */
function checkKeys(o: EconomicsOptions, entries: readonly EconomicsEntry[]): void {
  const known = new Set(entries.flatMap((e) => [e.id, e.label]));
  for (const [flag, table] of [['--price', o.priceUsd], ['--power', o.powerW]] as const) {
    for (const k of Object.keys(table ?? {})) if (!known.has(k)) throw new UserError(`'${k}' is not hardware of this run; known: ${[...known].join(', ')}`, flag);
  }
}

/** Check the flags against the scenario before a long run; returns what `applyEconomics` needs. */
export function prepareEconomics(scenario: Scenario, f: EconomicsFlags): { entries: EconomicsEntry[]; options: EconomicsOptions } {
  const options = economicsOptions(f);
  const entries = economicsEntries(scenario);
  checkKeys(options, entries);
  return { entries, options };
}

export function applyEconomics(report: Report, prepared: ReturnType<typeof prepareEconomics>): Report {
  return withEconomics(report, economicsAssumptions(prepared.entries, prepared.options));
}
