/**
 * The playground's charts, rendered cheaply on every update. Compiling a
 * Vega-Lite spec and parsing the Vega spec cost more than running it, and a
 * slider move usually changes only the data (the titles, colour domains and
 * axis ticks stay). So each chart keeps its compiled View, keyed by the spec
 * without its data; when the next spec has the same skeleton the View gets
 * the new rows (`view.data`) and runs again, else it is compiled afresh.
 * The SVG is the same document `renderSvg` gives for the whole spec
 * (test/playground-views.test.ts checks it byte for byte).
 */
import type { View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { vegaLib, viewSvg } from '../report/render-svg.js';

/** The data source name the skeleton reads its rows from. */
const ROWS = 'rows';

interface Kept { skeleton: string; view: View }

export class ChartViews {
  readonly #kept = new Map<string, Kept>();
  /** How many renders reused a View (for the page's status line and the benchmark). */
  reused = 0;
  compiled = 0;

  /** `spec` (inline data at the top level, as every chart builder gives) → SVG, reusing chart `name`'s View when only the data changed. */
  render(name: string, spec: TopLevelSpec): string {
    const { vega, compile } = vegaLib();
    const { data, ...rest } = spec as TopLevelSpec & { data?: { values?: unknown[] } };
    const values = data?.values;
    if (!Array.isArray(values)) throw new Error(`chart ${name}: expected inline data at the top level`);
    const skeleton = JSON.stringify({ ...rest, data: { name: ROWS } });
    let kept = this.#kept.get(name);
    if (kept?.skeleton !== skeleton) {
      kept?.view.finalize();
      const compiled = compile(JSON.parse(skeleton) as TopLevelSpec).spec;
      kept = { skeleton, view: new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error }) };
      this.#kept.set(name, kept);
      this.compiled++;
    } else {
      this.reused++;
    }
    vega.resetSVGDefIds();
    // structuredClone: vega annotates the rows it is given (tuple ids), and the builder's rows may be shared.
    kept.view.data(ROWS, structuredClone(values));
    kept.view.run();
    return viewSvg(kept.view);
  }

  /** Forget a chart that has no data this time (e.g. no speedup without a baseline). */
  drop(name: string): void {
    this.#kept.get(name)?.view.finalize();
    this.#kept.delete(name);
  }
}
