/**
 * src/v8-flags.ts: TurboFan is switched off only in a CLI run, on again after
 * the work even when it throws, and never switched on in a process that was
 * started with its own say on the optimizer (or that only imports the library).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeFlagsTouchOptimizer, withoutOptimizer } from '../src/v8-flags.js';

// The built module (npm test builds first): a child node runs it.
const BUILT = pathToFileURL(resolve('dist/src/v8-flags.js')).href;

/** Whether V8 optimizes a hot function, inside and after `withoutOptimizer` (whose work throws), in a fresh node. */
function optimizedInOut(opts: { cli: boolean; nodeFlags: string[] }): { inside: boolean; after: boolean } {
  const script = `
    import { setCliV8Flags, withoutOptimizer } from ${JSON.stringify(BUILT)};
    ${opts.cli ? 'setCliV8Flags();' : ''}
    const optimized = () => {
      const f = new Function('x', 'return x + 1');
      %PrepareFunctionForOptimization(f); f(1); f(2); %OptimizeFunctionOnNextCall(f); f(3);
      return (%GetOptimizationStatus(f) & 16) !== 0;
    };
    let inside;
    try { withoutOptimizer(() => { inside = optimized(); throw new Error('boom'); }); } catch {}
    process.stdout.write(JSON.stringify({ inside, after: optimized() }));`;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', ...opts.nodeFlags, '--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { inside: boolean; after: boolean };
}

describe('withoutOptimizer', () => {
  it('returns f\'s value and passes its error on', () => {
    expect(withoutOptimizer(() => 7)).toBe(7);
    expect(() => withoutOptimizer(() => { throw new Error('boom'); })).toThrow('boom');
  });

  it('names the node flags that say something about the optimizer', () => {
    expect(nodeFlagsTouchOptimizer(['--no-turbofan'], undefined)).toBe(true);
    expect(nodeFlagsTouchOptimizer([], '--max-old-space-size=4096 --jitless')).toBe(true);
    expect(nodeFlagsTouchOptimizer(['--no_opt'], undefined)).toBe(true);
    expect(nodeFlagsTouchOptimizer(['--optimize-for-size', '--enable-source-maps'], '--max-old-space-size=4096')).toBe(false);
  });

  it('in a CLI run: off inside, on again after f throws', () => {
    expect(optimizedInOut({ cli: true, nodeFlags: [] })).toEqual({ inside: false, after: true });
  });

  it('a library user\'s process keeps its flags: nothing switched', () => {
    expect(optimizedInOut({ cli: false, nodeFlags: [] })).toEqual({ inside: true, after: true });
    expect(optimizedInOut({ cli: false, nodeFlags: ['--no-turbofan'] })).toEqual({ inside: false, after: false });
  });

  it('a CLI run started with --no-turbofan keeps it off after the work', () => {
    expect(optimizedInOut({ cli: true, nodeFlags: ['--no-turbofan'] })).toEqual({ inside: false, after: false });
  });
});
