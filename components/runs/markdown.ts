/**
 * Model answers as Markdown, made safe to show: marked renders, then every image becomes a
 * plain link (an injected answer must not make the browser fetch a URL that carries data out),
 * and DOMPurify removes scripts, iframes, styles, forms, media and event attributes. Parsing
 * happens in an inert <template>, which loads nothing. Links open in a new tab without referrer.
 */
import DOMPurify from "dompurify";
import { Marked } from "marked";

const marked = new Marked({ async: false, gfm: true, breaks: false });

const FORBID_TAGS = [
  "style",
  "script",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "link",
  "meta",
  "base",
  "form",
  "input",
  "button",
  "textarea",
  "select",
  "svg",
  "math",
  "img",
  "picture",
  "source",
  "video",
  "audio",
  "track",
  "canvas",
  "template",
  "noscript",
];
const FORBID_ATTR = ["style", "src", "srcset", "background", "poster", "action", "formaction", "ping", "xlink:href", "class", "id"];
const SAFE_URL = /^(?:https?:|mailto:|#)/i;

/** Replaces each <img> with a link to its source (text: its alt or the URL), in an inert fragment. */
function imagesToLinks(root: DocumentFragment): void {
  for (const img of [...root.querySelectorAll("img")]) {
    const src = img.getAttribute("src") ?? "";
    const alt = img.getAttribute("alt") ?? "";
    const doc = img.ownerDocument;
    const a = doc.createElement("a");
    if (SAFE_URL.test(src)) a.setAttribute("href", src);
    a.textContent = `image: ${alt || src || "(no address)"}`;
    img.replaceWith(a);
  }
}

export function renderMarkdownSafe(markdown: string): string {
  const html = marked.parse(markdown) as string;
  const template = document.createElement("template");
  template.innerHTML = html;
  imagesToLinks(template.content);
  return sanitizer().sanitize(template.innerHTML, { FORBID_TAGS, FORBID_ATTR, ALLOW_DATA_ATTR: false, ADD_ATTR: ["target"] });
}

let purifier: ReturnType<typeof DOMPurify> | null = null;

/** One DOMPurify instance of our own, so the link hook does not touch anyone else's. */
function sanitizer(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const purify = DOMPurify(window);
  purify.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName === "A") {
      const href = node.getAttribute("href");
      if (href && !SAFE_URL.test(href)) node.removeAttribute("href");
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer nofollow");
      node.setAttribute("referrerpolicy", "no-referrer");
    }
  });
  purifier = purify;
  return purify;
}
