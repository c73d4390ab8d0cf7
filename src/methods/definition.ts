/**
 * A method kind, defined in one place: its scenario schema, the line
 * `specsim list methods` shows, the entry `specsim compare` runs, its chart
 * colour, the settings `specsim optimize` searches (optional) and the builder
 * of the simulator's `Method`. The registry (index.ts) composes the scenario
 * schema, `list`, `compare`, `optimize` and the charts from these.
 */
import type { z } from '../zod.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { Acceptance } from '../acceptance/index.js';
import type { AcceptanceRows } from '../acceptance/types.js';
import type { DraftPlacement, Method, MethodEnv } from './types.js';
import type { WeightDtype } from '../cost/operators.js';
import type { AcceptanceChoice, AcceptanceFlags } from './search-acceptance.js';

export type { AcceptanceChoice, AcceptanceFlags } from './search-acceptance.js';

/** `specsim compare`'s method flags, as a kind's `tune` reads them. */
export interface MethodFlags {
  draft?: string | undefined;
  alpha?: number | undefined;
  gamma?: number | undefined;
  /** Medusa: a tree name; EAGLE: a static tree name or `dynamic:depth,topK,nodes`. */
  tree?: string | undefined;
  heads?: number | undefined;
  /** Medusa (and EAGLE): vicuna-7b|13b|33b or a JSON file of cumulative top-k rows. */
  accuracy?: string | undefined;
  /** A draft model's own deployment (deployment.ts). */
  draftTp?: number | undefined;
  draftDtype?: WeightDtype | undefined;
  draftPlacement?: DraftPlacement | undefined;
}

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
  /** A draft model's own deployment, when `optimize` searched more than one (`--draft-tp`, `--draft-placement`; the placement only when separate). */
  draftTp?: number;
  draftPlacement?: 'separate';
  /** The target's deployment, when several were searched (`--tp 1,2,4`, `--dtype bf16,fp8`). */
  tp?: number;
  dtype?: string;
}

/** One point of a method's search space. */
export interface SearchPoint<Spec> {
  setting: Setting;
  /** The scenario method that simulates this setting. */
  spec: Spec;
  /** Tie-break key: lexicographically smaller = the smaller setting (tokens verified first, then drafting work). */
  size: number[];
}

/** What a search space is built from: the acceptance searched under (and its mean rows), the draft model when the method takes one, the target (e.g. its MTP modules). */
export interface SearchInput {
  acceptance: Acceptance;
  rows: AcceptanceRows;
  draft?: string;
  target?: ModelSpec;
}

/** A setting's drafting shape as serving engines configure it. */
export interface DraftShape {
  /** Draft steps per round (γ, tree depth, heads used). */
  depth: number;
  /** Candidates expanded per step (1: a chain). */
  topK: number;
  /** Drafted tokens verified per step (root excluded). */
  nodes: number;
  /** One draft per depth (what chain-only engines run). */
  chain: boolean;
}

/** How serving engines name a kind (`optimize --emit`); an engine left out cannot run it. */
export interface EngineNames {
  /** vLLM `speculative_config.method`. */
  vllm?: string;
  /** SGLang `--speculative-algorithm`. */
  sglang?: string;
  /** TensorRT-LLM `speculative_config.decoding_type`. */
  trtllm?: string;
}

/** What `optimize --emit` needs of a kind. */
export interface MethodEmit {
  names: EngineNames;
  shape(s: Setting): DraftShape;
  /** The drafter checkpoint engines load when it is not a catalog draft model (`--draft`): a hint to replace, e.g. `<EAGLE head for llama2-70b>`. */
  drafter?(target: string): string;
}

/** What `optimize` searches for a method kind. */
export interface MethodSearch<Spec> {
  /** For `optimize --emit vllm|sglang|trtllm`; absent: no engine configuration is printed for this kind. */
  readonly emit?: MethodEmit;
  /** The acceptance flags this kind reads (`--alpha`, `--accuracy`); optimize gives each kind only these. */
  readonly reads: readonly (keyof AcceptanceFlags)[];
  /** The acceptance searched under, from the flags it reads (defaults when absent) and the target. */
  acceptance(flags: AcceptanceFlags, target?: ModelSpec): AcceptanceChoice;
  /** The kind runs a separate draft model: optimize builds its space once per `--draft` candidate. */
  readonly takesDraft?: boolean;
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
  /** The `compare` flags this kind reads (a flag no asked kind reads is refused). */
  readonly compareFlags?: readonly (keyof MethodFlags)[];
  /** `compare`: this kind's default entry for `target` after the flags, and what was assumed for the user. */
  tune?(spec: z.infer<S>, target: ModelSpec, flags: MethodFlags): { spec: z.infer<S>; assumptions: string[] };
  /** The optimize search space; absent: `optimize` does not search this kind. */
  readonly search?: MethodSearch<z.infer<S>>;
  /** The simulator's method; `where` names the scenario path for errors (e.g. `s.json at $.methods[1]`). */
  build(spec: z.infer<S>, env: MethodEnv, where: string): Method & { readonly kind: z.infer<S>['kind'] };
}
