/**
 * The contract's "every command: --json prints one JSON document on stdout
 * and nothing else; errors are one line `specsim: <what> (<where>)`", checked
 * over the command registry, so a command added without --json fails here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/commands.js';
import { runCli } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'specsim-json-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('--json on every command', () => {
  it.concurrent.each(COMMANDS.map((c) => c.name))('%s --help offers --json', async (name) => {
    const r = await runCli(tmp, [name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+--json\b/m);
  });

  it('schema --json prints the schema; playground --json prints where it wrote, and nothing else', async () => {
    const plain = await runCli(tmp, ['schema']);
    const json = await runCli(tmp, ['schema', '--json']);
    expect(json.code).toBe(0);
    expect(json.stdout).toBe(plain.stdout);
    const p = await runCli(tmp, ['playground', '--json', '--out', join(tmp, 'pg')]);
    expect(p.stderr).toBe('');
    expect(JSON.parse(p.stdout)).toEqual({ playground: join(tmp, 'pg', 'playground.html') });
  });

  it('a command-line error names where: the command line', async () => {
    for (const args of [['run', 's.json', '--bogus'], ['nocommand'], ['cost', '--model', 'llama2-7b']]) {
      const r = await runCli(tmp, args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^specsim: .+ \(command line\)\n$/);
    }
  });
});
