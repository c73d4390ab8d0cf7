/**
 * The deployments `specsim optimize` searches: tensor-parallel degree ×
 * weight dtype of the target (`--tp 1,2,4`, `--dtype bf16,fp8`). Each is
 * checked once (parallelism, the weights fit) and carries the cost model as
 * the engine runs it, so every candidate at every batch is priced the way the
 * simulation will price it.
 */
import type { HardwareProfile } from '../cost/backends/index.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { EngineProfile } from '../catalog/engines.js';
import type { CostOptions } from '../cost/operators.js';
import type { KvDtype, WeightDtype } from '../cost/op-types.js';
import { checkParallelism } from '../cost/parallelism.js';
import { backendOf } from '../cost/backends/index.js';
import { UserError } from '../errors.js';
import { buildMethod, type MethodEnv } from '../methods/index.js';
import { deploymentFit } from '../methods/fits.js';
import { engineCost } from '../serving/engine-cost.js';
import type { CostFn } from '../sim/cost-cache.js';

export interface Deployment {
  tp: number;
  dtype: WeightDtype;
  kvDtype: KvDtype;
  opts: CostOptions;
  env: MethodEnv;
  /** Speculative steps as the engine prices them (graph padding, fusion, sampler). */
  cost: CostFn;
  /** Devices one replica uses (for $/token and J/token). */
  devices: number;
}

/**
 * Every tp × dtype whose weights fit; a UserError naming `--tp`/`--dtype`
 * when none does (or a tp the model cannot be split by).
 */
export function deployments(hw: HardwareProfile, target: ModelSpec, engine: EngineProfile, tps: readonly number[], dtypes: readonly WeightDtype[], kvDtype: KvDtype): Deployment[] {
  const out: Deployment[] = [];
  let smallest: { tp: number; dtype: WeightDtype; weightBytes: number; capacityBytes: number } | undefined;
  const sizesItself = backendOf(hw).sizesItself;
  for (const tp of sizesItself ? [1] : tps) {
    checkParallelism(hw, target, tp, '--tp');
    for (const dtype of dtypes) {
      const opts: CostOptions = { tp, weightDtype: dtype, kvDtype, cudaGraphs: true };
      const env: MethodEnv = { hw, target, opts, draftDevice: 'shared' };
      // The weights of the target alone, asked the way run and compare ask (methods/fits.ts).
      const fp = deploymentFit(env, buildMethod({ kind: 'autoregressive' }, env, '--tp'), { batch: 1, contextTokens: 1 });
      const g = fp.groups[0]!;
      if (!fp.fits) {
        if (!smallest || g.weightBytes < smallest.weightBytes) smallest = { tp, dtype, weightBytes: g.weightBytes, capacityBytes: g.capacityBytes };
        continue;
      }
      out.push({ tp, dtype, kvDtype, opts, env, cost: engineCost(hw, opts, engine, target.id, true).cost, devices: fp.devices });
    }
  }
  if (out.length === 0) {
    const s = smallest!;
    throw new UserError(`the weights of ${target.id} do not fit in ${hw.id} memory at any tp × dtype asked: ${(s.weightBytes / 1e9).toFixed(1)} GB per device at tp ${s.tp} ${s.dtype} against ${(s.capacityBytes / 1e9).toFixed(1)} GB; use more GPUs (--tp) or smaller weights (--dtype fp8, int8 or int4)`, tps.length > 1 || dtypes.length === 1 ? '--tp' : '--dtype');
  }
  return out;
}
