/**
 * The settings `specsim optimize` searches: autoregressive, and the search
 * space of each asked kind's method definition (`search.space` in
 * src/methods/<kind>.ts; once per draft-model candidate for kinds that run
 * a separate draft), each built once as a method (the simulator's own code,
 * so the analytic cost is the simulated step's cost) with its expected
 * tokens per step.
 */
import { buildMethod, methodDefinition, type Method, type MethodEnv, type MethodSpec, type SearchPoint, type Setting } from '../methods/index.js';
import type { Acceptance } from '../scenario/schema.js';
import { acceptanceModel } from '../acceptance/index.js';
import type { Family } from './acceptance.js';

export type { Setting } from '../methods/index.js';

export interface Candidate {
  /** The method kind (`autoregressive` for the baseline). */
  family: string;
  setting: Setting;
  /** The scenario method that simulates this setting. */
  spec: MethodSpec;
  /** Tie-break key: lexicographically smaller = the smaller setting (tokens verified first, then drafting work). */
  size: number[];
  method: Method;
  /** Expected tokens emitted per target step per sequence (bonus included). */
  expected: number;
  /** Chains: probability that every draft is accepted (the draft's KV catch-up next step). */
  allAccepted: number;
}

export interface CandidateInput {
  family: Family;
  acceptance: Acceptance;
  /** Draft model candidates (kinds whose search `takesDraft`). */
  drafts?: readonly string[];
}

/** Autoregressive first, then every asked kind's space in the order given. */
export function buildCandidates(inputs: readonly CandidateInput[], env: MethodEnv): Candidate[] {
  const out: Candidate[] = [];
  const add = (family: string, rows: ReturnType<typeof acceptanceModel>['mean'], { setting, spec, size }: SearchPoint<MethodSpec>): void => {
    const method = buildMethod(spec, env, 'optimize');
    out.push({ family, setting, spec, size, method, expected: method.expectedTokens(rows), allAccepted: method.allAccepted(rows) });
  };
  add('autoregressive', [[0]], { setting: { method: 'autoregressive' }, spec: { kind: 'autoregressive' }, size: [0] });
  for (const input of inputs) {
    const rows = acceptanceModel(input.acceptance).mean;
    const search = methodDefinition(input.family)!.search!;
    const drafts: (string | undefined)[] = search.takesDraft ? [...(input.drafts ?? [])] : [undefined];
    for (const draft of drafts) {
      for (const p of search.space({ acceptance: input.acceptance, rows, target: env.target, ...(draft !== undefined ? { draft } : {}) })) add(input.family, rows, p);
    }
  }
  return out;
}

/** Lexicographic comparison of size keys. */
export function compareSize(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
