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
import { draftDeploymentChoices, type DraftDeploymentAsk } from '../methods/deployment.js';
import { resolveModel } from '../catalog/models.js';

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
  /** Draft deployments searched for kinds whose definition takes `draftTp` (methods/deployment.ts). */
  draftDeployment?: DraftDeploymentAsk;
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
    const def = methodDefinition(input.family)!;
    const drafts: (string | undefined)[] = search.takesDraft ? [...(input.drafts ?? [])] : [undefined];
    for (const draft of drafts) {
      const points = search.space({ acceptance: input.acceptance, rows, target: env.target, ...(draft !== undefined ? { draft } : {}) });
      const ask = input.draftDeployment;
      const deploys = draft !== undefined && ask && search.takesDraft && def.compareFlags?.includes('draftTp') ? draftDeploymentChoices(resolveModel(draft, '--draft'), env, ask) : [];
      // One deployment the engine's default resolves to anyway: the settings stay as they were.
      if (deploys.length <= 1 && !ask?.tps && !ask?.placements) { for (const p of points) add(input.family, rows, p); continue; }
      for (const d of deploys) {
        // Tie-break after the setting's own size: a separate draft's devices, then fewer draft GPUs.
        const keys = { draftTp: d.draftTp, ...(d.draftPlacement === 'separate' ? { draftPlacement: d.draftPlacement } : {}) };
        for (const p of points) add(input.family, rows, { setting: { ...p.setting, ...keys }, spec: { ...p.spec, ...keys } as MethodSpec, size: [...p.size, d.draftTp] });
      }
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
