/**
 * Headless rendering of a Vega-Lite spec to an SVG string with `vega`'s SVG
 * string renderer: no browser, no canvas (text widths are estimated).
 *
 * `renderSvg` is synchronous so it can run inside the synchronous atomic
 * report writer: it drives the same steps as vega's `view.toSVG()` (run the
 * dataflow, then an `SVGStringRenderer` sized like the view) without awaiting,
 * which is safe because every chart carries its data inline (nothing to load).
 * A test checks it is byte-identical to `renderSvgAsync` (the public API).
 * SVG def ids (clip paths) are reset per chart, so output is deterministic.
 *
 * vega and vega-lite are loaded on first use (`loadVega`, or `useVega` with
 * the CLI's prebuilt bundle: report/vega-bundle.ts; the report writer does
 * this before it writes), not at start-up: they are most of the CLI's
 * start-up cost, and `--no-charts` or `specsim cost` never need them.
 */
import type * as Vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';

/** What rendering needs of the two packages. */
export interface VegaLib { vega: typeof Vega; compile: typeof import('vega-lite').compile }

let lib: VegaLib | undefined;

/** Load vega and vega-lite once (their ES modules); `renderSvg` needs this done, or `useVega`. */
export async function loadVega(): Promise<void> {
  if (lib) return;
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  lib ??= { vega, compile: vl.compile };
}

/** Render with vega and vega-lite as the caller loaded them (the CLI: its prebuilt bundle, report/vega-bundle.ts), unless loaded already. */
export function useVega(l: VegaLib): void {
  lib ??= l;
}

/** Whether vega and vega-lite are loaded (by `loadVega` or `useVega`). */
export function vegaLoaded(): boolean {
  return lib !== undefined;
}

function loaded(): NonNullable<typeof lib> {
  if (!lib) throw new Error('renderSvg before loadVega(): await loadVega() first');
  return lib;
}

/** The view internals `toSVG()` reads (vega-view's width/height/offset helpers). */
interface ViewInternals {
  _viewWidth: number;
  _viewHeight: number;
  _origin: [number, number];
  _scenegraph: { root: unknown };
}

/** vega's headless SVG renderer (exported at runtime by vega-scenegraph; absent from vega's typings). */
interface SvgStringRenderer {
  initialize(el: null, width: number, height: number, origin: [number, number], scaleFactor: number): SvgStringRenderer;
  background(color: unknown): SvgStringRenderer;
  render(scene: unknown): SvgStringRenderer;
  svg(): string | null;
}
type SvgStringRendererCtor = new (loader: unknown) => SvgStringRenderer;

function makeView(spec: TopLevelSpec): Vega.View {
  const { vega, compile } = loaded();
  return new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', logLevel: vega.Error });
}

/** Render a Vega-Lite spec (inline data only) to a standalone SVG document, synchronously (after `loadVega`). */
export function renderSvg(spec: TopLevelSpec): string {
  const { vega } = loaded();
  vega.resetSVGDefIds();
  const view = makeView(spec);
  try {
    view.run();
    return viewSvg(view);
  } finally {
    view.finalize();
  }
}

/** vega and vega-lite, loaded (after `loadVega`): for callers that keep a View and change its data (the playground). */
export function vegaLib(): VegaLib {
  return loaded();
}

/** The SVG document of a view whose dataflow has run: what `view.toSVG()` gives, synchronously. */
export function viewSvg(view: Vega.View): string {
  const { vega } = loaded();
  const v = view as unknown as ViewInternals;
  const p = view.padding() as { left: number; right: number; top: number; bottom: number };
  const width = Math.max(0, v._viewWidth + p.left + p.right);
  const height = Math.max(0, v._viewHeight + p.top + p.bottom);
  const Renderer = (vega as unknown as { SVGStringRenderer: SvgStringRendererCtor }).SVGStringRenderer;
  const renderer = new Renderer(view.loader())
    .initialize(null, width, height, [p.left + v._origin[0], p.top + v._origin[1]], 1)
    .background(view.background());
  renderer.render(v._scenegraph.root);
  const svg = renderer.svg();
  if (!svg) throw new Error('vega rendered no SVG');
  return svg;
}

/** The same through vega's public asynchronous API (`view.toSVG()`). */
export async function renderSvgAsync(spec: TopLevelSpec): Promise<string> {
  await loadVega();
  const { vega } = loaded();
  vega.resetSVGDefIds();
  const view = makeView(spec);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Make an SVG's element ids unique within a page that inlines several SVGs:
 * vega names clip paths `clip1`, `clip2`, ... in every document.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}-${id}"`);
}
