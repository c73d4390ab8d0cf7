/** `specsim cost`: the cost model alone, one point per (batch, tokens) pair. */
import type { Command } from 'commander';
import { resolveHardware } from '../catalog/hardware.js';
import { resolveModel } from '../catalog/models.js';
import { KV_DTYPES, WEIGHT_DTYPES } from '../cost/operators.js';
import { stepCost } from '../cost/step-cost.js';
import { memoryFootprint } from '../cost/memory.js';
import { checkParallelism } from '../cost/parallelism.js';
import { parseChoice, parseInt1, parseIntList, printJson } from './options.js';
import { FIELDS } from '../scenario/schema.js';
import { oneLine as termText } from '../errors.js';

interface CostFlags {
  hardware: string; model: string; batch: string; tokens: string; context: string;
  phase: string; tp: string; dtype: string; kvDtype: string; eager?: boolean; json?: boolean;
}

export function costCommand(program: Command): void {
  program.command('cost')
    .description('time of one forward step from the cost model (no simulation)')
    .requiredOption('--hardware <id|file>', 'hardware profile id or profile JSON file')
    .requiredOption('--model <id|config.json>', 'model id, <target>+medusa<K>, <target>+eagle, or a Hugging Face config.json')
    .option('--batch <list>', 'sequences per step, comma-separated', '1')
    .option('--tokens <list>', 'new tokens per sequence (decode/verify) or prompt length (prefill)', '1')
    .option('--context <n>', 'tokens already in the KV cache per sequence', '512')
    .option('--phase <phase>', 'decode | prefill', 'decode')
    .option('--tp <n>', 'tensor-parallel GPUs', '1')
    .option('--dtype <dtype>', `weight dtype: ${WEIGHT_DTYPES.join(', ')}`, 'bf16')
    .option('--kv-dtype <dtype>', `KV-cache dtype: ${KV_DTYPES.join(', ')}`, 'bf16')
    .option('--eager', 'launch kernels eagerly (no CUDA graph), as a plain PyTorch loop does')
    .option('--json', 'print one JSON document')
    .action((f: CostFlags) => {
      const hw = resolveHardware(f.hardware);
      const model = resolveModel(f.model, '--model');
      const batches = parseIntList(f.batch, '--batch', FIELDS.batch);
      const tokens = parseIntList(f.tokens, '--tokens', FIELDS.tokens);
      const context = parseInt1(f.context, '--context', FIELDS.context);
      const phase = parseChoice(f.phase, '--phase', ['decode', 'prefill'] as const);
      const opts = {
        tp: parseInt1(f.tp, '--tp', FIELDS.tp),
        weightDtype: parseChoice(f.dtype, '--dtype', WEIGHT_DTYPES),
        kvDtype: parseChoice(f.kvDtype, '--kv-dtype', KV_DTYPES),
        cudaGraphs: !f.eager,
      };
      checkParallelism(hw, model, opts.tp, '--tp');
      const points = [];
      for (const batch of batches) for (const t of tokens) {
        const c = stepCost(hw, model, { batch, tokens: t, context, phase }, opts);
        points.push({ batch, tokens: t, context, ms: c.ms, bound: c.bound, breakdown: c.breakdown });
      }
      const memory = memoryFootprint(hw, model, { batch: Math.max(...batches), contextTokens: context + Math.max(...tokens) }, opts);
      if (f.json) {
        printJson({ hardware: hw.id, model: model.id, phase, tp: opts.tp, dtype: opts.weightDtype, kvDtype: opts.kvDtype, points, memory });
        return;
      }
      console.log(`${termText(hw.name)} · ${termText(model.name)} · ${phase} · tp ${opts.tp} · weights ${opts.weightDtype} · KV ${opts.kvDtype}`);
      console.log('batch  tokens  context        ms  bound     tokens/s');
      for (const p of points) {
        const perS = (p.batch * p.tokens) / (p.ms / 1e3);
        console.log(`${String(p.batch).padStart(5)}  ${String(p.tokens).padStart(6)}  ${String(p.context).padStart(7)}  ${p.ms.toFixed(3).padStart(8)}  ${p.bound.padEnd(8)}  ${perS.toFixed(0).padStart(9)}`);
      }
      console.log(`memory: weights ${(memory.weightBytes / 1e9).toFixed(2)} GB, KV ${(memory.kvBytes / 1e9).toFixed(2)} GB per device; largest batch that fits at this context: ${memory.maxBatch}`);
    });
}
