/**
 * Links and images to outside hosts in an answer: the channel an injected instruction uses to
 * carry data out (a Markdown image whose URL holds the conversation is fetched by the chat UI
 * the moment it renders). Found: Markdown links and images `[t](url)` / `![a](url)`, reference
 * definitions `[r]: url`, autolinks `<https://…>`, HTML `src=` / `href=`, and bare http(s) URLs.
 */
export interface FoundLink {
  url: string;
  host: string;
  image: boolean;
}

const URL_TEXT = String.raw`(?:https?:)?\/\/[^\s)"'<>\]]+`;
export const LINK_PATTERNS: { re: RegExp; image: (m: RegExpExecArray) => boolean }[] = [
  { re: new RegExp(String.raw`(!?)\[[^\]\n]*\]\(\s*<?(${URL_TEXT})`, "gi"), image: (m) => m[1] === "!" },
  { re: new RegExp(String.raw`()^\s{0,3}\[[^\]\n]+\]:\s*<?(${URL_TEXT})`, "gim"), image: () => false },
  {
    re: new RegExp(String.raw`<(img|a|iframe|script|link|source)\b[^>]*?\b(?:src|href|srcset)\s*=\s*["']?(${URL_TEXT})`, "gi"),
    image: (m) => m[1]!.toLowerCase() === "img",
  },
  { re: new RegExp(String.raw`()(?<![\w/])(https?:\/\/[^\s)"'<>\]]+)`, "gi"), image: () => false },
];

function hostOf(url: string): string | null {
  try {
    return new URL(url.startsWith("//") ? `https:${url}` : url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Every http(s) link and image in the text, images first when one URL is both. */
export function findLinks(text: string): FoundLink[] {
  const byUrl = new Map<string, FoundLink>();
  for (const { re, image } of LINK_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const url = m[2]!;
      const host = hostOf(url);
      if (!host) continue;
      const prev = byUrl.get(url);
      byUrl.set(url, { url, host, image: (prev?.image ?? false) || image(m as RegExpExecArray) });
    }
  }
  return [...byUrl.values()];
}

/** Is `host` one of `allowed`, or a subdomain of one? */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => {
    const h = a.toLowerCase().replace(/^\*?\./, "");
    return host === h || host.endsWith(`.${h}`);
  });
}
