/** Messages between the page (page/*.ts) and the simulator worker (worker.ts). */
import type { ResultCore } from '../report/metrics-types.js';

/** The charts the page shows, in order, with what a screen reader hears for each. */
export const PLAYGROUND_CHARTS = [
  { name: 'tpot-vs-batch', label: 'Time per output token vs. batch size' },
  { name: 'speedup-vs-batch', label: 'Speedup over autoregressive vs. batch size' },
  { name: 'frontier', label: 'Throughput vs. per-user speed as batch grows' },
  { name: 'timeline', label: 'Step timeline of the first iterations at the smallest batch' },
] as const;

export interface PlaygroundCatalog {
  hardware: { id: string; name: string }[];
  /** The text of each built-in GPU profile file, by id: where a custom profile starts from. */
  gpuProfiles: Record<string, string>;
  /** The scenario's batch policies (`batching`). */
  batching: string[];
  /** The hardware kinds a profile file may name (the backend registry's), so the page tells a profile from a config.json. */
  hardwareKinds: string[];
  models: { id: string; name: string }[];
  engines: { id: string; name: string }[];
  dtypes: string[];
  kvDtypes: string[];
  methods: { id: string; description: string }[];
  /** Per model id, each method kind's starting settings (its compare default). */
  methodDefaults: Record<string, Record<string, unknown>>;
  medusaTrees: string[];
  eagleTrees: string[];
}

/** The page asks for one scenario document (as a scenario file holds it) with the files it names (profiles, config.json, traces), by name. */
export interface RunRequest { id: number; scenario: unknown; files: Record<string, string> }

export type Reply =
  | { type: 'ready'; catalog: PlaygroundCatalog }
  /** The report's results without their detail (timelines, histograms: the table shows neither), and the names of the charts that follow. */
  | { id: number; type: 'result'; results: ResultCore[]; charts: string[]; ms: number }
  /** One chart as SVG. */
  | { id: number; type: 'chart'; name: string; svg: string }
  /** Every chart sent: the time since the request arrived, and how many points were simulated and how many reused. */
  | { id: number; type: 'done'; ms: number; simulated: number; reused: number }
  /** The line `specsim run` would print for this scenario, and its `where` (e.g. `scenario at $.batch[0]`). */
  | { id: number; type: 'error'; line: string; where: string | null };
