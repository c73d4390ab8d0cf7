/**
 * Commands load lazily (src/cli/commands.ts): the registry's help lines must
 * match what each command file declares, and `--help`, `list` and `cost`
 * must not load what they do not use (checked by the modules the BUILT CLI
 * resolves, recorded by a loader hook in a child process). The CLI runs as
 * its compiled modules here (SPECSIM_UNBUNDLED=1): the build's bundle of them
 * (src/cli-bundle.ts) is one file, whose modules run only when first imported
 * as these do; test/cli-bundle.test.ts checks it gives the same output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, Help } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCommands, COMMANDS, invokedCommand } from '../src/cli/commands.js';

const BIN = resolve('dist/src/bin.js');

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` (npm test builds first)`);
});

describe('command registry', () => {
  it('lists each command as its file declares it (name, options and arguments, description)', async () => {
    const program = new Command('specsim');
    await addCommands(program, COMMANDS.map((c) => c.name));
    const help = new Help();
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    for (const entry of COMMANDS) {
      const cmd = program.commands.find((c) => c.name() === entry.name)!;
      expect(help.subcommandTerm(cmd)).toBe(`${entry.name}${entry.args ? ` ${entry.args}` : ''}`);
      expect(cmd.description()).toBe(entry.description);
    }
  });

  it('the top-level help is the same whether commands are loaded or not', async () => {
    const text = async (load: string[]): Promise<string> => {
      const p = new Command('specsim').description('d').option('--debug', 'x');
      await addCommands(p, load);
      return p.helpInformation();
    };
    const lazy = await text([]);
    expect(lazy).toBe(await text(COMMANDS.map((c) => c.name)));
    expect(await text(['cost'])).toBe(lazy);
  });

  it('finds the invoked command after global options and after help', () => {
    expect(invokedCommand(['node', 'specsim', 'cost', '--hardware', 'x'])).toBe('cost');
    expect(invokedCommand(['node', 'specsim', '--debug', 'run', 's.json'])).toBe('run');
    expect(invokedCommand(['node', 'specsim', 'help', 'list'])).toBe('list');
    expect(invokedCommand(['node', 'specsim', '--help'])).toBeUndefined();
  });
});

/** The packages and src/ modules a run of the built CLI resolves. */
function loaded(args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'specsim-lazy-'));
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.startsWith('file:')) process.stderr.write('LOADED ' + r.url + '\\n'); return r; }\n`);
  const reg = join(dir, 'register.mjs');
  writeFileSync(reg, `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(reg).href, BIN, ...args], { encoding: 'utf8', env: { ...process.env, SPECSIM_UNBUNDLED: '1' } });
  expect(r.status).toBe(0);
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7));
}

function packages(urls: string[]): string[] {
  return [...new Set(urls.map((u) => /node_modules\/([^/]+)\//.exec(u)?.[1]).filter((p): p is string => p !== undefined))].sort();
}

/** Whether zod was loaded: the package, or the build's bundle of it (dist/src/zod.js, scripts/build-zod.mjs). */
function loadsZod(urls: string[]): boolean {
  return packages(urls).includes('zod') || urls.some((u) => u.endsWith('/dist/src/zod.js'));
}

describe('start-up loads only what a command uses', () => {
  it('--help loads commander and no command', () => {
    const urls = loaded(['--help']);
    expect(packages(urls)).toEqual(['commander']);
    expect(urls.filter((u) => u.includes('/src/cli/') && !/\/(commands|main)\.js$/.test(u))).toEqual([]);
  });

  it('cost and list load neither vega nor vega-lite nor the simulator', () => {
    for (const args of [['cost', '--hardware', 'h100-sxm', '--model', 'llama2-7b'], ['list', 'models']]) {
      const urls = loaded(args);
      expect(packages(urls).filter((p) => p.startsWith('vega') || p === 'seedrandom' || p === 'cli-progress')).toEqual([]);
      expect(urls.filter((u) => /\/src\/(sim|report|charts|scenario\/run)/.test(u))).toEqual([]);
    }
  });

  it('cost and list with built-in ids load no zod (the catalog was checked at build time); a user\'s profile file loads it', () => {
    for (const args of [['cost', '--hardware', 'h100-sxm', '--model', 'llama2-7b+eagle', '--engine', 'vllm'], ['list', 'models'], ['list', 'hardware'], ['list', 'engines']]) {
      expect(loadsZod(loaded(args)), args.join(' ')).toBe(false);
    }
    expect(loadsZod(loaded(['list', 'methods']))).toBe(true); // the method registry owns the methods' schemas
    const dir = mkdtempSync(join(tmpdir(), 'specsim-lazy-'));
    const profile = join(dir, 'my-gpu.json');
    writeFileSync(profile, readFileSync('data/hardware/h100-sxm.json', 'utf8'));
    const urls = loaded(['cost', '--hardware', profile, '--model', 'llama2-7b']);
    expect(loadsZod(urls)).toBe(true);
  });
});

describe('--no-charts', () => {
  it('writes the same report.json and results without charts/, index.html keeps the tables, and vega is never imported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'specsim-nocharts-'));
    const q = JSON.parse(readFileSync('scenarios/quickstart.json', 'utf8')) as { batch: number[]; workload: { requests: number } };
    q.batch = [1, 4];
    q.workload.requests = 8;
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify(q));
    const without = loaded(['run', file, '--out', join(dir, 'a'), '--quiet', '--no-charts']);
    expect(packages(without).filter((p) => p.startsWith('vega'))).toEqual([]);
    // --quiet draws no progress bar, so cli-progress is never loaded (cli/progress.ts requires it for a bar only).
    expect(packages(without)).not.toContain('cli-progress');
    const withCharts = loaded(['run', file, '--out', join(dir, 'b'), '--quiet']);
    // Charts come from the prebuilt bundle (report/vega-bundle.ts), not from the packages' ES modules.
    expect(packages(withCharts).filter((p) => p.startsWith('vega'))).toEqual([]);
    expect(readdirSync(join(dir, 'a'))).not.toContain('charts');
    expect(readdirSync(join(dir, 'b'))).toContain('charts');
    for (const f of ['report.json', 'results.csv', 'summary.md']) expect(readFileSync(join(dir, 'a', f), 'utf8'), f).toBe(readFileSync(join(dir, 'b', f), 'utf8'));
    const page = readFileSync(join(dir, 'a', 'index.html'), 'utf8');
    expect(page).toContain('<table class="summary sortable"');
    expect(page).not.toContain('<svg');
  });
});
