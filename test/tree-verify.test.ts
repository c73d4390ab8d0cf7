import { describe, expect, test } from 'vitest';
import { resolveHardware } from '../src/hardware/resolve.js';
import { resolveModel } from '../src/catalog/models.js';
import { stepCost } from '../src/cost/step-cost.js';
import { stepOperators, DEFAULT_COST_OPTIONS, type AttentionOp } from '../src/cost/operators.js';
import { cachedCost } from '../src/sim/cost-cache.js';
import { buildMethod } from '../src/methods/index.js';
import type { MethodSpec } from '../src/methods/index.js';
import type { MethodEnv } from '../src/methods/types.js';

const h100 = resolveHardware('h100-sxm');
const llama3 = resolveModel('llama3-8b');
const shape = { batch: 16, tokens: 60, context: 512, phase: 'decode' as const };

describe('a tree verify pays the masked-attention kernel', () => {
  test('under the harness kernels a tree mask runs SDPA\'s memory-efficient kernel: the step equals the one the calibration prices tree rows with', () => {
    const tree = stepCost(h100, llama3, { ...shape, tree: true });
    const chain = stepCost(h100, llama3, shape);
    const masked = stepCost(h100, llama3, shape, { kernels: { attention: 'sdpa-efficient', fusion: 'harness-unfused' } });
    expect(tree.ms).toBe(masked.ms);
    expect(tree.ms).not.toBe(chain.ms);
    // Only attention differs: every other operator group is the chain's.
    for (const [k, v] of Object.entries(chain.breakdown)) if (k !== 'attention' && k !== 'launch') expect(tree.breakdown[k], k).toBe(v);
  });

  test('the attention op carries the mask; a prompt never does (causal, no explicit mask)', () => {
    const att = (s: Parameters<typeof stepOperators>[1]) => stepOperators(llama3, s, DEFAULT_COST_OPTIONS).find((o) => o.kind === 'attention') as AttentionOp;
    expect(att({ ...shape, tree: true }).treeMask).toBe(true);
    expect(att(shape).treeMask).toBeUndefined();
    expect(att({ ...shape, phase: 'prefill', tree: true }).treeMask).toBeUndefined();
  });

  test('engine kernels take the mask themselves: a paged-flash tree verify costs what its chain does', () => {
    const k = { kernels: { attention: 'paged-flash' as const, fusion: 'fused' as const } };
    expect(stepCost(h100, llama3, { ...shape, tree: true }, k).ms).toBe(stepCost(h100, llama3, shape, k).ms);
  });

  test('the simulator\'s cost cache keeps tree and chain steps apart', () => {
    const cost = cachedCost(h100, DEFAULT_COST_OPTIONS);
    const chain = cost(llama3, 16, 60, 512, 'decode');
    const tree = cost(llama3, 16, 60, 512, 'decode', true);
    expect(tree.ms).toBe(stepCost(h100, llama3, { ...shape, tree: true }).ms);
    expect(chain.ms).toBe(stepCost(h100, llama3, shape).ms);
    expect(cost.mixed(llama3, [{ ...shape, tree: true }]).ms).toBe(tree.ms);
  });

  test('methods say when their verify step is a tree: EAGLE and Medusa trees yes, chains and draft models no', () => {
    const env: MethodEnv = { hw: h100, target: resolveModel('vicuna-7b'), opts: DEFAULT_COST_OPTIONS, draftDevice: 'shared' };
    const work = (spec: MethodSpec) => buildMethod(spec, env, 'test').iteration(512, 1);
    const topk = { kind: 'topk', perDepth: [[0.75, 0.85, 0.9]] };
    expect(work({ kind: 'eagle', tree: { kind: 'dynamic', depth: 5, topK: 8, nodes: 60 }, acceptance: topk } as MethodSpec).verifyTree).toBe(true);
    expect(work({ kind: 'eagle', tree: { kind: 'dynamic', depth: 3, topK: 1, nodes: 3 }, acceptance: topk } as MethodSpec).verifyTree).toBe(false);
    expect(work({ kind: 'medusa', heads: 4, tree: 'medusa-63', acceptance: { kind: 'topk', perHead: [[0.56, 0.68, 0.73], [0.32, 0.44, 0.5]] } } as MethodSpec).verifyTree).toBe(true);
    expect(work({ kind: 'draft', draft: 'llama-68m', gamma: 4, acceptance: { kind: 'iid', alpha: 0.7 } } as MethodSpec).verifyTree ?? false).toBe(false);
  });
});
