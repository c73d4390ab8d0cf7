/**
 * The method registry: one file per method kind (a `MethodDefinition`), one
 * line in `METHOD_DEFINITIONS`. The scenario's method schema, `specsim list
 * methods`, `compare`'s defaults, `optimize`'s families and the chart colours
 * are all composed from it; there is no other list of kinds.
 */
import { z } from '../zod.js';
import type { SchemasOf } from '../acceptance/index.js';
import { autoregressive } from './autoregressive.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { MethodFlags, MethodSearch } from './definition.js';
import { draft } from './draft.js';
import { eagle } from './eagle.js';
import { eagle3 } from './eagle3.js';
import { layerskip } from './layerskip.js';
import { medusa } from './medusa.js';
import { mtp } from './mtp.js';
import { ngram } from './ngram.js';
import { suffix } from './suffix.js';
import type { Method, MethodEnv } from './types.js';

export const METHOD_DEFINITIONS = [autoregressive, draft, medusa, eagle, ngram, eagle3, mtp, layerskip, suffix] as const;

export const MethodSchema = z.discriminatedUnion('kind', METHOD_DEFINITIONS.map((d) => d.schema) as unknown as SchemasOf<typeof METHOD_DEFINITIONS>);
export type MethodSpec = z.infer<typeof MethodSchema>;
export type MethodKind = MethodSpec['kind'];

/** Any kind's definition, its spec type widened to every method's (each file is checked against its own). */
export interface AnyMethodDefinition {
  readonly kind: MethodKind;
  readonly schema: z.ZodType;
  readonly description: string;
  readonly color: string;
  compareDefault(target: ModelSpec, engine: { chainsOnly: boolean }): MethodSpec;
  readonly compareFlags?: readonly (keyof MethodFlags)[];
  tune?(spec: MethodSpec, target: ModelSpec, flags: MethodFlags): { spec: MethodSpec; assumptions: string[] };
  readonly search?: MethodSearch<MethodSpec>;
  build(spec: MethodSpec, env: MethodEnv, where: string): BuiltMethod;
}

/** A simulator method whose kind is one of the registry's (each definition's `build` returns its own kind). */
export type BuiltMethod = Method & { readonly kind: MethodKind };

const BY_KIND = new Map<string, AnyMethodDefinition>(METHOD_DEFINITIONS.map((d) => [d.kind, d as unknown as AnyMethodDefinition]));

/** Every method kind, in registry order. */
export const METHOD_KINDS: readonly MethodKind[] = METHOD_DEFINITIONS.map((d) => d.kind);

/** The definition of `kind`, or undefined for an unknown kind. */
export function methodDefinition(kind: string): AnyMethodDefinition | undefined {
  return BY_KIND.get(kind);
}

/** Build a method; `where` names the scenario path for errors (e.g. `scenario.json at $.methods[1]`). */
export function buildMethod(spec: MethodSpec, env: MethodEnv, where: string): BuiltMethod {
  return BY_KIND.get(spec.kind)!.build(spec, env, where);
}

export type { Method, MethodEnv } from './types.js';
export type { AcceptanceChoice, AcceptanceFlags, DraftShape, EngineNames, MethodEmit, MethodDefinition, MethodFlags, MethodSearch, SearchPoint, Setting } from './definition.js';

/** The kinds `optimize` searches (those whose definition has a search space), in registry order. */
export const SEARCHED_KINDS: readonly MethodKind[] = METHOD_DEFINITIONS.filter((d) => 'search' in d).map((d) => d.kind);
