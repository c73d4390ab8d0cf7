/**
 * A speculation method: what one decode iteration costs and how many tokens
 * each sequence gets from it. Methods only consume the cost model; the
 * engine (src/sim/engine.ts) owns time, devices and requests.
 */
import type { HardwareProfile } from '../catalog/hardware-schema.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { AcceptanceModel } from '../acceptance/types.js';
import type { CostOptions } from '../cost/operators.js';
import type { StepCost } from '../cost/step-cost.js';
import type { TreeNode } from '../acceptance/sample.js';
import type { CostFn } from '../sim/cost-cache.js';

export interface MethodEnv {
  hw: HardwareProfile;
  target: ModelSpec;
  opts: CostOptions;
  /** Memoized cost model. */
  cost: CostFn;
  /** Where a method's separate draft model runs. */
  draftDevice: 'shared' | 'separate';
}

/** One drafting phase of an iteration (before or after the target step). */
export interface DraftPhase {
  /** Timeline label: draft | heads | lookup. */
  phase: string;
  ms: number;
  /** True if it is the method's draft model, which runs on the draft device when `draftDevice` is `separate`. */
  draftModel: boolean;
}

/** Drafting work when requests join: the draft model's or EAGLE layer's prefill, or Medusa's first heads. */
export interface PrefillDraft {
  ms: number;
  /** Runs on the draft device when `draftDevice` is `separate`. */
  draftModel: boolean;
  /** Needs nothing from the target's prefill (a separate draft model), so it may overlap it on its own device. */
  independent: boolean;
}

export interface IterationPlan {
  /** In order, before the target step (Medusa's heads run after it, on the target device). */
  before: DraftPhase[];
  /** The target's decode (autoregressive) or verify step. */
  target: StepCost;
  after: DraftPhase[];
}

export interface Method {
  readonly kind: string;
  readonly label: string;
  /** Models held in memory beside the target on the target device (draft if shared, heads, EAGLE layer). */
  readonly residentModels: readonly ModelSpec[];
  /** Extra KV-cache tokens per sequence during a step (tree/draft tokens in flight). */
  readonly extraKvTokens: number;
  /** Drafted tokens per sequence per step (for acceptanceRate; 0 for autoregressive). For a tree: its depth. */
  readonly drafted: number;
  /** The acceptance model (absent for autoregressive). */
  readonly acceptance?: AcceptanceModel;
  /** The draft tree, or undefined for a chain of `drafted` tokens. */
  readonly tree?: TreeNode;
  /** True if the method has a draft model that a `separate` draft device would hold (one more device). */
  readonly usesDraftDevice: boolean;
  /** Drafting work at prefill for `batch` joiners with `promptTokens` each, or undefined for none. */
  prefillDraft(batch: number, promptTokens: number): PrefillDraft | undefined;
  /**
   * One iteration for `batch` sequences with `context` tokens cached on average.
   * `lastEmitted`: the most tokens a sequence took from the previous step (accepted + bonus; 1 at
   * first): what a draft must catch up on before it proposes again.
   */
  iteration(batch: number, context: number, lastEmitted: number): IterationPlan;
}

export type { ModelSpec };
