/** The message layer: allowed keys come from the schema's shape, values and ranges are described from its checks, every line is one line. */
import { describe, expect, it } from 'vitest';
import { didYouMean, oneLine, UserError } from '../src/errors.js';
import { parseIntList } from '../src/cli/options.js';
import { parseTrace } from '../src/workload/trace.js';
import { FIELDS, ScenarioSchema } from '../src/scenario/schema.js';
import { parseScenario } from '../src/scenario/load.js';
import { METHOD_KINDS } from '../src/methods/index.js';
import { describeSchema, knownKeysAt } from '../src/zod-error.js';

const ok = { name: 'x', hardware: ['h100-sxm'], model: 'llama2-7b', batch: [1], workload: { kind: 'closed', requests: 2, promptTokens: 8, outputTokens: 8 }, methods: [{ kind: 'autoregressive' }] };
const line = (doc: unknown): string => { try { parseScenario(doc, 's.json'); } catch (e) { return (e as UserError).line(); } throw new Error('accepted'); };

describe('error messages', () => {
  it('known keys are read from the schema shape, narrowed by the discriminator in the document', () => {
    expect(knownKeysAt(ScenarioSchema, [], ok)).toEqual(Object.keys(ScenarioSchema.shape));
    const doc = { ...ok, methods: [{ kind: 'eagle', tree: { kind: 'dynamic' } }] };
    expect(knownKeysAt(ScenarioSchema, ['methods', 0], doc)).toEqual(['kind', 'label', 'tree', 'acceptance', 'draftTp', 'draftDtype', 'draftPlacement']);
    expect(knownKeysAt(ScenarioSchema, ['methods', 0, 'tree'], doc)).toEqual(['kind', 'depth', 'topK', 'nodes']);
    expect(knownKeysAt(ScenarioSchema, ['workload', 'promptTokens'], { workload: { promptTokens: { dist: 'lognormal' } } })).toEqual(['dist', 'mean', 'sigma']);
  });

  it('allowed values and ranges come from the schema checks', () => {
    expect(describeSchema(FIELDS.batch)).toBe('an integer between 1 and 65536');
    expect(describeSchema(ScenarioSchema.shape.dtype)).toBe('one of bf16, fp16, fp8, int8, int4, fp4');
    expect(describeSchema(ScenarioSchema.shape.batch)).toBe('a list of integers between 1 and 65536');
  });

  it.each([
    [{ ...ok, batch: [1, 2, 0] }, /^specsim: batch\[2\] must be an integer ≥ 1, got 0 \(s\.json at \$\.batch\[2\]\)$/],
    [{ ...ok, methods: [{ kind: 'draft', draft: 'd', gamma: 2, acceptance: { kind: 'iid', alpha: -0.1 } }] }, /alpha must be a number between 0 and 1, got -0\.1 \(s\.json at \$\.methods\[0\]\.acceptance\.alpha\)$/],
    [{ ...ok, methods: [{ kind: 'Draft' }] }, new RegExp(`unknown kind 'Draft'; did you mean 'draft'\\?; expected one of ${METHOD_KINDS.join(', ')}`)],
    [{ ...ok, dtype: 'fp9' }, /dtype must be one of bf16, fp16, fp8, int8, int4, fp4, got 'fp9'/],
    [{ ...ok, nmae: 'x', name: undefined }, /unknown key 'nmae'; did you mean 'name'\?/],
    [{ ...ok, workload: { ...ok.workload, promptTokens: { dist: 'uniform', min: 5, max: 2 } } }, /max must be ≥ min \(s\.json at \$\.workload\.promptTokens\.max\)/],
    [{ ...ok, workload: { kind: 'closed', requests: 2, promptTokens: 8 } }, /missing required field 'outputTokens' \(an integer between 1 and 1000000, or an object with dist one of uniform, lognormal\)/],
    [{ ...ok, name: 'a\nb' }, /^specsim: name must be letters, digits, \. _ - \(it names the report directory\), got 'a\\nb'/],
    [{ ...ok, hardware: ['x'.repeat(100_000)] }, /hardware\[0\] must have at most 4096 characters, got 100000/],
    [{ ...ok, seed: Number.NaN }, /seed must be an integer ≥ 0, got NaN/],
  ])('%#: one line naming the field', (doc, re) => {
    const l = line(doc);
    expect(l).toMatch(re);
    expect(l).not.toMatch(/\n/);
  });

  it('a UserError line is always one line and bounded', () => {
    const l = new UserError(`bad\nthing ${'y'.repeat(10_000)}`, `file\r\n`).line();
    expect(l).not.toMatch(/[\r\n]/);
    expect(l.length).toBeLessThan(2500);
    expect(oneLine('a\tb\u0000', 50)).toBe('a\\tb\\u0000');
  });

  it('did you mean: close typos only, cheap on huge input', () => {
    expect(didYouMean('gama', ['gamma', 'heads'])).toBe('gamma');
    expect(didYouMean('a', ['tp', 'name'])).toBeUndefined();
    expect(didYouMean('x'.repeat(1_000_000), ['batch'])).toBeUndefined();
  });

  it('CLI flags take the same values as the scenario keys, in the same words', () => {
    expect(parseIntList('1, 2,4', '--batch', FIELDS.batch)).toEqual([1, 2, 4]);
    expect(() => parseIntList('1,100000', '--batch', FIELDS.batch)).toThrow("'100000' is not an integer between 1 and 65536");
    expect(() => parseIntList('x', '--seed', FIELDS.seed)).toThrow("'x' is not an integer ≥ 0");
  });

  it('trace rows: the row number and the allowed range', () => {
    expect(() => parseTrace('0,10,5\n1,10,2000000\n', 't.csv')).toThrow(/row 2: output tokens '2000000' is not an integer between 1 and 1000000/);
    expect(() => parseTrace('# only a comment\n', 't.csv')).toThrow(/the trace has no requests/);
  });
});
