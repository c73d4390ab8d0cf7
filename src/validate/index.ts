/**
 * `specsim validate`: the built-in reference cases, judged. Each case file
 * computes its predictions from the cost model and the closed forms; nothing
 * predicted is written in.
 */
import { dataPath } from '../catalog/data-dir.js';
import { loadMeasurements } from '../calibrate/measurements.js';
import { referenceJson } from './common.js';
import { eagleCases } from './eagle.js';
import { leviathanTable1, leviathanTable1Simulated, leviathanTable2 } from './leviathan.js';
import { medusaCases } from './medusa.js';
import { groqCases, h100Cases, nvidiaCases } from './serving.js';
import { judge, type ValidationCase } from './types.js';
import { engineCases } from './engines.js';
import { vidurCases } from './vidur.js';
import { moeCases } from './moe.js';
import { mtpCases } from './mtp.js';
import { temperatureCases } from './temperature.js';

export type { ValidationCase } from './types.js';

export interface ValidationReport {
  cases: ValidationCase[];
}

export function runValidation(): ValidationReport {
  const headAccuracy = referenceJson<{ table_top1_to_top5: Record<string, number[][]> }>('medusa-head-accuracy.json');
  const trees = referenceJson<{ trees: Record<string, number[][]> }>('medusa-trees.json');
  const eagleTrees = referenceJson<{ trees: Record<string, number[][]> }>('eagle-trees.json');
  const inputs = [
    ...leviathanTable1(),
    ...leviathanTable1Simulated(),
    ...leviathanTable2(),
    ...medusaCases({ headAccuracy, trees }),
    ...eagleCases({ headAccuracy, eagleTrees }),
    ...temperatureCases({ tree: eagleTrees.trees.mc_sim_7b_63!, medusaHead0: headAccuracy.table_top1_to_top5['lmsys/vicuna-7b-v1.3']![0]! }),
    ...groqCases(),
    ...h100Cases(loadMeasurements(dataPath('calibration', 'h100-measurements.jsonl'))),
    ...nvidiaCases(),
    ...engineCases(),
    ...vidurCases(),
    ...moeCases(),
    ...mtpCases(),
  ];
  return { cases: inputs.map(judge) };
}

export function allPass(r: ValidationReport): boolean {
  return r.cases.every((c) => c.pass);
}
