/** `specsim cost`: the cost model alone, one point per (batch, tokens) pair. */
import type { Command } from 'commander';
import { resolveEngineLazily, resolveModelLazily } from '../catalog/resolve-lazy.js';
import { resolveHardwareLazily } from '../hardware/resolve-lazy.js';
import { KV_DTYPES, WEIGHT_DTYPES } from '../cost/operators.js';
import { stepCost } from '../cost/step-cost.js';
import { DEFAULT_ENGINE } from '../catalog/builtin.js';
import { DERIVED_MODELS } from '../catalog/derived-models.js';
import { engineStepCost } from '../serving/engine-step.js';
import { engineKernels } from '../serving/engine-kernels.js';
import { memoryFootprint } from '../cost/memory.js';
import { backendOf } from '../cost/backends/index.js';
import { storedWeightBits } from '../cost/backend.js';
import { WEIGHT_BYTES, attentionReplicas } from '../cost/operators.js';
import { checkExpertParallelism, checkParallelism } from '../cost/parallelism.js';
import { parseChoice, parseInt1, parseIntList, printJson } from './options.js';
import { INT_FIELDS as FIELDS } from '../limits.js';
import { checkBudget } from '../budget.js';
import { UserError } from '../errors.js';
import { oneLine as termText } from '../errors.js';
import { ATTENTION_KERNELS, DEFAULT_KERNELS, FUSION_LEVELS, type KernelChoice } from '../cost/kernels.js';
import type { CostOptions } from '../cost/operators.js';

interface CostFlags {
  hardware: string; model: string; batch: string; tokens: string; context: string;
  phase: string; tree?: boolean; tp: string; ep?: string; dpAttention?: boolean; dtype: string; kvDtype: string; eager?: boolean; json?: boolean; engine: string; attention?: string; fusion?: string;
}

export function costCommand(program: Command): void {
  program.command('cost')
    .description('time of one forward step from the cost model (no simulation)')
    .requiredOption('--hardware <id|file>', 'hardware profile id or profile JSON file')
    .requiredOption('--model <id|config.json>', `model id, ${DERIVED_MODELS.map((d) => `<target>${d.usage}`).join(', ')}, or a Hugging Face config.json`)
    .option('--batch <list>', 'sequences per step, comma-separated', '1')
    .option('--tokens <list>', 'new tokens per sequence (decode/verify) or prompt length (prefill)', '1')
    .option('--context <n>', 'tokens already in the KV cache per sequence', '512')
    .option('--phase <phase>', 'decode | prefill', 'decode')
    .option('--tree', 'the new tokens are a branching tree of drafts: verification with a tree mask (the attention family\'s masked kernel)')
    .option('--tp <n>', 'tensor-parallel GPUs', '1')
    .option('--ep <n>', 'expert-parallel GPUs (MoE models): routed experts split whole over them; equals --tp unless --dp-attention', '1')
    .option('--dp-attention', 'data-parallel attention: ep / tp attention replicas share the batch; MoE layers send tokens to their experts and back (all-to-all)')
    .option('--dtype <dtype>', `weight dtype: ${WEIGHT_DTYPES.join(', ')}`, 'bf16')
    .option('--kv-dtype <dtype>', `KV-cache dtype: ${KV_DTYPES.join(', ')}`, 'bf16')
    .option('--eager', 'launch kernels eagerly (no CUDA graph), as a plain PyTorch loop does')
    .option('--engine <id|file>', `serving engine whose per-step costs are added (specsim list engines)`, DEFAULT_ENGINE)
    .option('--attention <family>', `attention kernel family (default: the engine's, else ${DEFAULT_KERNELS.attention}): ${ATTENTION_KERNELS.join(', ')}`)
    .option('--fusion <level>', `elementwise fusion (default: the engine's, else ${DEFAULT_KERNELS.fusion}): ${FUSION_LEVELS.join(', ')}`)
    .option('--json', 'print one JSON document')
    .action(async (f: CostFlags) => {
      // Built-in ids need no zod (start-up is most of this command's time); a user's file loads it.
      const hw = await resolveHardwareLazily(f.hardware);
      const model = await resolveModelLazily(f.model, '--model');
      const batches = parseIntList(f.batch, '--batch', FIELDS.batch);
      const tokens = parseIntList(f.tokens, '--tokens', FIELDS.tokens);
      const context = parseInt1(f.context, '--context', FIELDS.context);
      const phase = parseChoice(f.phase, '--phase', ['decode', 'prefill'] as const);
      if (f.tree === true && phase === 'prefill') throw new UserError('--tree is a verify step (decode phase); a prompt is causal', '--tree');
      const tree = f.tree === true ? { tree: true } : {};
      checkBudget({ points: batches.length * tokens.length, tokens: 0 }, '--batch × --tokens', 'the cost table');
      const opts: Omit<CostOptions, 'kernels'> & { kernels: KernelChoice } = {
        kernels: DEFAULT_KERNELS,
        tp: parseInt1(f.tp, '--tp', FIELDS.tp),
        weightDtype: parseChoice(f.dtype, '--dtype', WEIGHT_DTYPES),
        kvDtype: parseChoice(f.kvDtype, '--kv-dtype', KV_DTYPES),
        cudaGraphs: !f.eager,
        ep: parseInt1(f.ep ?? '1', '--ep', FIELDS.tp),
        dpAttention: f.dpAttention === true,
      };
      checkParallelism(hw, model, opts.tp, '--tp');
      checkExpertParallelism(hw, model, opts, '--ep');
      const chosen = await resolveEngineLazily(f.engine, '--engine');
      // Kernel families: the flags, else the engine's for this GPU's architecture, else the calibration harness's.
      const base = chosen.id === DEFAULT_ENGINE ? DEFAULT_KERNELS : engineKernels(chosen, hw);
      const kernels = {
        attention: f.attention === undefined ? base.attention : parseChoice(f.attention, '--attention', ATTENTION_KERNELS),
        fusion: f.fusion === undefined ? base.fusion : parseChoice(f.fusion, '--fusion', FUSION_LEVELS),
      };
      const engine = { ...chosen, kernels };
      opts.kernels = kernels;
      const points = [];
      for (const batch of batches) for (const t of tokens) {
        const c = engine.id === DEFAULT_ENGINE
          ? stepCost(hw, model, { batch, tokens: t, context, phase, ...tree }, opts)
          : engineStepCost(hw, model, { batch, tokens: t, context, phase, ...tree }, opts, engine);
        if (!Number.isFinite(c.ms)) throw new UserError(`the step time at batch ${batch}, ${t} tokens is not finite (${c.ms}); check the hardware profile's rates and costs`, '--hardware');
        const kernels = backendOf(hw).explainKernels?.(hw, model, { batch, tokens: t, context, phase, ...tree }, opts);
        points.push({ batch, tokens: t, context, ms: c.ms, bound: c.bound, breakdown: c.breakdown, ...(kernels ? { kernels } : {}) });
      }
      const memory = memoryFootprint(hw, model, { batch: Math.max(...batches), contextTokens: context + Math.max(...tokens) }, opts);
      // On Groq, bf16 (the default) means the precision the system stores its weights in (the profile's weightBytesPerParam).
      const backend = backendOf(hw);
      const stored = storedWeightBits(backend, hw, opts.weightDtype);
      const weightBits = stored ?? 8 * WEIGHT_BYTES[opts.weightDtype];
      const weights = stored !== undefined ? `${stored}-bit as stored (profile)` : opts.weightDtype;
      if (f.json) {
        printJson({ hardware: hw.id, model: model.id, engine: engine.id, phase, tp: opts.tp, ep: opts.ep, dpAttention: opts.dpAttention, dtype: opts.weightDtype, weightBits, kvDtype: opts.kvDtype, devices: memory.devices, points, memory });
        return;
      }
      const fewest = memoryFootprint(hw, model, { batch: Math.min(...batches), contextTokens: context + Math.min(...tokens) }, opts).devices;
      const devices = backend.sizesItself ? `${fewest === memory.devices ? memory.devices : `${fewest}–${memory.devices}`} ${backend.deviceUnit}s` : `tp ${opts.tp}${opts.ep! > 1 ? ` · ep ${opts.ep}` : ''}${opts.dpAttention ? ` · dp attention × ${attentionReplicas(opts)} (${memory.devices} GPUs)` : ''}`;
      console.log(`${termText(hw.name)} · ${termText(model.name)} · ${phase} · ${devices} · weights ${weights} · KV ${opts.kvDtype}${engine.id === DEFAULT_ENGINE ? '' : ` · engine ${termText(engine.id)} (scheduler, sampler, speculation and graph padding in the breakdown: --json)`}`);
      console.log('batch  tokens  context        ms  bound     tokens/s');
      for (const p of points) {
        const perS = (p.batch * p.tokens) / (p.ms / 1e3);
        console.log(`${String(p.batch).padStart(5)}  ${String(p.tokens).padStart(6)}  ${String(p.context).padStart(7)}  ${p.ms.toFixed(3).padStart(8)}  ${p.bound.padEnd(8)}  ${perS.toFixed(0).padStart(9)}`);
      }
      const unit = backend.deviceUnit;
      const gb = (b: number) => `${(b / 1e9).toFixed(b < 1e9 ? 3 : 2)} GB`;
      const limit = memory.maxBatch === null
        ? (backend.sizesItself ? `the system adds ${unit}s for more KV cache, so no batch limit (${memory.devices} ${unit}s at batch ${Math.max(...batches)})` : 'no limit from memory')
        : `largest batch that fits at this context: ${memory.maxBatch}`;
      console.log(`memory: weights ${gb(memory.weightBytes)}, KV ${gb(memory.kvBytes)} per ${unit}; ${limit}`);
      const last = points[points.length - 1]!;
      if (last.kernels) {
        console.log(`kernels (batch ${last.batch}, ${last.tokens} token${last.tokens === 1 ? '' : 's'}; --json gives every point):`);
        for (const k of last.kernels) console.log(`  ${k.group.padEnd(10)} ${termText(k.kernel)}: ${termText(k.why)}`);
      }
    });
}
