/**
 * A speculation method: the *work* of one decode iteration (which model runs
 * how many tokens per sequence, on which device, before or after the target's
 * verify step, and how wide that step is) and how its drafts are accepted.
 * Methods never price anything: the engine (src/sim/engine.ts) and the
 * optimizer price the work through the cost model (`priceSteps` in work.ts),
 * and the engine owns time, devices and requests.
 */
import type { HardwareProfile } from '../cost/backends/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { AcceptanceModel, AcceptanceRows } from '../acceptance/types.js';
import type { CostOptions, WeightDtype } from '../cost/operators.js';
import type { Rng } from '../sim/rng.js';

export interface MethodEnv {
  hw: HardwareProfile;
  target: ModelSpec;
  opts: CostOptions;
  /** Where a method's draft model runs unless the method says otherwise (the scenario's `draftDevice`). */
  draftDevice: DraftPlacement;
  /** Sampling temperature (absent or 0: greedy); acceptance figures move to it (acceptance/temperature.ts). */
  temperature?: number;
}

/**
 * Where a draft model runs: `shared` on the target's GPUs (what vLLM and
 * SGLang do; at a tp below the target's it occupies the first `tp` of them
 * while the others wait), `separate` on GPUs of its own (a what-if: no engine
 * ships it; drafting and verifying still alternate, since each needs the
 * other's tokens).
 */
export type DraftPlacement = 'shared' | 'separate';

/** How a method's own draft model is deployed: its tensor parallelism, weight dtype and devices. */
export interface DraftDeployment {
  model: ModelSpec;
  /** GPUs the draft is split over (1 = no all-reduce). */
  tp: number;
  weightDtype: WeightDtype;
  placement: DraftPlacement;
  /** Ids of the models whose steps run at this deployment: `model`, and any other pass of the same drafter (EAGLE-3's later passes, which skip the fusing FC). */
  pricedIds: readonly string[];
}

/** One forward step of a phase's model, for every sequence of the batch. */
export interface ModelStep {
  /** New tokens per sequence. */
  tokens: number;
  /** Tokens already cached per sequence (the engine's mean context plus this step's offset). */
  context: number;
  phase: 'decode' | 'prefill';
}

/**
 * What a phase is on the step timeline (report.json `detail.timeline[].phase`):
 * a draft model's or layer's `prefill` of joining prompts, `draft` passes,
 * Medusa's `heads`, a host-side `lookup` (n-gram, suffix tree). A method with
 * another kind of work adds its name here.
 */
export type PhaseLabel = 'prefill' | 'draft' | 'heads' | 'lookup';

/**
 * Work run back to back on one device: forward steps of one model, or fixed
 * host time (an n-gram lookup). `device` 'draft' is the method's own draft
 * device when `draftDevice` is `separate`, else the target's.
 */
export type Phase =
  | { label: PhaseLabel; device: 'draft' | 'target'; model: ModelSpec; steps: readonly ModelStep[] }
  | { label: PhaseLabel; device: 'draft' | 'target'; hostMs: number };

/** Drafting work when requests join: the draft model's or EAGLE layer's prefill, or Medusa's first heads. */
export type PrefillPhase = Phase & {
  /** Needs nothing from the target's prefill (a separate draft model), so it may overlap it on its own device. */
  independent: boolean;
};

/** One decode iteration as work: phases before the target step, the step's width, phases after it. */
export interface IterationWork {
  before: readonly Phase[];
  /** Tokens per sequence the target's step processes: 1 = decode; q > 1 verifies a chain or a tree of q − 1 drafts. */
  verifyTokens: number;
  /** The model the verify step runs, when it is not the whole target (LayerSkip: the layers after the exit). */
  verifyModel?: ModelSpec;
  /** The verified drafts branch (a tree, not a chain): the verify step's attention takes a tree mask. */
  verifyTree?: boolean;
  after: readonly Phase[];
}

/**
 * How a method's drafts are accepted (chain, tree, or something else): the
 * sampled outcome of one sequence-step and its closed-form expectation.
 */
export interface DraftAcceptance {
  /** The most drafted tokens one step can accept: gamma of a chain, the depth of a tree, 0 without drafts. */
  readonly maxAccepted: number;
  /** True if the drafts form a tree that branches (some node has more than one child): what an engine needs tree attention for. */
  readonly branches: boolean;
  /** Accepted drafts of one sequence in one step (0 … maxAccepted), drawn from `rng` with the sequence's rows. */
  accept(rows: AcceptanceRows, rng: Rng): number;
  /**
   * As `accept`, with every probability of the rows scaled by `factor` ≤ 1
   * (acceptance decaying with context); one draw of `rng`. Optional: without
   * it the engine scales the rows and calls `accept` (exact, but it computes
   * the law afresh each draw).
   */
  acceptScaled?(rows: AcceptanceRows, factor: number, rng: Rng): number;
  /** Expected tokens per step (accepted + the bonus token), closed form. */
  expectedTokens(rows: AcceptanceRows): number;
  /** Probability that a sequence accepts every draft (what a draft model must then catch up on); 0 where not modelled (trees). */
  allAccepted(rows: AcceptanceRows): number;
}

export interface Method extends DraftAcceptance {
  readonly kind: string;
  readonly label: string;
  /** Models held in memory beside the target on every target device, at the target's tp and dtype (heads, an EAGLE layer when shared). */
  readonly residentModels: readonly ModelSpec[];
  /** Extra KV-cache tokens per sequence during a step (tree/draft tokens in flight). */
  readonly extraKvTokens: number;
  /** The acceptance model (absent for autoregressive). */
  readonly acceptance?: AcceptanceModel;
  /** True if the method has a draft model that a `separate` draft device would hold (one more device). */
  readonly usesDraftDevice: boolean;
  /**
   * A drafter with weights of its own (a draft model, the EAGLE/EAGLE-3
   * layer, MTP modules) deployed on its own terms (tp, dtype, placement):
   * priced at its own options and held in memory on the devices that run
   * it. Absent: the method has no such drafter (Medusa's heads ride in
   * `residentModels`).
   */
  readonly draftDeployment?: DraftDeployment;
  /** Drafting work at prefill for joiners with `promptTokens` each, or undefined for none. */
  prefillDraft(promptTokens: number): PrefillPhase | undefined;
  /**
   * One iteration for sequences with `context` tokens cached on average.
   * `lastEmitted`: the most tokens a sequence took from the previous step (accepted + bonus; 1 at
   * first): what a draft must catch up on before it proposes again.
   */
  iteration(context: number, lastEmitted: number): IterationWork;
}

export type { ModelSpec };
