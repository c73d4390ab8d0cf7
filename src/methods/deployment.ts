/**
 * A draft model's own deployment (tensor parallelism, weight dtype, devices),
 * with the defaults vLLM uses and the checks its tp must pass.
 *
 * vLLM (vllm/config/speculative.py, `_verify_and_get_draft_tp`): an unset
 * `draft_tensor_parallel_size` is the target's tp; the only other value it
 * accepts is 1 (V1's draft-model proposer wants the target's tp). The draft
 * runs on the target's GPUs; SGLang does the same. A draft on GPUs of its own
 * (`separate`) is a what-if no engine ships.
 */
import { z } from '../zod.js';
import type { HardwareProfile } from '../cost/backends/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { checkParallelism } from '../cost/parallelism.js';
import { WEIGHT_DTYPES, type CostOptions, type WeightDtype } from '../cost/operators.js';
import { UserError } from '../errors.js';
import { FIELDS } from '../fields.js';
import type { DraftDeployment, DraftPlacement, MethodEnv } from './types.js';

/** The scenario keys of a method with a draft model of its own (all optional; defaults in `resolveDraftDeployment`). */
export const DRAFT_DEPLOYMENT_FIELDS = {
  draftTp: FIELDS.tp.optional().describe("GPUs the draft model is split over (default: the target's tp on shared GPUs, as vLLM does, or 1 when the draft's heads do not split that way; 1 on a separate device)"),
  draftDtype: z.enum(WEIGHT_DTYPES as unknown as [WeightDtype, ...WeightDtype[]]).optional().describe("the draft's weight dtype (default: the target's)"),
  draftPlacement: z.enum(['shared', 'separate']).optional().describe("shared: on the target's GPUs (vLLM, SGLang); separate: GPUs of its own, a what-if (default: the scenario's draftDevice)"),
};

/** The deployment keys of a drafter that lives with the target's weights (MTP modules): tp and dtype, never its own GPUs. */
export const SHARED_DRAFTER_FIELDS = { draftTp: DRAFT_DEPLOYMENT_FIELDS.draftTp, draftDtype: DRAFT_DEPLOYMENT_FIELDS.draftDtype };

/** The deployment keys compare's flags set (--draft-tp, --draft-dtype, --draft-placement), for a kind's `tune`. */
export function deploymentFromFlags(flags: DraftDeploymentKeys, placement = true): DraftDeploymentKeys {
  return {
    ...(flags.draftTp !== undefined ? { draftTp: flags.draftTp } : {}),
    ...(flags.draftDtype !== undefined ? { draftDtype: flags.draftDtype } : {}),
    ...(placement && flags.draftPlacement !== undefined ? { draftPlacement: flags.draftPlacement } : {}),
  };
}

/** The keys a method spec with a draft model may set about its deployment (all optional). */
export interface DraftDeploymentKeys {
  draftTp?: number | undefined;
  draftDtype?: WeightDtype | undefined;
  draftPlacement?: DraftPlacement | undefined;
}

/** True if `tp` devices of `hw` can share `model`'s heads. */
function splits(hw: HardwareProfile, model: ModelSpec, tp: number): boolean {
  try {
    checkParallelism(hw, model, tp, '');
    return true;
  } catch (e) {
    if (e instanceof UserError) return false;
    throw e;
  }
}

/**
 * The deployment of draft `model` for a method spec (`where`: its path, for
 * errors). Placement: the spec's, else the scenario's `draftDevice`. Tp: the
 * spec's (checked against the draft's heads, and on shared GPUs it must
 * divide the target's tp); else on shared GPUs the target's tp as vLLM does,
 * or 1 (vLLM's other choice) when the draft's heads do not split that way;
 * on a separate device 1. Dtype: the spec's, else the target's. `alsoPriced`:
 * other passes of the same drafter (EAGLE-3's later passes), run at the same
 * deployment.
 */
export function resolveDraftDeployment(model: ModelSpec, keys: DraftDeploymentKeys, env: MethodEnv, where: string, alsoPriced: readonly ModelSpec[] = []): DraftDeployment {
  const placement = keys.draftPlacement ?? env.draftDevice;
  const targetTp = env.opts.tp;
  let tp: number;
  if (keys.draftTp !== undefined) {
    tp = keys.draftTp;
    checkParallelism(env.hw, model, tp, `${where}.draftTp`);
    if (placement === 'shared' && targetTp % tp !== 0) {
      const ok = Array.from({ length: targetTp }, (_, i) => i + 1).filter((t) => targetTp % t === 0 && splits(env.hw, model, t));
      throw new UserError(`draft tp ${tp} must divide the target's tp ${targetTp} to share its GPUs; use ${ok.join(', ')} or "draftPlacement": "separate"`, `${where}.draftTp`);
    }
  } else if (placement === 'shared') {
    tp = targetTp > 1 && !splits(env.hw, model, targetTp) ? 1 : targetTp;
  } else {
    tp = 1;
  }
  return { model, tp, weightDtype: keys.draftDtype ?? env.opts.weightDtype, placement, pricedIds: [model.id, ...alsoPriced.map((m) => m.id).filter((id) => id !== model.id)] };
}

/** The cost options a deployed draft is priced at, or undefined when they are the target's (the same cost cache serves both). */
export function draftCostOptions(target: CostOptions, d: DraftDeployment | undefined): CostOptions | undefined {
  if (!d || (d.tp === target.tp && d.weightDtype === target.weightDtype)) return undefined;
  return { ...target, tp: d.tp, weightDtype: d.weightDtype };
}

/** What `optimize` may search for a draft model's deployment (`--draft-tp`, `--draft-placement`). */
export interface DraftDeploymentAsk {
  /** Draft tps asked (default: every one the engine accepts on each placement). */
  tps?: readonly number[] | undefined;
  /** Placements asked (default shared: what the engines ship). */
  placements?: readonly DraftPlacement[] | undefined;
  /** The engine's rule (`engineRuns(...).draftTp`): the target's tp, or it and 1 (vLLM's draft model); either way on the target's GPUs. */
  engineLimit?: 'target' | 'target-or-1' | undefined;
  /** The flag errors point at. */
  where: string;
}

/**
 * The draft deployments `optimize` searches: on shared GPUs every tp that
 * divides the target's and splits the draft's heads (only the target's tp
 * and 1 under vLLM's rule), on GPUs of its own every power of two up to the
 * target's tp that splits them; filtered to the asked tps (one no placement
 * can run here is left out: `draftTpRefusal` says why when it runs nowhere).
 */
export function draftDeploymentChoices(model: ModelSpec, env: MethodEnv, ask: DraftDeploymentAsk): Required<Pick<DraftDeploymentKeys, 'draftTp' | 'draftPlacement'>>[] {
  const targetTp = env.opts.tp;
  const upTo = Array.from({ length: targetTp }, (_, i) => i + 1);
  const ruled = (t: number): boolean => ask.engineLimit === undefined || t === targetTp || (ask.engineLimit === 'target-or-1' && t === 1);
  // An engine with a rule runs the drafter on the target's GPUs only (catalog/engines.ts checkEngineDraftTp).
  const possible = (placement: DraftPlacement): number[] => (placement === 'shared'
    ? upTo.filter((t) => targetTp % t === 0 && ruled(t))
    : ask.engineLimit !== undefined ? [] : upTo.filter((t) => (t & (t - 1)) === 0)).filter((t) => splits(env.hw, model, t));
  const placements = ask.placements ?? ['shared'];
  return placements.flatMap((placement) => possible(placement).filter((t) => !ask.tps || ask.tps.includes(t)).map((draftTp) => ({ draftTp, draftPlacement: placement })));
}

/** The UserError for asked draft tp `t` that no searched deployment runs (explained at `env`, the largest target tp searched). */
export function draftTpRefusal(t: number, model: ModelSpec, env: MethodEnv, ask: DraftDeploymentAsk): UserError {
  const targetTp = env.opts.tp;
  const why = ask.engineLimit === 'target-or-1' ? `the engine runs a draft model at the target's tp (${targetTp}) or at 1` : ask.engineLimit === 'target' ? `the engine runs the drafter at the target's tp (${targetTp})` : `a draft tp on the target's GPUs must divide its tp (${targetTp}) and split ${model.id}'s heads (GPUs of its own: --draft-placement separate)`;
  const possible = [...new Set(draftDeploymentChoices(model, env, { ...ask, tps: undefined }).map((c) => c.draftTp))].sort((a, b) => a - b);
  return new UserError(`draft tp ${t} cannot be searched: ${why}; possible: ${possible.join(', ')}`, ask.where);
}
