/**
 * `runScenario` for a page that re-runs the scenario on every slider move:
 * each point's outcome is kept, keyed by everything it depends on (the
 * scenario without its name, batch list and methods; the user's files; the
 * hardware entry; the batch size; the method's settings and label), so
 * moving one method's α simulates that method's points alone and the
 * baseline and untouched methods are read back. A point's outcome depends
 * only on these (its random streams are seeded by the scenario seed and the
 * point's identity: scenario/run.ts `simulateScenarioPoint`), so the report
 * is the one `runScenario` gives, number for number.
 *
 * Between simulated points the run yields (`pause`), so a newer request can
 * stop a run whose settings are already gone.
 */
import { assembleReport, pointKey, prepareScenario, simulateScenarioPoint, type PointId, type RunOptions } from '../scenario/run.js';
import type { Scenario } from '../scenario/schema.js';
import type { PointOutcome } from '../sim/engine.js';
import type { Report } from '../report/types.js';

/** Outcomes kept at most (a default sweep is 40 points; each holds a short timeline and a histogram). */
const MAX_KEPT = 2000;

export class PointCache {
  readonly #outcomes = new Map<string, PointOutcome>();
  hits = 0;
  misses = 0;

  get(key: string): PointOutcome | undefined {
    return this.#outcomes.get(key);
  }

  set(key: string, o: PointOutcome): void {
    // Oldest first out: a Map iterates in insertion order.
    if (this.#outcomes.size >= MAX_KEPT) this.#outcomes.delete(this.#outcomes.keys().next().value!);
    this.#outcomes.set(key, o);
  }
}

/** The key of point `p`: what its outcome depends on. `files` names the user's files by content. */
export function outcomeKey(scenario: Scenario, seed: number, files: string, p: PointId): string {
  const { name: _n, batch, methods, notes: _notes, ...rest } = scenario;
  const m = p.method < 0 ? 'baseline' : JSON.stringify({ ...methods[p.method], label: methods[p.method]!.label ?? methods[p.method]!.kind });
  return JSON.stringify([rest, seed, files, p.hardware, batch[p.batch], m]);
}

/**
 * Every point of `scenario`, from `cache` where it is there. `pause` runs
 * after each simulated point; when it answers true the run stops and gives
 * undefined (a newer request is waiting).
 */
export async function runCached(scenario: Scenario, cache: PointCache, files: string, opts: RunOptions, pause: () => Promise<boolean>): Promise<Report | undefined> {
  const prep = prepareScenario(scenario, opts);
  const outcomes = new Map<string, PointOutcome>();
  for (const p of prep.points) {
    const key = outcomeKey(scenario, prep.seed, files, p);
    let o = cache.get(key);
    if (o) cache.hits++;
    else {
      o = simulateScenarioPoint(scenario, prep.setups[p.hardware]!, prep.seed, p);
      cache.set(key, o);
      cache.misses++;
      if (await pause()) return undefined;
    }
    outcomes.set(pointKey(p), o);
  }
  return assembleReport(prep, (p) => outcomes.get(pointKey(p))!);
}
