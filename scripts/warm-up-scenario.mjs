// The small scenario the build runs to warm V8 up before it records a code
// cache (scripts/build-vega.mjs for vega's bundle, scripts/build-cli.mjs for
// the CLI's): two GPUs, three methods, every chart. Each names it its own way.
export const WARM_UP_SCENARIO = {
  seed: 1, hardware: ['h100-sxm', 'a100-sxm'], model: 'llama2-7b', batch: [1, 4],
  workload: { kind: 'closed', requests: 8, promptTokens: 128, outputTokens: 32 },
  methods: [
    { kind: 'autoregressive' },
    { kind: 'draft', draft: 'llama-68m', gamma: 4, acceptance: { kind: 'iid', alpha: 0.7 } },
    { kind: 'eagle', tree: { kind: 'dynamic', depth: 4, topK: 4, nodes: 16 }, acceptance: { kind: 'topk', perDepth: [[0.75, 0.85]] } },
  ],
};
