/**
 * The reference data shipped in `data/reference/` (Medusa and EAGLE trees,
 * Medusa-1 head accuracies), each file read once.
 */
import { dataPath } from './data-dir.js';
import { readJsonFile } from './json-file.js';

const cache = new Map<string, unknown>();

/** A JSON file of `data/reference/`, parsed once. */
export function referenceJson<T>(file: string): T {
  if (!cache.has(file)) cache.set(file, readJsonFile(dataPath('reference', file)));
  return cache.get(file) as T;
}

export const MEDUSA_ACCURACY_SIZES = ['7b', '13b', '33b'] as const;
export type MedusaAccuracySize = (typeof MEDUSA_ACCURACY_SIZES)[number];

/** Medusa-1 head accuracies of Vicuna-`size` v1.3: per head (head i fills tree depth i + 1), cumulative top-1..top-5. */
export function medusaHeadAccuracy(size: MedusaAccuracySize): number[][] {
  const doc = referenceJson<{ table_top1_to_top5: Record<string, number[][]> }>('medusa-head-accuracy.json');
  const rows = doc.table_top1_to_top5[`lmsys/vicuna-${size}-v1.3`];
  if (!rows) throw new Error(`medusa-head-accuracy.json has no vicuna-${size} table`);
  return rows;
}
