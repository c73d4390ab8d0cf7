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
import { defaultDraft } from '../catalog/drafts.js';
import { paramCount, resolveModel } from '../catalog/models.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import { sharesTokenizer, tokenizerFamily } from '../catalog/tokenizer.js';
import { UserError } from '../errors.js';
import { acceptanceFor } from '../optimize/acceptance.js';
import { namedTrees } from '../methods/trees.js';
import type { MethodSpec } from '../scenario/schema.js';

export interface MethodFlags {
  draft?: string | undefined;
  alpha?: number | undefined;
  gamma?: number | undefined;
  /** Medusa: a tree name; EAGLE: a static tree name or `dynamic:depth,topK,nodes`. */
  tree?: string | undefined;
  heads?: number | undefined;
  /** Medusa (and EAGLE): vicuna-7b|13b|33b or a JSON file of cumulative top-k rows. */
  accuracy?: string | undefined;
}

/** The Vicuna size (Medusa head-accuracy table) closest in parameters to the target, on a log scale. */
export function closestVicuna(target: ModelSpec): 'vicuna-7b' | 'vicuna-13b' | 'vicuna-33b' {
  const b = paramCount(target).total / 1e9;
  const sizes = [[7, 'vicuna-7b'], [13, 'vicuna-13b'], [33, 'vicuna-33b']] as const;
  return sizes.reduce((best, s) => (Math.abs(Math.log(b / s[0])) < Math.abs(Math.log(b / best[0])) ? s : best))[1];
}

const round4 = (rows: number[][]) => rows.map((r) => r.map((v) => Number(v.toFixed(4))));

const isDynamic = (tree: string): boolean => tree.trim().startsWith('dynamic');

/** `dynamic:5,8,60` → a dynamic EAGLE tree; anything else is a static tree name. */
function eagleTreeFlag(tree: string): Extract<MethodSpec, { kind: 'eagle' }>['tree'] {
  const m = /^dynamic:(\d+),(\d+),(\d+)$/.exec(tree.trim());
  if (m) return { kind: 'dynamic', depth: Number(m[1]), topK: Number(m[2]), nodes: Number(m[3]) };
  if (tree.startsWith('dynamic')) throw new UserError(`'${tree}' is not dynamic:<depth>,<topK>,<nodes> (e.g. dynamic:5,8,60)`, '--tree');
  return { kind: 'static', name: tree };
}

function targetName(target: ModelSpec): string {
  return target.source.startsWith('file:') ? target.name : target.id;
}

/** A `--draft` the target can use, or a one-line reason why not. */
export function checkDraft(target: ModelSpec, draftId: string): ModelSpec {
  const draft = resolveModel(draftId, '--draft');
  if (!sharesTokenizer(target, draft)) {
    const tf = tokenizerFamily(target), df = tokenizerFamily(draft);
    const say = (f: ReturnType<typeof tokenizerFamily>, m: ModelSpec) => (f ? `the ${f.name} tokenizer` : `a ${m.vocab}-token vocabulary`);
    throw new UserError(`draft '${targetName(draft)}' uses ${say(df, draft)} and '${targetName(target)}' ${say(tf, target)}: a draft must share its target's tokenizer`, '--draft');
  }
  return draft;
}

/** The method `kind`'s entry for `target` after the flags, and what was assumed for the user. */
export function tuneMethod(spec: MethodSpec, target: ModelSpec, flags: MethodFlags): { spec: MethodSpec; assumptions: string[] } {
  const assumptions: string[] = [];
  const family = tokenizerFamily(target);
  switch (spec.kind) {
    case 'draft': {
      let draft: string;
      if (flags.draft !== undefined) draft = checkDraft(target, flags.draft).id;
      else {
        try { draft = defaultDraft(target); } catch (e) {
          if (!(e instanceof UserError)) throw e;
          throw new UserError(`--method draft needs a draft model: none of the ${family ? `${family.name} tokenizer family` : `${target.vocab}-token vocabulary`} is known for '${targetName(target)}'; give --draft <id|config.json> of a small model with the same tokenizer`, '--draft');
        }
        assumptions.push(`draft: ${draft} (the default for the ${family ? `${family.name} tokenizer` : `${target.vocab}-token vocabulary`}; --draft to choose)`);
      }
      const acc = acceptanceFor('draft', flags.alpha ?? (spec.acceptance.kind === 'iid' ? spec.acceptance.alpha : undefined), undefined);
      if (flags.alpha === undefined) assumptions.push(`draft: ${acc.describe} assumed (--alpha)`);
      const gamma = flags.gamma ?? spec.gamma;
      if (flags.gamma === undefined) assumptions.push(`draft: γ ${gamma} drafted tokens per step (--gamma)`);
      return { spec: { ...spec, draft, gamma, acceptance: acc.spec }, assumptions };
    }
    case 'ngram': {
      const alpha = flags.alpha ?? (spec.acceptance.kind === 'iid' ? spec.acceptance.alpha : undefined);
      const acc = acceptanceFor('ngram', alpha, undefined);
      if (flags.alpha === undefined) assumptions.push(`ngram: ${acc.describe} assumed (--alpha)`);
      return { spec: { ...spec, gamma: flags.gamma ?? spec.gamma, acceptance: acc.spec }, assumptions };
    }
    case 'medusa': {
      if (flags.alpha !== undefined) throw new UserError('medusa takes head accuracies: use --accuracy vicuna-7b|vicuna-13b|vicuna-33b or a .json file', '--alpha');
      const heads = flags.heads ?? spec.heads;
      const table = flags.accuracy ?? closestVicuna(target);
      const acc = acceptanceFor('medusa', undefined, table);
      const rows = acc.spec.kind === 'topk' && acc.spec.perHead ? acc.spec.perHead : [];
      if (rows.length < heads) throw new UserError(`${heads} heads but the accuracy table has ${rows.length} rows`, flags.heads !== undefined ? '--heads' : '--accuracy');
      if (flags.accuracy === undefined) assumptions.push(`medusa: head accuracies of Medusa-1 on ${table} (the closest published size to ${targetName(target)}) assumed; --accuracy to give yours`);
      // A dynamic tree is EAGLE's: with both methods asked, --tree dynamic:… goes to EAGLE only.
      const tree = flags.tree !== undefined && !isDynamic(flags.tree) ? flags.tree : spec.tree;
      return { spec: { ...spec, heads, tree, acceptance: { kind: 'topk', perHead: round4(rows.slice(0, heads)) } }, assumptions };
    }
    case 'eagle': {
      let acceptance = spec.acceptance;
      if (flags.alpha !== undefined || flags.accuracy !== undefined) acceptance = acceptanceFor('eagle', flags.alpha, flags.accuracy).spec;
      else assumptions.push(`eagle: top-k acceptance per depth ${JSON.stringify(spec.acceptance.kind === 'topk' ? spec.acceptance.perDepth ?? spec.acceptance.perHead : spec.acceptance)} assumed (EAGLE reports 0.74-0.79 top-1 on Vicuna and LLaMA2-chat; --alpha or --accuracy)`);
      // A tree name goes to EAGLE only if it names an EAGLE tree (else it is Medusa's).
      const useTree = flags.tree !== undefined && (isDynamic(flags.tree) || Object.hasOwn(namedTrees('eagle'), flags.tree.replace(/-/g, '_')));
      const tree = useTree ? eagleTreeFlag(flags.tree!) : spec.tree;
      return { spec: { ...spec, tree, acceptance }, assumptions };
    }
    default:
      return { spec, assumptions };
  }
}

/** Flags that apply to none of the methods asked for are mistakes, not silently ignored. */
export function checkFlagsApply(kinds: readonly string[], flags: MethodFlags): void {
  const uses: Record<keyof MethodFlags, string[]> = {
    draft: ['draft'], alpha: ['draft', 'ngram', 'eagle'], gamma: ['draft', 'ngram'], tree: ['medusa', 'eagle'], heads: ['medusa'], accuracy: ['medusa', 'eagle'],
  };
  for (const [flag, users] of Object.entries(uses) as [keyof MethodFlags, string[]][]) {
    if (flags[flag] !== undefined && !kinds.some((k) => users.includes(k))) {
      throw new UserError(`--${flag} applies to method ${users.join(' or ')}, not to ${kinds.filter((k) => k !== 'autoregressive').join(', ') || 'autoregressive'}`, `--${flag}`);
    }
  }
}
