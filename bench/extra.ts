/**
 * The benchmarks beyond the cost model: the event kernel and end-to-end
 * simulation. Each names the unit it counts and how many of them one run
 * (op) of the function processes, so the table can show units per second.
 */
import { readFileSync } from 'node:fs';
import { Kernel } from '../src/sim/kernel.js';
import { parseScenario } from '../src/scenario/load.js';
import { setupHardware, simulateScenarioPoint } from '../src/scenario/run.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

export interface BenchSpec {
  name: string;
  /** What the rate counts (e.g. "events", "output tokens"). */
  unit: string;
  /** Units one call of `fn` processes. */
  perOp: number;
  fn: () => void | Promise<void>;
}

/** Kernel events per second: `procs` processes, each rescheduling itself after a pseudo-random delay, `events` events per run. */
function kernelBench(procs: number, events: number): BenchSpec {
  return {
    name: `event kernel: ${events / 1000}k events, ${procs} concurrent processes`,
    unit: 'events',
    perOp: events,
    fn: () => {
      let left = events - procs;
      let x = 12345;
      const k = new Kernel<number>((id) => {
        if (left <= 0) return;
        left--;
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        return [{ delayMs: (x >>> 8) / 16777216, event: id, priority: id & 1 }];
      });
      for (let i = 0; i < procs; i++) k.schedule(0, i);
      k.run();
    },
  };
}

export const PERF_SCENARIO = 'scenarios/perf-20m.json';

/**
 * End-to-end simulated output tokens per second for one point of
 * perf-20m.json's hardware, model and methods at `batch`, with 4 × batch
 * requests (at least 8) of 512 prompt and 500 output tokens. Each run builds
 * the point afresh (a cold cost cache, methods, the workload plan), then simulates it.
 */
function e2eBench(methodIndex: number, batch: number): BenchSpec {
  const base = JSON.parse(readFileSync(PERF_SCENARIO, 'utf8')) as ScenarioInput;
  const requests = Math.max(8, 4 * batch);
  const scenario = parseScenario({ ...base, batch: [batch], workload: { kind: 'closed', requests, promptTokens: 512, outputTokens: 500 } });
  const m = scenario.methods[methodIndex]!;
  const label = m.kind === 'eagle' ? 'EAGLE dynamic tree 60 nodes' : m.kind;
  return {
    name: `simulate: ${label}, llama3-8b h100-sxm, batch ${batch} (${requests} × 500 tokens)`,
    unit: 'output tokens',
    perOp: requests * 500,
    fn: () => {
      const setup = setupHardware(scenario, 0, scenario.seed, {}, false);
      simulateScenarioPoint(scenario, setup, scenario.seed, { hardware: 0, batch: 0, method: methodIndex });
    },
  };
}

/**
 * Batch-1 autoregressive simulation, steps per second: the point is set up
 * once (warm cost cache) and simulated afresh each run, so the rate is the
 * engine's per-step cost, compared with the reference loop (reference.ts).
 */
export function batchOneBench(requests: number, outputTokens: number): BenchSpec {
  const base = JSON.parse(readFileSync(PERF_SCENARIO, 'utf8')) as ScenarioInput;
  const scenario = parseScenario({ ...base, batch: [1], workload: { kind: 'closed', requests, promptTokens: 512, outputTokens } });
  const setup = setupHardware(scenario, 0, scenario.seed, {}, false);
  return {
    name: `simulate: autoregressive, batch 1, ${requests} × ${outputTokens} tokens, set up once (steps = tokens)`,
    unit: 'tokens',
    perOp: requests * outputTokens,
    fn: () => { simulateScenarioPoint(scenario, setup, scenario.seed, { hardware: 0, batch: 0, method: 0 }); },
  };
}

export const EXTRA_BENCHES: BenchSpec[] = [
  kernelBench(1000, 200_000),
  ...[1, 64, 256].flatMap((b) => [e2eBench(0, b), e2eBench(1, b)]),
];
