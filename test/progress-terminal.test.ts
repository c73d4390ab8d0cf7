/**
 * The progress bar leaves the terminal as it found it on every exit path
 * (it never hides the cursor, so Ctrl-C mid-run cannot leave it hidden) and
 * its ETA is elapsed × remaining / done, never "0s" before the end.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createProgress, etaText } from '../src/cli/progress.js';

const tty = () => Object.assign(new PassThrough(), { isTTY: true, columns: 160, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });

describe('progress bar', () => {
  test('ETA: nothing until 5% and 2 s, then elapsed × remaining / done', () => {
    expect(etaText(500, 0.5)).toBe('…');
    expect(etaText(10_000, 0.01)).toBe('…');
    expect(etaText(3000, 0.25)).toBe('9s');
    expect(etaText(60_000, 0.5)).toBe('1m 00s');
    expect(etaText(3_600_000, 0.25)).toBe('3h 00m');
    expect(etaText(3000, 1)).toBe('0s');
  });

  test('the bar never hides the cursor and shows a truthful ETA a quarter of the way in', () => {
    let t = 0;
    const stream = tty();
    let out = '';
    stream.on('data', (d: Buffer) => { out += d.toString(); });
    const p = createProgress({ stream, now: () => t, delayMs: 1000 });
    p.onProgress({ done: 0.1, total: 4, hardware: 'h100-sxm', method: 'eagle', batch: 1 });
    t = 1500;
    p.onProgress({ done: 0.5, total: 4, hardware: 'h100-sxm', method: 'eagle', batch: 1 });
    t = 3000;
    p.onProgress({ done: 1, total: 4, hardware: 'h100-sxm', method: 'eagle', batch: 8 });
    expect(p.shown).toBe(true);
    p.stop();
    expect(out).not.toContain('\u001b[?25l'); // DECTCEM hide
    expect(out).toContain('eta 9s');
    expect(out).not.toMatch(/eta 0s/);
  });
});
