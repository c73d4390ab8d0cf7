/** Messages between the page (page.ts) and the simulator worker (worker.ts). */
import type { Report } from '../report/types.js';

export interface PlaygroundCatalog {
  hardware: { id: string; name: string }[];
  models: { id: string; name: string }[];
  engines: { id: string; name: string }[];
  methods: { id: string; description: string }[];
  /** Per model id, each method kind's starting settings (its compare default). */
  methodDefaults: Record<string, Record<string, unknown>>;
  medusaTrees: string[];
  eagleTrees: string[];
}

/** The page asks for one scenario document (as a scenario file holds it). */
export interface RunRequest { id: number; scenario: unknown }

export type Reply =
  | { type: 'ready'; catalog: PlaygroundCatalog }
  /** The report without per-point detail (timelines, histograms), and the charts as SVG. */
  | { id: number; type: 'result'; report: Report; charts: { name: string; svg: string }[]; ms: number }
  /** The line `specsim run` would print for this scenario, and its `where` (e.g. `scenario at $.batch[0]`). */
  | { id: number; type: 'error'; line: string; where: string | null };
