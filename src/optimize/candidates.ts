/**
 * The settings `specsim optimize` searches: autoregressive, and the search
 * space of the family's method definition (`search.space` in
 * src/methods/<kind>.ts), each built once as a method (the simulator's own
 * code, so the analytic cost is the simulated step's cost) with its expected
 * tokens per step.
 */
import { buildMethod, methodDefinition, type Method, type MethodEnv, type MethodSpec, type SearchPoint, type Setting } from '../methods/index.js';
import type { Acceptance } from '../scenario/schema.js';
import { acceptanceModel } from '../acceptance/index.js';
import type { Family } from './acceptance.js';

export type { Setting } from '../methods/index.js';

export interface Candidate {
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
  /** Draft model id (family draft). */
  draft?: string;
}

export function buildCandidates(input: CandidateInput, env: MethodEnv): Candidate[] {
  const out: Candidate[] = [];
  const rows = acceptanceModel(input.acceptance).mean;
  const add = ({ setting, spec, size }: SearchPoint<MethodSpec>): void => {
    const method = buildMethod(spec, env, 'optimize');
    out.push({ setting, spec, size, method, expected: method.expectedTokens(rows), allAccepted: method.allAccepted(rows) });
  };
  add({ setting: { method: 'autoregressive' }, spec: { kind: 'autoregressive' }, size: [0] });
  const search = methodDefinition(input.family)!.search!;
  for (const p of search.space({ acceptance: input.acceptance, rows, ...(input.draft !== undefined ? { draft: input.draft } : {}) })) add(p);
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
