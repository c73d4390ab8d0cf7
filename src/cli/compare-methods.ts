/**
 * `specsim compare`'s methods for a real model: the default entry of each
 * kind, tuned by the flags (`--draft`, `--alpha`, `--gamma`, `--tree`,
 * `--heads`, `--accuracy`) and by the target's family, with every choice the
 * user did not make written down as an assumption for the report.
 *
 * - draft: `--draft`, else a small catalog model of the target's tokenizer
 *   family (catalog/drafts.ts); a draft of another tokenizer is refused.
 * - medusa: head accuracies of the Vicuna size closest to the target
 *   (Medusa-1 paper, 7B/13B/33B), the only published per-head table.
 * - eagle: the top-1 acceptance α at every depth, top-k curve as `optimize`
 *   uses (EAGLE reports 0.74-0.79 chain acceptance on Vicuna/LLaMA2-chat).
 */
import type { ModelSpec } from '../catalog/model-schema.js';
import { UserError } from '../errors.js';
import { METHOD_KINDS, methodDefinition, type MethodFlags } from '../methods/index.js';
import type { MethodSpec } from '../scenario/schema.js';

export type { MethodFlags } from '../methods/index.js';
export { checkDraft, closestVicuna } from '../methods/search-acceptance.js';

/** The method `kind`'s entry for `target` after the flags (its definition's `tune`), and what was assumed for the user. */
export function tuneMethod(spec: MethodSpec, target: ModelSpec, flags: MethodFlags): { spec: MethodSpec; assumptions: string[] } {
  return methodDefinition(spec.kind)?.tune?.(spec, target, flags) ?? { spec, assumptions: [] };
}

/** Flags that apply to none of the methods asked for are mistakes, not silently ignored. */
export function checkFlagsApply(kinds: readonly string[], flags: MethodFlags): void {
  const flagNames: (keyof MethodFlags)[] = ['draft', 'alpha', 'gamma', 'tree', 'heads', 'accuracy', 'draftTp', 'draftDtype', 'draftPlacement'];
  for (const flag of flagNames) {
    const users: string[] = METHOD_KINDS.filter((k) => methodDefinition(k)?.compareFlags?.includes(flag));
    if (flags[flag] !== undefined && !kinds.some((k) => users.includes(k))) {
      const name = `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new UserError(`${name} applies to method ${users.join(' or ')}, not to ${kinds.filter((k) => k !== 'autoregressive').join(', ') || 'autoregressive'}`, name);
    }
  }
}
