/** `specsim calibrate`: refit a GPU profile's efficiency parameters to step-latency measurements. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveHardware } from '../catalog/hardware.js';
import { dataPath } from '../catalog/data-dir.js';
import { compareRows, fitGpuProfile, meanAbsError } from '../calibrate/fit.js';
import type { GpuProfile } from '../catalog/hardware-schema.js';
import type { MeasurementSet } from '../calibrate/measurements.js';
import { loadMeasurements } from '../calibrate/measurements.js';
import { UserError } from '../errors.js';
import { printJson } from './options.js';

function checkProfile(profile: GpuProfile, set: MeasurementSet) {
  const rows = compareRows(profile, set);
  return { profile, rows, mape: meanAbsError(rows.filter((r) => !r.group.startsWith('decode_eager'))) };
}

export function calibrateCommand(program: Command): void {
  program.command('calibrate')
    .description('fit a GPU profile to measured step latencies (JSONL, the format of data/calibration/)')
    .option('--hardware <id|file>', 'profile whose datasheet peaks to keep', 'h100-sxm')
    .option('--data <file>', 'measurements (JSONL)', dataPath('calibration', 'h100-measurements.jsonl'))
    .option('--write <file>', 'write the fitted profile to this file')
    .option('--check', 'do not refit: compare the profile as it is with the measurements')
    .option('--json', 'print one JSON document')
    .action((f: { hardware: string; data: string; write?: string; check?: boolean; json?: boolean }) => {
      const base = resolveHardware(f.hardware);
      if (base.kind !== 'gpu') throw new UserError('calibration fits GPU profiles only', '--hardware');
      const set = loadMeasurements(f.data);
      const { profile, rows, mape } = f.check ? checkProfile(base, set) : fitGpuProfile(base, set);
      if (f.write) writeFileSync(f.write, `${JSON.stringify(profile, null, 2)}\n`);
      if (f.json) { printJson({ hardware: profile.id, efficiency: profile.efficiency, mape, rows }); return; }
      console.log('| measurement | measured ms | predicted ms | error |');
      console.log('| --- | ---: | ---: | ---: |');
      for (const r of rows) console.log(`| ${r.label} | ${r.measuredMs.toFixed(3)} | ${r.predictedMs.toFixed(3)} | ${(r.error * 100).toFixed(1)}% |`);
      console.log(`\nmean absolute error (graph-captured steps and GEMMs): ${(mape * 100).toFixed(2)}%`);
      console.log(`${f.check ? 'profile' : 'fitted'} efficiency: ${JSON.stringify(profile.efficiency)}`);
    });
}
