/**
 * What the page offers in its controls, read from the registries (hardware
 * profiles, model catalog, engines, method definitions, named trees), so a
 * profile, engine or method kind added there appears in the page without
 * touching it. A method added in the page starts from its kind's
 * `compareDefault` for the scenario's model (what `specsim compare` runs).
 */
import { listHardware } from '../hardware/resolve.js';
import { listModels } from '../catalog/models.js';
import { listEngines } from '../catalog/engines.js';
import { BACKENDS } from '../cost/backends/index.js';
import { BATCHING } from '../fields.js';
import { KV_DTYPES, WEIGHT_DTYPES } from '../cost/operators.js';
import { METHOD_KINDS, methodDefinition } from '../methods/index.js';
import { MEDUSA_TREE_ALIASES, namedTrees } from '../methods/trees.js';
import type { ModelSpec } from '../catalog/model-schema.js';
import type { PlaygroundCatalog } from './protocol.js';

/** Each kind's compare default for `target`; a kind with none for this model (e.g. no draft of its tokenizer) is left out. */
function defaultsFor(target: ModelSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kind of METHOD_KINDS) {
    try { out[kind] = methodDefinition(kind)!.compareDefault(target, { chainsOnly: false }); } catch { /* the page starts that kind bare */ }
  }
  return out;
}

/** `profileText(id)`: a built-in profile's file as shipped (notes and `efficiencyFrom` included), where a custom profile starts. */
export function catalog(profileText: (id: string) => string): PlaygroundCatalog {
  const models = listModels().filter((m) => (m.kind ?? 'decoder') === 'decoder');
  return {
    hardware: listHardware().map((h) => ({ id: h.id, name: h.name })),
    batching: [...BATCHING],
    hardwareKinds: Object.keys(BACKENDS),
    gpuProfiles: Object.fromEntries(listHardware().filter((h) => h.kind === 'gpu').map((h) => [h.id, profileText(h.id)])),
    models: models.map((m) => ({ id: m.id, name: m.name })),
    dtypes: [...WEIGHT_DTYPES],
    kvDtypes: [...KV_DTYPES],
    engines: listEngines().map((e) => ({ id: e.id, name: e.name })),
    methods: METHOD_KINDS.map((k) => ({ id: k, description: methodDefinition(k)!.description })),
    methodDefaults: Object.fromEntries(models.map((m) => [m.id, defaultsFor(m)])),
    medusaTrees: [...Object.keys(MEDUSA_TREE_ALIASES), ...Object.keys(namedTrees('medusa'))],
    eagleTrees: Object.keys(namedTrees('eagle')),
  };
}
