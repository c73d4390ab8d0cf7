/** The method registry: one file per method, one line here. */
import type { MethodSpec } from '../scenario/schema.js';
import { autoregressiveMethod } from './autoregressive.js';
import { draftMethod } from './draft.js';
import { eagleMethod } from './eagle.js';
import { medusaMethod } from './medusa.js';
import { ngramMethod } from './ngram.js';
import type { Method, MethodEnv } from './types.js';

type Factory<K extends MethodSpec['kind']> = (spec: Extract<MethodSpec, { kind: K }>, env: MethodEnv, where: string) => Method;

export const METHODS = {
  autoregressive: autoregressiveMethod,
  draft: draftMethod,
  medusa: medusaMethod,
  eagle: eagleMethod,
  ngram: ngramMethod,
} satisfies { [K in MethodSpec['kind']]: Factory<K> };

/** Build a method; `where` names the scenario path for errors (e.g. `scenario.json at $.methods[1]`). */
export function buildMethod(spec: MethodSpec, env: MethodEnv, where: string): Method {
  return (METHODS[spec.kind] as Factory<typeof spec.kind>)(spec as never, env, where);
}

export type { Method, MethodEnv } from './types.js';
