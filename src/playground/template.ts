/**
 * `playground.html`: the page shell (layout, styles, empty control and result
 * areas) with the page script and the simulator worker inlined, so one file
 * opens from disk with no server and no network. Built by
 * scripts/build-playground.mjs; `specsim playground` copies it out.
 */

/** Recognises a file specsim wrote (`--out` replaces only these). */
export const PLAYGROUND_MARKER = '<meta name="generator" content="specsim playground">';

/** JSON safe inside a <script> element: `<` only occurs in strings, where `\u003c` is the same text. */
function jsonSafe(doc: unknown): string {
  return JSON.stringify(doc).replace(/</g, '\\u003c');
}

/** Text safe inside a <script> element: no `</script` or `<!--` can end or bend it. */
function scriptSafe(js: string): string {
  return js.replace(/<(\/script|!--)/gi, '\\x3C$1');
}

const CSS = `
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #d9d9de; --bg-alt: #f7f7f8; --err: #b3261e; --focus: #1a73e8; }
* { box-sizing: border-box; }
body { font: 15px/1.45 Helvetica, Arial, sans-serif; color: var(--fg); margin: 0; padding: 1rem 1.5rem 3rem; }
@media (max-width: 600px) { body { padding: .6rem .7rem 2rem; } }
h1 { font-size: 1.45rem; margin: 0 0 .2rem; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 .5rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
main { display: grid; grid-template-columns: minmax(300px, 380px) minmax(0, 1fr); gap: 1.5rem; align-items: start; }
@media (max-width: 900px) { main { grid-template-columns: minmax(0, 1fr); } }
form fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .8rem; padding: .5rem .8rem .7rem; min-width: 0; }
legend { font-weight: bold; padding: 0 .3rem; }
.field { margin: .35rem 0; }
.field label { display: block; font-size: .9rem; color: var(--muted); }
.field input[type=text], .field input[type=number], .field select, .field textarea { width: 100%; font: inherit; padding: .2rem .3rem; }
.field textarea { font: 12px/1.35 ui-monospace, Menlo, monospace; min-height: 6rem; }
.pair { display: grid; grid-template-columns: 1fr 6rem; gap: .5rem; align-items: center; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.error { color: var(--err); font-size: .85rem; margin: .2rem 0 0; overflow-wrap: anywhere; }
.error:empty { display: none; }
[aria-invalid=true] { outline: 2px solid var(--err); }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
button { font: inherit; padding: .25rem .7rem; cursor: pointer; }
.row { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; margin: .3rem 0 .8rem; }
#status { color: var(--muted); min-height: 1.4em; }
#status.busy::before { content: '⏳ '; }
figure { margin: 0 0 1rem; }
figure > div { overflow-x: auto; min-height: 2rem; }
/* Charts scale down to the column (a phone shows the whole chart, smaller) and never beyond their own size. */
figure svg { max-width: 100%; height: auto; }
.hint { color: var(--muted); font-size: .8rem; margin: .1rem 0; }
ul.files { margin: .3rem 0; padding-left: 1.2rem; }
.custom { background: var(--bg-alt); }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .3rem .6rem; z-index: 1; }
details > summary { cursor: pointer; margin: .3rem 0; }
input[type=file] { max-width: 100%; }
#add-kind { width: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: .85rem; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: .2rem .5rem; text-align: right; }
th:first-child, td:first-child, th:nth-child(2), td:nth-child(2) { text-align: left; }
tbody tr:nth-child(even) { background: var(--bg-alt); }
.table-wrap { overflow-x: auto; }
`;

export function playgroundHtml(o: { workerJs: string; pageJs: string; defaultScenario: unknown }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${PLAYGROUND_MARKER}
<title>specsim playground</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#results">Skip to the results</a>
<h1>specsim playground</h1>
<p class="meta">Speculative decoding, simulated in your browser: the same simulator and charts as <code>specsim run</code>, nothing installed, nothing sent. The page's address holds the scenario: copy it to share.</p>
<main>
<form id="controls" aria-label="Scenario" novalidate onsubmit="return false">
<p>Loading the simulator…</p>
</form>
<section id="results" aria-label="Results" aria-busy="true" data-runs="0" data-done="0" data-errors="0" tabindex="-1">
<p id="status" role="status" aria-live="polite">Loading the simulator…</p>
<p class="error" id="error-global" role="alert"></p>
<div id="charts"></div>
<h2>Results</h2>
<div class="table-wrap"><table id="table"><thead></thead><tbody></tbody></table></div>
</section>
</main>
<script type="application/json" id="default-scenario">${jsonSafe(o.defaultScenario)}</script>
<script type="text/plain" id="worker-source">${scriptSafe(o.workerJs)}</script>
<script>${scriptSafe(o.pageJs)}</script>
</body>
</html>
`;
}
