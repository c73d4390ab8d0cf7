/**
 * A method kind, defined in one place: its scenario schema, the line
 * `specsim list methods` shows, the entry `specsim compare` runs, its chart
 * colour, the settings `specsim optimize` searches (optional) and the builder
 * of the simulator's `Method`. The registry (index.ts) composes the scenario
 * schema, `list`, `compare`, `optimize` and the charts from these.
 */
import type { z } from 'zod';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { Acceptance } from '../acceptance/index.js';
import type { AcceptanceRows } from '../acceptance/types.js';
import type { Method, MethodEnv } from './types.js';

/** A setting `optimize` reports as `best` (which fields apply depends on the method). */
export interface Setting {
  method: string;
  draft?: string;
  gamma?: number;
  heads?: number;
  /** Medusa: a named tree or `greedy-<nodes>`; EAGLE: `dynamic`. */
  tree?: string;
  depth?: number;
  topK?: number;
  /** Tree nodes (drafted tokens verified per step, root excluded). */
  nodes?: number;
  /** A greedy Medusa tree's paths of 0-based ranks (paste into a scenario's `tree`). */
  paths?: number[][];
}

/** One point of a method's search space. */
export interface SearchPoint<Spec> {
  setting: Setting;
  /** The scenario method that simulates this setting. */
  spec: Spec;
  /** Tie-break key: lexicographically smaller = the smaller setting (tokens verified first, then drafting work). */
  size: number[];
}

/** What a search space is built from: the acceptance searched under (and its mean rows), the draft model when the method takes one. */
export interface SearchInput {
  acceptance: Acceptance;
  rows: AcceptanceRows;
  draft?: string;
}

/** What `optimize` searches for a method kind. */
export interface MethodSearch<Spec> {
  space(input: SearchInput): SearchPoint<Spec>[];
  /** A setting in a few words, for the optimize chart. */
  describe(s: Setting): string;
}

export interface MethodDefinition<S extends z.ZodObject<{ kind: z.ZodLiteral<string> }>> {
  readonly kind: z.infer<S>['kind'];
  /** The scenario entry: a strict object whose `kind` is this kind's literal. */
  readonly schema: S;
  /** One line for `specsim list methods` and help texts. */
  readonly description: string;
  /** Chart colour of this kind (a second method of the same kind takes a spare colour). */
  readonly color: string;
  /** The entry `specsim compare` runs for this kind, for `target`; `chainsOnly`: the serving engine verifies chains, not trees. */
  compareDefault(target: ModelSpec, engine: { chainsOnly: boolean }): z.infer<S>;
  /** The optimize search space; absent: `optimize` does not search this kind. */
  readonly search?: MethodSearch<z.infer<S>>;
  /** The simulator's method; `where` names the scenario path for errors (e.g. `s.json at $.methods[1]`). */
  build(spec: z.infer<S>, env: MethodEnv, where: string): Method;
}
