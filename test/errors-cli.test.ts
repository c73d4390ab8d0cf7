/**
 * Every bad input a new user is likely to write, tried as they would: a
 * scenario file edited by hand in a temp dir, run through the BUILT CLI
 * (`npm test` builds first). Each must give exit 2, exactly one stderr line
 * naming the field, and no files in the output directory.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { METHOD_KINDS } from '../src/methods/index.js';

/** The registry's kinds as the error lists them (a new method kind changes no expectation here). */
const KINDS = METHOD_KINDS.join(', ');

const BIN = resolve('dist/src/bin.js');
const run = promisify(execFile);

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` (npm test builds first)`);
});

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The quickstart scenario, small enough to run in milliseconds. */
function base(): Doc {
  const q = JSON.parse(readFileSync('scenarios/quickstart.json', 'utf8')) as Doc;
  q.batch = [1, 2];
  q.workload.requests = 4;
  q.workload.outputTokens = 8;
  return q;
}

interface Outcome { code: number; stderr: string; stdout: string; outFiles: string[]; dir: string }

/** Write `files` into a fresh temp dir, run `specsim <args>` there with `--out <dir>/out`, and report what happened. */
async function specsim(files: Record<string, string>, args: string[], out = true): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'specsim-err-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const argv = [BIN, ...args, ...(out ? ['--out', join(dir, 'out'), '--quiet'] : [])];
  let code = 0;
  let stderr = '';
  let stdout = '';
  try {
    ({ stderr, stdout } = await run(process.execPath, argv, { cwd: dir, timeout: 30_000, maxBuffer: 1 << 24 }));
  } catch (e) {
    const err = e as { code?: number; stderr?: string; stdout?: string };
    code = typeof err.code === 'number' ? err.code : -1;
    stderr = err.stderr ?? '';
    stdout = err.stdout ?? '';
  }
  const outFiles = existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : [];
  return { code, stderr, stdout, outFiles, dir };
}

/** Run a mutated quickstart and expect exit 2 with one line matching `line`. */
async function expectBad(mutate: (d: Doc) => void, line: RegExp, extra: Record<string, string> = {}): Promise<string> {
  const d = base();
  mutate(d);
  const o = await specsim({ 's.json': JSON.stringify(d, null, 2), ...extra }, ['run', 's.json']);
  return check(o, line);
}

function check(o: Outcome, line: RegExp): string {
  const lines = o.stderr.split('\n').filter((l) => l !== '');
  expect(lines, o.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^specsim: .+/);
  expect(lines[0]).toMatch(line);
  expect(lines[0]).not.toMatch(/\n|    at /);
  expect(o.code, o.stderr).toBe(2);
  expect(o.stdout).toBe('');
  expect(o.outFiles).toEqual([]);
  expect(existsSync(join(o.dir, 'out'))).toBe(false);
  expect(readdirSync(o.dir).filter((f) => /\.(tmp|old)-\d+$/.test(f))).toEqual([]);
  return lines[0]!;
}

describe('the built CLI on hand-edited scenario files', () => {
  it('the unedited base scenario runs (the cases below fail for their edit alone)', async () => {
    const o = await specsim({ 's.json': JSON.stringify(base()) }, ['run', 's.json']);
    expect(o.stderr).toBe('');
    expect(o.code).toBe(0);
    expect(o.outFiles).toContain('report.json');
  });

  it.concurrent('missing file', async () => {
    check(await specsim({}, ['run', 'nope.json']), /no such file \(nope\.json\)$/);
  });

  it.concurrent('invalid JSON: line and column', async () => {
    const text = JSON.stringify(base(), null, 2).replace('"seed": 42,', '"seed": 42,,');
    check(await specsim({ 's.json': text }, ['run', 's.json']), /invalid JSON at line 4, column \d+: .*\(s\.json\)$/);
  });

  it.concurrent('trailing comma, as people write them', async () => {
    const text = JSON.stringify(base(), null, 2).replace(/\n}$/, ',\n}');
    check(await specsim({ 's.json': text }, ['run', 's.json']), /invalid JSON at line \d+, column \d+/);
  });

  it.concurrent('wrong type: batch as a string', async () => {
    await expectBad((d) => { d.batch = '4'; }, /batch must be a list of integers between 1 and 65536, got '4' \(s\.json at \$\.batch\)$/);
  });

  it.concurrent('wrong type: requests as a string', async () => {
    await expectBad((d) => { d.workload.requests = '256'; }, /requests must be an integer between 1 and \d+, got '256' \(s\.json at \$\.workload\.requests\)/);
  });

  it.concurrent('batch 0', async () => {
    await expectBad((d) => { d.batch = [1, 2, 0]; }, /batch\[2\] must be an integer ≥ 1, got 0 \(s\.json at \$\.batch\[2\]\)$/);
  });

  it.concurrent('alpha outside [0, 1]', async () => {
    await expectBad((d) => { d.methods[1].acceptance.alpha = 1.5; }, /alpha must be a number between 0 and 1, got 1\.5 \(s\.json at \$\.methods\[1\]\.acceptance\.alpha\)$/);
  });

  it.concurrent('gamma < 1', async () => {
    await expectBad((d) => { d.methods[1].gamma = 0; }, /gamma must be an integer ≥ 1, got 0 \(s\.json at \$\.methods\[1\]\.gamma\)$/);
  });

  it.concurrent('negative length', async () => {
    await expectBad((d) => { d.workload.promptTokens = -5; }, /promptTokens must be an integer ≥ 1, got -5 \(s\.json at \$\.workload\.promptTokens\)$/);
  });

  it.concurrent('a length distribution with an unknown dist', async () => {
    await expectBad((d) => { d.workload.outputTokens = { dist: 'normal', mean: 100 }; }, /unknown dist 'normal'; expected one of uniform, lognormal \(s\.json at \$\.workload\.outputTokens\.dist\)$/);
  });

  it.concurrent('a huge request count hits the limit', async () => {
    await expectBad((d) => { d.workload.requests = 1e9; }, /requests must be an integer ≤ 1000000, got 1000000000 \(s\.json at \$\.workload\.requests\)$/);
  });

  it.concurrent('unknown key, with did you mean and the allowed keys', async () => {
    await expectBad((d) => { d.methods[1].gama = 4; delete d.methods[1].gamma; }, /unknown key 'gama'; did you mean 'gamma'\?; allowed here: kind, label, draft, gamma, acceptance, draftTp, draftDtype, draftPlacement \(s\.json at \$\.methods\[1\]\.gama\)$/);
  });

  it.concurrent('unknown top-level key', async () => {
    await expectBad((d) => { d.batchSize = [1]; }, /unknown key 'batchSize'.*\(s\.json at \$\.batchSize\)$/);
  });

  it.concurrent('unknown hardware, listing the known ones', async () => {
    await expectBad((d) => { d.hardware = ['h100']; }, /unknown hardware 'h100'; known: .*h100-sxm.* \(s\.json at \$\.hardware\[0\]\)$/);
  });

  it.concurrent('unknown model, with did you mean', async () => {
    await expectBad((d) => { d.model = 'llama2-7'; }, /unknown model 'llama2-7'; did you mean 'llama2-7b'\?; known: .*llama2-13b.* \(s\.json at \$\.model\)$/);
  });

  it.concurrent('unknown draft model', async () => {
    await expectBad((d) => { d.methods[1].draft = 'llama-69m'; }, /unknown model 'llama-69m'.*\(s\.json at \$\.methods\[1\]\.draft\)$/);
  });

  it.concurrent('unknown method kind, listing the kinds', async () => {
    await expectBad((d) => { d.methods[1].kind = 'drafts'; }, new RegExp(`unknown kind 'drafts'; did you mean 'draft'\\?; expected one of ${KINDS} \\(s\\.json at \\$\\.methods\\[1\\]\\.kind\\)$`));
  });

  it.concurrent('missing method kind', async () => {
    await expectBad((d) => { delete d.methods[1].kind; }, new RegExp(`missing 'kind'; expected one of ${KINDS} \\(s\\.json at \\$\\.methods\\[1\\]\\.kind\\)$`));
  });

  it.concurrent('unknown tree, listing the known ones', async () => {
    await expectBad((d) => { d.methods[2].tree = 'medusa-64'; }, /unknown Medusa tree 'medusa-64'; did you mean 'medusa-63'\?; known: .*\(s\.json at \$\.methods\[2\]\.tree\)$/);
  });

  it.concurrent('a batch that does not fit in memory says the largest that fits', async () => {
    await expectBad((d) => { d.batch = [1, 4096]; d.workload.promptTokens = 4000; }, /batch 4096 .*does not fit in h100-sxm memory; the largest batch that fits is \d+ \(s\.json at \$\.batch\[1\]\)$/);
  });

  it.concurrent('an empty method list', async () => {
    await expectBad((d) => { d.methods = []; }, new RegExp(`methods must not be empty; give at least one: an object with kind one of ${KINDS} \\(s\\.json at \\$\\.methods\\)$`));
  });

  it.concurrent('duplicate method labels', async () => {
    await expectBad((d) => { d.methods.push({ kind: 'draft', draft: 'llama-160m', gamma: 3, acceptance: { kind: 'iid', alpha: 0.6 } }); }, /duplicate method label 'draft'; give each method a unique 'label' \(s\.json at \$\.methods\[4\]\.label\)$/);
  });

  it.concurrent('a trace file with a bad row gives the row number', async () => {
    await expectBad((d) => { d.workload = { kind: 'trace', file: 't.csv' }; },
      /row 3: prompt tokens 'abc' is not an integer between 1 and 1000000 \(.*t\.csv\)$/, { 't.csv': 'arrival_ms,prompt,output\n0,10,5\n5,abc,3\n' });
  });

  it.concurrent('a missing trace file', async () => {
    await expectBad((d) => { d.workload = { kind: 'trace', file: 'gone.csv' }; }, /no such file \(.*gone\.csv\)$/);
  });

  it.concurrent('a hardware profile file with missing fields', async () => {
    const profile = { kind: 'gpu', id: 'my-gpu', name: 'My GPU', source: 'datasheet' };
    await expectBad((d) => { d.hardware = ['my-gpu.json']; }, /missing required field 'memoryBytes' \(a number > 0\); also missing: memBwBytesPerS, .* \(my-gpu\.json at \$\.memoryBytes\)$/,
      { 'my-gpu.json': JSON.stringify(profile) });
  });

  it.concurrent('a hardware profile file with an out-of-range efficiency', async () => {
    const profile = JSON.parse(readFileSync('data/hardware/h100-sxm.json', 'utf8')) as Doc;
    profile.efficiency.memBw = 1.2;
    await expectBad((d) => { d.hardware = ['my-gpu.json']; }, /memBw must be a number > 0 and ≤ 1, got 1\.2 \(my-gpu\.json at \$\.efficiency\.memBw\)$/,
      { 'my-gpu.json': JSON.stringify(profile) });
  });

  it.concurrent('a scenario that is not an object', async () => {
    check(await specsim({ 's.json': '[1, 2]' }, ['run', 's.json']), /the file must hold an object, got a list \(s\.json at \$\)$/);
  });

  it.concurrent('Infinity written as 1e999', async () => {
    const text = JSON.stringify(base(), null, 2).replace('"requests": 4', '"requests": 1e999');
    check(await specsim({ 's.json': text }, ['run', 's.json']), /requests must be an integer between 1 and 1000000, got Infinity/);
  });

  it.concurrent('a bad --seed flag', async () => {
    const o = await specsim({ 's.json': JSON.stringify(base()) }, ['run', 's.json', '--seed', '-3']);
    check(o, /--seed/);
  });

  it.concurrent('an unknown command option is one line, exit 2', async () => {
    const o = await specsim({ 's.json': JSON.stringify(base()) }, ['run', 's.json', '--sed', '3']);
    check(o, /unknown option '--sed'/);
  });
});
