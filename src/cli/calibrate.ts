/** `specsim calibrate`: refit a GPU profile's efficiency parameters to step-latency measurements. */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { resolveHardware } from '../hardware/resolve.js';
import { dataPath } from '../catalog/data-dir.js';
import { compareRows, fitGpuProfile, meanAbsError, withoutRows, type FitRow } from '../calibrate/fit.js';
import type { GpuProfile } from '../catalog/hardware-schema.js';
import type { MeasurementSet } from '../calibrate/measurements.js';
import { loadMeasurementFiles } from '../calibrate/measurements.js';
import { oneLine, UserError } from '../errors.js';
import { printJson } from './options.js';
import { writeOwnedFile } from '../report/owned-file.js';
import { mdText } from '../report/escape.js';

function checkProfile(profile: GpuProfile, set: MeasurementSet) {
  const rows = compareRows(profile, set);
  return { profile, rows, mape: meanAbsError(rows.filter((r) => !r.group.startsWith('decode_eager'))) };
}

/** What a profile written by calibrate says in its `source`: how --write recognises a file it may replace. */
const STAMP = 'efficiency fitted by specsim calibrate';

/** Is `text` a profile that `specsim calibrate --write` wrote? */
function isCalibratedProfile(text: string): boolean {
  try {
    const doc = JSON.parse(text) as { kind?: unknown; source?: unknown };
    return doc.kind === 'gpu' && typeof doc.source === 'string' && doc.source.includes(STAMP);
  } catch { return false; }
}

/**
 * Write the fitted profile: a new file, or one calibrate wrote before, or any
 * file with --force; never the measurements or the profile it started from
 * (see report/owned-file.ts).
 */
function writeProfile(path: string, profile: GpuProfile, f: { data: string; hardware: string; force?: boolean }): void {
  const source = profile.source.includes(STAMP) ? profile.source : `${profile.source}; ${STAMP} to ${f.data.split(',').map((x) => basename(x)).join(', ')}`;
  writeOwnedFile(path, `${JSON.stringify({ ...profile, source }, null, 2)}\n`, {
    flag: '--write',
    what: 'the fitted profile',
    inputs: [...f.data.split(',').map((path) => ({ path, flag: '--data' })), ...(looksLikeFile(f.hardware) ? [{ path: f.hardware, flag: '--hardware' }] : [])],
    isOurs: isCalibratedProfile,
    force: f.force === true,
  });
}

/** The H100 measurements: Llama-2-7B, Llama-68M, GEMMs and a copy; Llama-3-8B (grouped-query attention). */
export const DEFAULT_DATA = [dataPath('calibration', 'h100-measurements.jsonl'), dataPath('calibration', 'h100-measurements-llama3-8b.jsonl')];

const looksLikeFile = (s: string): boolean => s.includes('/') || s.endsWith('.json');

export function calibrateCommand(program: Command): void {
  program.command('calibrate')
    .description('fit a GPU profile to measured step latencies (JSONL, the format of data/calibration/)')
    .option('--hardware <id|file>', 'profile whose datasheet peaks to keep', 'h100-sxm')
    .option('--data <files>', 'measurements (JSONL), comma-separated for several files', DEFAULT_DATA.join(','))
    .option('--write <file>', 'write the fitted profile to this file (a new file, or one calibrate wrote; never --data or --hardware)')
    .option('--force', 'let --write replace a file calibrate did not write')
    .option('--check', 'do not refit: compare the profile as it is with the measurements')
    .option('--hold-out <regex>', 'fit without the rows whose label matches (e.g. "llama-68m" or " q(16|32|64) "), then report their error: a test of how the fit transfers')
    .option('--json', 'print one JSON document')
    .action((f: { hardware: string; data: string; write?: string; force?: boolean; check?: boolean; holdOut?: string; json?: boolean }) => {
      const base = resolveHardware(f.hardware);
      if (base.kind !== 'gpu') throw new UserError('calibration fits GPU profiles only', '--hardware');
      const files = f.data.split(',').filter((x) => x.length > 0);
      if (files.length === 0) throw new UserError('no measurement file given', '--data');
      const set = loadMeasurementFiles(files);
      let held: RegExp | undefined;
      if (f.holdOut !== undefined) {
        try { held = new RegExp(f.holdOut); } catch { throw new UserError(`'${oneLine(f.holdOut ?? '', 60)}' is not a regular expression`, '--hold-out'); }
      }
      const kept = held ? withoutRows(set, held) : set;
      if (held && kept.steps.length + kept.gemms.length === 0) {
        throw new UserError(`'${oneLine(f.holdOut ?? '', 60)}' holds out every measurement row; nothing is left to fit (hold out a part, e.g. 'llama-68m')`, '--hold-out');
      }
      const fitted = f.check ? checkProfile(base, set) : fitGpuProfile(base, kept);
      const profile = fitted.profile;
      const rows = held ? compareRows(profile, set) : fitted.rows;
      const graphRows = (rs: FitRow[]) => rs.filter((r) => !r.group.startsWith('decode_eager'));
      const heldRows = held ? graphRows(rows).filter((r) => held!.test(r.label)) : [];
      if (held && heldRows.length === 0) throw new UserError(`no measurement row matches '${f.holdOut}'`, '--hold-out');
      const mape = meanAbsError(graphRows(rows).filter((r) => !held?.test(r.label)));
      const heldOutMape = held ? meanAbsError(heldRows) : null;
      if (f.write !== undefined) writeProfile(f.write, profile, f);
      if (f.json) { printJson({ hardware: profile.id, efficiency: profile.efficiency, mape, heldOutMape, rows }); return; }
      console.log('| measurement | measured ms | predicted ms | error |');
      console.log('| --- | ---: | ---: | ---: |');
      for (const r of rows) console.log(`| ${mdText(r.label)}${held?.test(r.label) ? ' (held out)' : ''} | ${r.measuredMs.toFixed(3)} | ${r.predictedMs.toFixed(3)} | ${(r.error * 100).toFixed(1)}% |`);
      console.log(`\nmean absolute error (graph-captured steps and GEMMs${held ? ' used in the fit' : ''}): ${(mape * 100).toFixed(2)}%`);
      if (heldOutMape !== null) console.log(`mean absolute error of the ${heldRows.length} held-out rows: ${(heldOutMape * 100).toFixed(2)}%`);
      console.log(`${f.check ? 'profile' : 'fitted'} efficiency: ${JSON.stringify(profile.efficiency)}`);
    });
}
