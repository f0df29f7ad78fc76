// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { exampleContracts } from "../../../contracts/examples/index.ts";
import { resetStudioStore, studioStore } from "../../store/index.ts";
import { EditorArea } from "./editor-area.tsx";

// Monaco does not run in jsdom: a labelled textarea stands in for it.
vi.mock("../../../components/editor/monaco/code-editor.tsx", () => ({
  CodeEditor: (p: { label: string; value: string; onChange: (v: string) => void }) => (
    <textarea aria-label={p.label} value={p.value} onChange={(e) => p.onChange(e.target.value)} />
  ),
}));

const s = () => studioStore.getState();
const contract = () => s().entries.k0!.contract;

describe("editor area", () => {
  beforeEach(() => {
    resetStudioStore();
    const [c] = exampleContracts();
    s().hydrate({ entries: { k0: { key: "k0", contract: c!, revision: 1, updatedAt: 0 } }, order: ["k0"], selectedKey: "k0", broken: [] });
  });
  afterEach(cleanup);

  it("has the six editor tabs with tab roles", () => {
    render(<EditorArea />);
    const names = screen.getAllByRole("tab").map((t) => t.textContent?.replace(/[\d,]+$/, "").trim());
    expect(names).toEqual(["Policy", "Task", "Context", "Output", "Tests", "Raw"]);
    expect(screen.getByRole("tab", { name: "Policy" }).getAttribute("aria-selected")).toBe("true");
    expect(screen.getByRole("tabpanel")).toBeTruthy();
  });

  it("a task instruction edit changes the store", () => {
    s().setEditorTab("task");
    render(<EditorArea />);
    fireEvent.change(screen.getByLabelText("Task instruction"), { target: { value: "Triage {{ticket_id}} now" } });
    expect(contract().task.instruction).toBe("Triage {{ticket_id}} now");
  });

  it("adds, reorders and deletes policy rules", () => {
    render(<EditorArea />);
    const n = contract().policy.rules.length;
    fireEvent.click(screen.getByRole("button", { name: "Add policy rule" }));
    expect(contract().policy.rules).toHaveLength(n + 1);
    fireEvent.change(screen.getByLabelText(`Policy rule ${n + 1}`), { target: { value: "Be brief" } });
    fireEvent.click(screen.getByRole("button", { name: `Move policy rule ${n + 1} up` }));
    expect(contract().policy.rules[n - 1]).toBe("Be brief");
    fireEvent.click(screen.getByRole("button", { name: `Remove policy rule ${n}` }));
    expect(contract().policy.rules).not.toContain("Be brief");
  });

  it("adds a context item, opens it, and edits its content", () => {
    s().setEditorTab("context");
    render(<EditorArea />);
    const n = contract().context.items.length;
    fireEvent.click(screen.getByRole("button", { name: "Add context item" }));
    expect(contract().context.items).toHaveLength(n + 1);
    fireEvent.change(screen.getByLabelText("Context item content"), { target: { value: "Refunds take 5 days." } });
    expect(contract().context.items[n]!.content).toBe("Refunds take 5 days.");
    fireEvent.click(screen.getByRole("button", { name: `Delete context item ${n + 1}` }));
    expect(contract().context.items).toHaveLength(n);
  });

  it("keeps unparsable schema text local and the last valid schema in the store", () => {
    s().setEditorTab("output");
    render(<EditorArea />);
    const before = contract().output;
    expect(before.kind).toBe("json_schema");
    fireEvent.change(screen.getByLabelText("Output JSON Schema"), { target: { value: '{"type": "object",' } });
    expect(contract().output).toBe(before);
    expect(screen.getByText(/not valid JSON/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Output JSON Schema"), { target: { value: '{"type": "object"}' } });
    expect(contract().output).toMatchObject({ kind: "json_schema", schema: { type: "object" } });
  });

  it("raw edits that parse update the store; ones that do not list errors and keep it", async () => {
    vi.useFakeTimers();
    s().setEditorTab("raw");
    render(<EditorArea />);
    const raw = screen.getByLabelText("Raw contract JSON") as HTMLTextAreaElement;
    const before = contract();
    fireEvent.change(raw, { target: { value: raw.value.replace(/"name": "[^"]*"/, '"name": "From raw"') } });
    await act(() => vi.advanceTimersByTimeAsync(500));
    expect(contract().name).toBe("From raw");
    fireEvent.change(raw, { target: { value: raw.value.replace(/"format": "[^"]*"/, '"format": "nope"') } });
    await act(() => vi.advanceTimersByTimeAsync(500));
    expect(screen.getByRole("status").textContent).toMatch(/format: unknown format 'nope'/);
    expect(contract().name).toBe("From raw");
    expect(contract().policy).toEqual(before.policy);
    vi.useRealTimers();
  });

  it("shows an issue inline next to its field", () => {
    s().setAssembly("k0", 1, {
      validation: [{ path: "policy.role", message: "describe the assistant's role in a sentence" }],
      result: null,
      failure: null,
      draftHash: null,
    });
    render(<EditorArea />);
    const role = screen.getByLabelText("Role");
    const field = role.closest("[data-field]") as HTMLElement;
    expect(field.dataset.field).toBe("policy.role");
    expect(within(field).getByText(/describe the assistant's role/)).toBeTruthy();
    expect(role.getAttribute("aria-invalid")).toBe("true");
  });
});
