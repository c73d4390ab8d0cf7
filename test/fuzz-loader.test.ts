/**
 * Fuzzing the loader: random mutations of the example scenarios (dropped
 * keys, wrong types, huge numbers, NaN/Infinity, deep nesting, very long
 * strings, arrays for objects, misspelt keys) must give a UserError with a
 * one-line message, never another exception or a hang. In-process through
 * `parseScenario` (and, when a mutant is still valid, through `runScenario`
 * with its request count cut), plus a handful through the built CLI.
 * On failure fast-check prints `{ seed, path }`; replay with FC_SEED/FC_PATH.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.js';
import { parseScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/run.js';
import { fcParams } from './props-fc.js';

type Json = unknown;
const EXAMPLES = readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== 'schema.json').sort()
  .map((f) => ({ file: f, doc: JSON.parse(readFileSync(join('scenarios', f), 'utf8')) as Json }));

/** Every path to a value in `doc` (the root included), down to depth 12 (mutants may already be deeply nested). */
function paths(doc: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (at.length >= 12) return out;
  if (Array.isArray(doc)) doc.slice(0, 50).forEach((v, i) => paths(v, [...at, i], out));
  else if (doc !== null && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) paths(v, [...at, k], out);
  return out;
}

function nest(v: Json, depth: number): Json {
  let x = v;
  for (let i = 0; i < depth; i++) x = i % 2 ? [x] : { x };
  return x;
}

/** Replacement values: wrong types, extremes, NaN and Infinity (as numbers and as strings), nesting, long strings. */
const weird: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, -0.5, 0.5, 1.5, 1e9, 1e6, 65537, 1e300, -1e300, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2,
    Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 'NaN', 'Infinity', '1e999', '', ' ', '4', 'h100-sxm', 'llama2-7b', 'draft', 'medusa-63',
    [], {}, [{}], [1, 2, 3], { kind: 'closed' }, { dist: 'uniform', min: 5, max: 1 }, { dist: 'lognormal', mean: 1e9, sigma: 100 }),
  fc.integer({ min: 1, max: 2000 }).map((n) => 'x'.repeat(n * 500)),
  fc.integer({ min: 1, max: 5000 }).chain((d) => fc.constantFrom<Json>(nest(1, d), nest('a', d), nest({}, d))),
  fc.anything({ maxDepth: 3 }),
);

type Mutation = { op: 'drop' | 'replace' | 'wrap' | 'unwrap' | 'rename' | 'add'; pick: number; value: Json; n: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('drop', 'replace', 'replace', 'wrap', 'unwrap', 'rename', 'add'),
  pick: fc.nat(),
  value: weird,
  n: fc.nat({ max: 3 }),
});

function apply(doc: Json, m: Mutation): Json {
  const all = paths(doc);
  const path = all[m.pick % all.length]!;
  if (path.length === 0) return m.op === 'wrap' ? [doc] : m.op === 'replace' ? m.value : doc;
  const parentPath = path.slice(0, -1);
  let parent = doc as Record<string | number, Json>;
  for (const k of parentPath) parent = parent[k] as Record<string | number, Json>;
  const key = path[path.length - 1]!;
  const cur = parent[key];
  switch (m.op) {
    case 'drop': if (Array.isArray(parent)) parent.splice(Number(key), 1); else delete parent[key]; break;
    case 'replace': parent[key] = m.value; break;
    case 'wrap': parent[key] = [cur]; break; // an array where an object (or number) is expected
    case 'unwrap': parent[key] = Array.isArray(cur) ? cur[0] : cur !== null && typeof cur === 'object' ? Object.values(cur)[0] : cur; break;
    case 'rename': // a typo in a key
      if (!Array.isArray(parent) && typeof key === 'string') { delete parent[key]; parent[`${key.slice(0, -1)}${'xsz'[m.n % 3]}`] = cur; }
      break;
    case 'add': if (!Array.isArray(parent) && typeof cur === 'object' && cur !== null && !Array.isArray(cur)) (cur as Record<string, Json>)[`extra${m.n}`] = m.value; break;
  }
  return doc;
}

const mutant = fc.record({ example: fc.nat({ max: EXAMPLES.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) })
  .map(({ example, mutations }) => {
    let doc = structuredClone(EXAMPLES[example]!.doc);
    for (const m of mutations) doc = apply(doc, m);
    return { file: EXAMPLES[example]!.file, doc };
  });

function expectOneLine(e: unknown): void {
  if (!(e instanceof UserError)) throw new Error(`not a UserError: ${(e as Error)?.stack ?? String(e)}`);
  const line = e.line();
  expect(line).toMatch(/^specsim: \S/);
  expect(line).not.toMatch(/[\n\r]/);
  expect(line.length).toBeLessThan(3000);
}

describe('loader fuzzing (fast-check; seed and path printed on failure)', () => {
  it('mutated example scenarios are accepted or rejected with a one-line UserError, never another exception', () => {
    let rejected = 0;
    let ran = 0;
    fc.assert(fc.property(mutant, ({ file, doc }) => {
      let s;
      try {
        s = parseScenario(doc, file);
      } catch (e) {
        expectOneLine(e);
        rejected++;
        return;
      }
      // Still valid: resolve and simulate it, small (ids, trees, memory are checked here).
      if (s.workload.kind !== 'trace') s.workload.requests = Math.min(s.workload.requests, 3);
      s.batch = s.batch.slice(0, 2);
      s.hardware = s.hardware.slice(0, 1);
      if (s.workload.kind !== 'trace' && typeof s.workload.outputTokens === 'number') s.workload.outputTokens = Math.min(s.workload.outputTokens, 64);
      try {
        runScenario(s, { baseDir: 'scenarios', where: file });
        ran++;
      } catch (e) {
        expectOneLine(e);
      }
    }), fcParams(Number(process.env.FUZZ_RUNS ?? 1000)));
    expect(rejected).toBeGreaterThan(100);
    expect(ran).toBeGreaterThan(0);
  });

  it('huge-but-plausible numbers are refused by the schema limits, not simulated for hours', () => {
    const q = EXAMPLES.find((e) => e.file === 'quickstart.json')!.doc as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const cases: [(d: any) => void, RegExp][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      [(d) => { d.workload.requests = 1e9; }, /requests must be an integer ≤ 1000000/],
      [(d) => { d.batch = [1e6]; }, /batch\[0\] must be an integer ≤ 65536/],
      [(d) => { d.workload.outputTokens = 1e7; }, /outputTokens must be an integer between 1 and 1000000|outputTokens/],
      [(d) => { d.workload.requests = 900_000; }, /above the limit of 100000000 simulated tokens per point/],
      [(d) => { d.methods[3].tree.nodes = 1e6; }, /nodes must be an integer ≤ 512/],
      [(d) => { d.methods[1].gamma = 1000; }, /gamma must be an integer ≤ 64/],
      [(d) => { d.name = 'n'.repeat(1e6); }, /name must have at most 100 characters, got 1000000/],
    ];
    for (const [mutate, re] of cases) {
      const d = structuredClone(q);
      mutate(d);
      const t = Date.now();
      try { parseScenario(d, 'q.json'); expect.unreachable(); } catch (e) { expectOneLine(e); expect((e as UserError).line()).toMatch(re); }
      expect(Date.now() - t).toBeLessThan(1000);
    }
  });
});

describe('loader fuzzing through the built CLI', () => {
  const BIN = resolve('dist/src/bin.js');
  const run = promisify(execFile);
  const q = readFileSync('scenarios/quickstart.json', 'utf8');
  const texts: [string, string][] = [
    ['Infinity as 1e999', q.replace('"seed": 42', '"seed": 1e999')],
    ['NaN (not JSON)', q.replace('"seed": 42', '"seed": NaN')],
    ['a deeply nested value', q.replace('"model": "llama2-7b"', `"model": ${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
    ['an unclosed deep nesting', q.replace('"model": "llama2-7b"', `"model": ${'['.repeat(100_000)}`)],
    ['a very long string', q.replace('"llama2-7b"', `"${'l'.repeat(2_000_000)}"`)],
    ['an array for the workload object', q.replace(/"workload": (\{[^}]*\})/, '"workload": [$1]')],
    ['a dropped key', q.replace(/"model": "llama2-7b",/, '')],
    ['huge requests', q.replace('"requests": 256', '"requests": 1e12')],
    ['an empty file', ''],
    ['binary junk', '\u0000\u0001\uffff{'],
  ];
  it.concurrent.each(texts)('%s: exit 2, one line, nothing written', async (_name, text) => {
    expect(existsSync(BIN), 'run `npm run build` first').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'specsim-fuzz-'));
    writeFileSync(join(dir, 's.json'), text);
    let code = 0;
    let stderr = '';
    try {
      await run(process.execPath, [BIN, 'run', 's.json', '--out', 'out', '--quiet'], { cwd: dir, timeout: 30_000, maxBuffer: 1 << 24 });
    } catch (e) {
      code = (e as { code?: number }).code ?? -1;
      stderr = (e as { stderr?: string }).stderr ?? '';
    }
    expect(code, stderr).toBe(2);
    const lines = stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^specsim: .*\(s\.json( at \$.*)?\)$/);
    expect(lines[0]!.length).toBeLessThan(3000);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
