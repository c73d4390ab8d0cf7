/**
 * A validation case: one published figure or measurement, specsim's
 * prediction of it under the stated conditions, and the verdict.
 */

/**
 * How `predicted` is judged against `reference`:
 * - `relative`: |predicted − reference| / reference ≤ tolerance;
 * - `absolute`: |predicted − reference| ≤ tolerance (for quantities near 0, e.g. a MAPE);
 * - `atLeast` / `atMost`: a one-sided claim (e.g. "the speedup falls"), predicted ≥ / ≤ reference.
 */
export type Comparison = 'relative' | 'absolute' | 'atLeast' | 'atMost';

export interface ValidationCase {
  id: string;
  /** Begins with the source's short name (`leviathan`, `medusa`, `eagle`, `groq`, `h100`, `nim`, `trtllm`, …), then paper/table. */
  source: string;
  /** Hardware, model, method, batch, and whatever else the figure depends on. */
  conditions: string;
  /** The published or measured value. */
  reference: number;
  /** specsim's prediction, computed from the model (never written in). */
  predicted: number;
  /** Signed relative error (predicted − reference) / reference; absolute difference for `absolute`. */
  error: number;
  tolerance: number;
  pass: boolean;
  compare: Comparison;
  unit: string;
  /** Why the tolerance is what it is, in one sentence. */
  why: string;
  /** Overheads or assumptions modelled for this case (e.g. an eager Hugging Face loop), and how the prediction is derived. */
  note?: string;
  /**
   * Numbers the case derives besides `predicted` (inputs it assumed, what-ifs
   * quoted in `note`), by name, so documents can quote them without retyping.
   */
  facts?: Record<string, number>;
  /** `in`: the figure was used to fit a constant the prediction depends on (it checks the fit); `out`: it was not. */
  sample?: 'in' | 'out';
}

/** A case before it is judged. */
export type CaseInput = Omit<ValidationCase, 'error' | 'pass' | 'compare'> & { compare?: Comparison };

export function judge(c: CaseInput): ValidationCase {
  const compare = c.compare ?? 'relative';
  const diff = c.predicted - c.reference;
  const error = compare === 'absolute' ? diff : diff / c.reference;
  let pass: boolean;
  switch (compare) {
    case 'relative': case 'absolute': pass = Math.abs(error) <= c.tolerance + 1e-12; break;
    case 'atLeast': pass = c.predicted >= c.reference * (1 - c.tolerance); break;
    case 'atMost': pass = c.predicted <= c.reference * (1 + c.tolerance); break;
  }
  if (!Number.isFinite(c.predicted)) pass = false;
  const { id, source, conditions, reference, predicted, tolerance, unit, why, note, facts, sample } = c;
  return { id, source, conditions, reference, predicted, error, tolerance, pass, compare, unit, why, ...(note !== undefined ? { note } : {}), ...(facts !== undefined ? { facts } : {}), ...(sample !== undefined ? { sample } : {}) };
}
