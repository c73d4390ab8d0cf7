/**
 * Does it fit, and at which tp: the one answer `run`, `compare` and
 * `optimize` use. A method's deployment is groups of devices, each holding
 * the same things: the target's share (and the resident heads) on the
 * target's GPUs, a draft model's share on the GPUs its deployment gives it
 * (the first `draftTp` of the target's when shared, GPUs of its own when
 * separate). Every device must hold its weights and the KV cache of every
 * sequence; the largest batch is the smallest over the groups.
 */
import { backendOf } from '../cost/backends/index.js';
import { memoryFootprint, type MemoryFootprint } from '../cost/memory.js';
import { UserError } from '../errors.js';
import { draftCostOptions } from './deployment.js';
import type { Method, MethodEnv } from './types.js';

/** Devices holding the same things: a memory footprint per device, and what each holds. */
export interface DeviceGroup extends MemoryFootprint {
  /** What each device holds: `target`, `target + draft`, `draft`. */
  holds: string;
}

export interface DeploymentFit {
  fits: boolean;
  /** Devices the method occupies (target GPUs plus a separate draft's). */
  devices: number;
  /** The largest batch every group holds (null: none keeps a KV cache). */
  maxBatch: number | null;
  groups: DeviceGroup[];
}

/** Load per point: sequences and the tokens each caches (the method's drafts in flight are added here). */
export interface Load { batch: number; contextTokens: number }

const group = (holds: string, devices: number, fp: MemoryFootprint): DeviceGroup => ({
  holds, devices, weightBytes: fp.weightBytes, kvBytes: fp.kvBytes, capacityBytes: fp.capacityBytes, fits: fp.fits, maxBatch: fp.maxBatch,
});

/** Two footprints on the same device, summed (weights, KV, and the batch both leave room for). */
function stacked(a: MemoryFootprint, b: MemoryFootprint, perSeqA: number, perSeqB: number): MemoryFootprint {
  const weights = a.weightBytes + b.weightBytes;
  const kv = a.kvBytes + b.kvBytes;
  const perSeq = perSeqA + perSeqB;
  const cap = a.capacityBytes;
  const maxBatch = perSeq > 0 ? Math.max(0, Math.floor((cap - weights) / perSeq)) : weights <= cap ? null : 0;
  return { devices: a.devices, weightBytes: weights, kvBytes: kv, capacityBytes: cap, fits: weights + kv <= cap, maxBatch };
}

/** The memory of `method` beside the target of `env` at `load`, per group of devices. */
export function deploymentFit(env: MethodEnv, method: Method, load: Load): DeploymentFit {
  const { hw, target, opts } = env;
  const l = { batch: load.batch, contextTokens: load.contextTokens + method.extraKvTokens };
  const d = method.draftDeployment;
  const dOpts = draftCostOptions(opts, d);
  const groups: DeviceGroup[] = [];
  let devices: number;
  if (d && d.placement === 'shared' && (dOpts === undefined || backendOf(hw).sizesItself)) {
    // The draft at the target's own options (or on a system that sizes itself): one footprint of both, as every target device holds both.
    const fp = memoryFootprint(hw, target, l, opts, [...method.residentModels, d.model]);
    groups.push(group('target + draft', fp.devices, fp));
    devices = fp.devices;
  } else {
    const fp = memoryFootprint(hw, target, l, opts, method.residentModels);
    devices = fp.devices;
    if (!d) {
      groups.push(group('target', fp.devices, fp));
    } else {
      const draftOpts = dOpts ?? opts;
      const dfp = memoryFootprint(hw, d.model, l, draftOpts);
      if (d.placement === 'separate') {
        groups.push(group('target', fp.devices, fp), group('draft', dfp.devices, dfp));
        devices += dfp.devices;
      } else {
        const one = { batch: 1, contextTokens: l.contextTokens };
        const both = stacked(fp, dfp, memoryFootprint(hw, target, one, opts, method.residentModels).kvBytes, memoryFootprint(hw, d.model, one, draftOpts).kvBytes);
        groups.push(group('target + draft', dfp.devices, both));
        if (fp.devices > dfp.devices) groups.push(group('target', fp.devices - dfp.devices, fp));
      }
    }
  }
  const batches = groups.map((g) => g.maxBatch).filter((b): b is number => b !== null);
  return { fits: groups.every((g) => g.fits), devices, maxBatch: batches.length > 0 ? Math.min(...batches) : null, groups };
}

/** What a caller says about the point that does not fit. */
export interface MisfitContext {
  /** The hardware entry's name (`h100-sxm`, `h100-sxm-tp2-fp8`). */
  hardware: string;
  method: string;
  batch: number;
  /** Tokens per sequence before the method's drafts in flight. */
  contextTokens: number;
  /** Where the error points (a scenario path or a flag). */
  where: string;
}

const gb = (bytes: number): string => (bytes / 1e9).toFixed(1);

/**
 * The UserError for a point that does not fit, blaming what does: the
 * weights alone (then more GPUs, smaller weights, or a draft elsewhere) or
 * the KV cache (then the batch, the context or the KV dtype).
 */
export function misfitError(env: MethodEnv, method: Method, fit: DeploymentFit, c: MisfitContext): UserError {
  const ctx = c.contextTokens + method.extraKvTokens;
  const unit = backendOf(env.hw).deviceUnit;
  const bad = fit.groups.find((g) => g.maxBatch === 0 || g.weightBytes > g.capacityBytes) ?? fit.groups.find((g) => !g.fits) ?? fit.groups[0]!;
  const on = fit.groups.length > 1 || bad.holds !== 'target' ? ` on the ${bad.holds} ${unit}s` : '';
  const tp = env.opts.tp;
  const head = `batch ${c.batch} of ${env.target.id} with '${c.method}' (${ctx} tokens per sequence) does not fit in ${c.hardware} memory${tp > 1 ? ` (tp ${tp})` : ''}; the largest batch that fits is ${fit.maxBatch ?? 0}`;
  if ((fit.maxBatch ?? 0) > 0) return new UserError(head, c.where);
  if (bad.weightBytes > bad.capacityBytes) {
    const fix = bad.holds === 'target' ? 'use more GPUs (tp) or smaller weights (dtype fp8, int8 or int4)' : bad.holds === 'draft' ? 'give the draft more GPUs (draftTp) or smaller weights (draftDtype)' : 'use more GPUs (tp), smaller weights (dtype, draftDtype) or a draft on its own GPUs (draftPlacement separate)';
    return new UserError(`${head}: the weights alone (${gb(bad.weightBytes)} GB per ${unit}${on}) exceed the ${gb(bad.capacityBytes)} GB of one ${unit}, so ${fix}`, c.where);
  }
  return new UserError(`${head}: the weights fit (${gb(bad.weightBytes)} of ${gb(bad.capacityBytes)} GB per ${unit}${on}) but not the KV cache of one sequence of ${ctx} tokens, so shorten the context, use kvDtype fp8 or more GPUs (tp)`, c.where);
}

/** True if the weights alone overflow some device (more GPUs or smaller weights help; a smaller batch does not). */
export function weightsOverflow(fit: DeploymentFit): boolean {
  return fit.groups.some((g) => g.weightBytes > g.capacityBytes);
}

/**
 * The smallest tensor-parallel degree among `candidates` at which every
 * method built by `methodsAt(tp)` fits `load`; undefined when none does. A tp
 * the target's (or a draft's) heads do not split is skipped.
 */
export function smallestFittingTp(candidates: readonly number[], methodsAt: (tp: number) => { env: MethodEnv; methods: readonly Method[] }, load: Load): number | undefined {
  for (const tp of candidates) {
    let built;
    try {
      built = methodsAt(tp);
    } catch (e) {
      if (e instanceof UserError) continue;
      throw e;
    }
    if (built.methods.every((m) => deploymentFit(built.env, m, load).fits)) return tp;
  }
  return undefined;
}
