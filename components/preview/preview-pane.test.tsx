// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { assemble, loadEncoding } from "../../contracts/index.ts";
import { exampleContracts } from "../../contracts/examples/index.ts";
import { PreviewPane } from "./preview-pane.tsx";
import { chunkSegments, segmentMessage, spanMatches } from "./segments.ts";

afterEach(cleanup);

describe("segmentMessage", () => {
  it("attributes each run of text to the innermost span", () => {
    const segs = segmentMessage(10, [
      { message: 0, start: 0, end: 10, field: "task.instruction" },
      { message: 0, start: 3, end: 5, field: "variables[0]" },
    ]);
    expect(segs).toEqual([
      { start: 0, end: 3, field: "task.instruction" },
      { start: 3, end: 5, field: "variables[0]" },
      { start: 5, end: 10, field: "task.instruction" },
    ]);
  });
});

describe("chunkSegments", () => {
  it("cuts only after a line end, keeps every segment once, and covers the text exactly", () => {
    const text = "aaaa\nbb\ncccc\ndd";
    const segs = segmentMessage(text.length, [
      { message: 0, start: 0, end: 5, field: "task.instruction" },
      { message: 0, start: 5, end: 8, field: "context.items[0]" },
      { message: 0, start: 8, end: 16, field: "context.items[1]" },
    ]);
    const chunks = chunkSegments(text, segs, 4);
    expect(chunks.map((c) => text.slice(c.start, c.end))).toEqual(["aaaa\n", "bb\ncccc\ndd"]);
    expect(chunks.flatMap((c) => c.segments)).toEqual(segs);
    for (const c of chunks.slice(0, -1)) expect(text[c.end - 1]).toBe("\n");
  });

  it("keeps a message without line ends in one block", () => {
    const text = "x".repeat(5000);
    expect(chunkSegments(text, segmentMessage(text.length, []), 100)).toHaveLength(1);
  });
});

describe("spanMatches", () => {
  it.each([
    ["policy.rules[1]", "policy.rules[1]", true],
    ["policy.rules", "policy.rules[1]", true],
    ["context.items[2].content", "context.items[2]", true],
    ["policy.rules[1]", "policy", false],
    ["policy.rules[1]", "policy.rules[2]", false],
  ])("highlight %s lights a span of %s: %s", (h, f, want) => expect(spanMatches(h, f)).toBe(want));
});

describe("preview pane", () => {
  it("renders messages as text with spans linked to fields, and selects a field on click", async () => {
    await loadEncoding("o200k_base");
    const [c] = exampleContracts();
    const hostile = {
      ...c!,
      context: {
        ...c!.context,
        items: [{ id: "x", label: "", kind: "document" as const, source: "s", content: "<img src=x onerror=alert(1)>", trusted: false }],
      },
    };
    const result = assemble(hostile, {}, { encoding: "o200k_base" });
    const onSelect = vi.fn();
    const onHover = vi.fn();
    const { container } = render(
      <PreviewPane
        result={result}
        issues={[]}
        failure={null}
        encoding="o200k_base"
        onEncodingChange={() => {}}
        busy={false}
        hasContract
        highlight="policy.role"
        onHoverField={onHover}
        onSelectField={onSelect}
      />,
    );
    expect(container.querySelector("img")).toBeNull();
    expect(container.textContent).toContain("<img src=x onerror=alert(1)>");
    const span = container.querySelector('[data-field="policy.role"]') as HTMLElement;
    expect(span.className).toMatch(/bg-amber/);
    fireEvent.mouseEnter(span);
    expect(onHover).toHaveBeenCalledWith("policy.role");
    fireEvent.click(span);
    expect(onSelect).toHaveBeenCalledWith("policy.role");
    expect(screen.getByTestId("preview-total-tokens").textContent).toContain(String(result.tokens!.total.toLocaleString("en-US")));
    fireEvent.click(screen.getByRole("button", { name: "Raw body" }));
    expect(screen.getByTestId("raw-body").textContent).toBe(result.body);
  });

  it.each([
    ["exact", "7,841 tokensexact, from the server", "o200k_base, estimate"],
    ["updating", "7,841 tokensfrom the server, updating…", "o200k_base, estimate"],
    ["estimate", "7,841 tokensestimate", "o200k_base, estimate"],
    ["openai", "7,841 tokens", "o200k_base)"],
  ] as const)("labels a %s count, and the per-section counts as estimates unless the model is OpenAI's", async (basis, total, sections) => {
    await loadEncoding("o200k_base");
    const [c] = exampleContracts();
    const result = assemble(c!, {}, { encoding: "o200k_base" });
    render(
      <PreviewPane
        result={result}
        issues={[]}
        failure={null}
        encoding="o200k_base"
        onEncodingChange={() => {}}
        busy={false}
        hasContract
        highlight={null}
        onHoverField={() => {}}
        onSelectField={() => {}}
        promptCount={{ tokens: 7841, basis, note: "why" }}
      />,
    );
    expect(screen.getByTestId("preview-total-tokens").textContent).toBe(total);
    expect(screen.getByRole("region", { name: "Token counts" }).textContent).toContain(`Tokens by section (${sections}`);
  });
});
