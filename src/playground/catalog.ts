/**
 * What the page offers in its controls, read from the registries (hardware
 * profiles, model catalog, engines, method kinds, named trees), so a profile,
 * engine or method added there appears in the page without touching it.
 */
import { listHardware } from '../catalog/hardware.js';
import { listModels } from '../catalog/models.js';
import { listEngines } from '../catalog/engines.js';
import { METHOD_KINDS } from '../cli/method-kinds.js';
import { MEDUSA_TREE_ALIASES, namedTrees } from '../methods/trees.js';
import type { PlaygroundCatalog } from './protocol.js';


export function catalog(): PlaygroundCatalog {
  return {
    hardware: listHardware().map((h) => ({ id: h.id, name: h.name })),
    models: listModels().filter((m) => (m.kind ?? 'decoder') === 'decoder').map((m) => ({ id: m.id, name: m.name })),
    engines: listEngines().map((e) => ({ id: e.id, name: e.name })),
    methods: METHOD_KINDS.map((m) => ({ id: m.id, description: m.description })),
    medusaTrees: [...Object.keys(MEDUSA_TREE_ALIASES), ...Object.keys(namedTrees('medusa'))],
    eagleTrees: Object.keys(namedTrees('eagle')),
  };
}
