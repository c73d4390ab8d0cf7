/** `specsim list hardware|models|methods|engines|scenarios`. */
import { readdirSync } from 'node:fs';
import type { Command } from 'commander';
import { listEngines } from '../catalog/builtin.js';
import type { HardwareProfileBase } from '../catalog/hardware-schema.js';
import { listHardware } from '../hardware/builtin.js';
import { listModels, paramCount } from '../catalog/model-catalog.js';
import { parseChoice, printJson } from './options.js';
import { oneLine as termText } from '../errors.js';

const WHAT = ['hardware', 'models', 'methods', 'engines', 'scenarios'] as const;

/** The rows of one list; the built-in catalog needs no zod, the method registry (with its schemas) loads only for `list methods`. */
async function rows(what: (typeof WHAT)[number]): Promise<Record<string, unknown>[]> {
  switch (what) {
    case 'hardware':
      return listHardware().map((h: HardwareProfileBase) => ({ id: h.id, name: h.name, kind: h.kind, ...(h.arch !== undefined ? { arch: h.arch } : {}), source: h.source }));
    case 'models':
      return listModels().map((m) => ({
        id: m.id, name: m.name, params: paramCount(m).total, hidden: m.hidden, layers: m.layers, heads: m.heads,
        kvHeads: m.kvHeads, intermediate: m.intermediate, vocab: m.vocab, experts: m.experts ?? null, source: m.source,
      }));
    case 'methods':
      return (await import('./method-kinds.js')).METHOD_KINDS.map((m) => ({ id: m.id, description: m.description }));
    case 'engines':
      return listEngines().map((e) => ({
        id: e.id, name: e.name, fusion: e.kernels.fusion, attention: e.kernels.attention, attentionByArch: e.kernels.attentionByArch ?? {},
        hostOverlap: e.host.overlap, chunkedPrefill: e.chunkedPrefill.default ? e.chunkedPrefill.tokenBudget : null,
        methods: e.methods === 'all' ? 'all' : Object.fromEntries(Object.entries(e.methods).map(([k, v]) => [k, v.trees ? 'trees' : 'chains'])), source: e.source,
      }));
    case 'scenarios': {
      let files: string[] = [];
      try { files = readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== 'schema.json').sort(); } catch { /* no scenarios here */ }
      return files.map((f) => ({ id: f.replace(/\.json$/, ''), file: `scenarios/${f}` }));
    }
  }
}

export function listCommand(program: Command): void {
  program.command('list')
    .description('list built-in hardware, models, methods, serving engines, or the scenarios in ./scenarios')
    .argument('<what>', WHAT.join(' | '))
    .option('--json', 'print one JSON document')
    .action(async (whatArg: string, f: { json?: boolean }) => {
      const what = parseChoice(whatArg, 'list <what>', WHAT);
      const list = await rows(what);
      if (f.json) { printJson({ [what]: list }); return; }
      for (const r of list) {
        const extra = what === 'models' ? `${(Number(r.params) / 1e9).toFixed(2)}B params` : String(r.name ?? r.description ?? r.file ?? '');
        console.log(`${termText(String(r.id)).padEnd(28)} ${termText(extra, 200)}`);
      }
    });
}
