/**
 * Serving-engine profiles: the built-ins in `data/engines/*.json` (checked at
 * build time, served by builtin.ts), or a profile file given by path wherever
 * an engine id is accepted, validated here.
 */
import { UserError } from '../errors.js';
import { zodToUserError } from '../zod-error.js';
import { builtinEngine } from './builtin.js';
import { looksLikePath, userPath } from './data-dir.js';
import { EngineProfileSchema, type EngineProfile } from './engine-schema.js';
import { readJsonFile } from './json-file.js';
import { checkProfileRanges } from './profile-ranges.js';

export type { EngineProfile } from './engine-schema.js';
export { DEFAULT_ENGINE, listEngines } from './builtin.js';

function parseProfile(raw: unknown, file: string): EngineProfile {
  const r = EngineProfileSchema.safeParse(raw);
  if (!r.success) throw zodToUserError(r.error, file, EngineProfileSchema, raw);
  return r.data;
}

/** A built-in engine by id, or a profile file by path. */
export function resolveEngine(idOrPath: string, where = '--engine'): EngineProfile {
  if (looksLikePath(idOrPath)) {
    const p = parseProfile(readJsonFile(userPath(idOrPath)), idOrPath);
    checkProfileRanges(p, idOrPath);
    return p;
  }
  return builtinEngine(idOrPath, where);
}

/** How `engine` runs method `kind`: undefined if it does not; `trees` false if it verifies chains only. */
export function engineRuns(engine: EngineProfile, kind: string): { trees: boolean; draftTp?: 'target' | 'target-or-1' | undefined } | undefined {
  return engine.methods === 'all' ? { trees: true } : engine.methods[kind];
}

/**
 * Fail (exit 2) when `engine` cannot run a method: a kind it does not
 * implement, or a tree where it verifies chains only. `isTree`: the method
 * drafts a tree (some node with more than one child).
 */
/**
 * Throws a UserError if `engine` cannot deploy `kind`'s drafter as asked:
 * on GPUs of its own (at `where.draftPlacement`) or at a tp its rule refuses
 * (at `where.draftTp`), beside a target at `targetTp`.
 */
export function checkEngineDraftTp(engine: EngineProfile, kind: string, d: { tp: number; placement: 'shared' | 'separate' }, targetTp: number, where: { draftTp: string; draftPlacement: string }): void {
  const rule = engineRuns(engine, kind)?.draftTp;
  if (rule === undefined) return;
  if (d.placement === 'separate') {
    throw new UserError(`engine '${engine.id}' runs the ${kind} drafter on the target's GPUs, not on GPUs of its own; draftPlacement "separate" is a what-if for engine none`, where.draftPlacement);
  }
  if (rule === 'target-or-1' && d.tp !== 1 && d.tp !== targetTp) {
    throw new UserError(`engine '${engine.id}' runs a draft model at the target's tp (${targetTp}) or at 1, not ${d.tp}; use draftTp 1 or ${targetTp}, or engine none`, where.draftTp);
  }
  if (rule === 'target' && d.tp !== targetTp) {
    throw new UserError(`engine '${engine.id}' runs the ${kind} drafter in the target's workers at the target's tp (${targetTp}), not ${d.tp}; use draftTp ${targetTp} (a draft whose heads split over ${targetTp} GPUs), or engine none`, where.draftTp);
  }
}

export function checkEngineRuns(engine: EngineProfile, kind: string, label: string, isTree: boolean, where: string): void {
  if (kind === 'autoregressive') return;
  const m = engineRuns(engine, kind);
  if (!m) {
    const runs = engine.methods === 'all' ? [] : Object.keys(engine.methods);
    throw new UserError(`engine '${engine.id}' does not run method '${kind}' ('${label}'); it runs ${runs.length > 0 ? runs.join(', ') : 'no speculation'}${engine.notes.methods ? ` (${engine.notes.methods})` : ''}`, where);
  }
  if (isTree && !m.trees) {
    throw new UserError(`engine '${engine.id}' runs '${kind}' with a chain only (one draft per depth), but '${label}' drafts a tree; use a chain (topK 1, nodes = depth) or another engine`, where);
  }
}
