// @vitest-environment jsdom
/** The case form's context override: base, remove by picking ids, replace, add; errors under their field, named. */
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ContextOverride, TestCase } from "../../contracts/schema/tests.ts";
import { testContract } from "../../contracts/versions/test-contract.ts";
import { ContextOverrideEditor, fieldName, overrideIssues } from "./context-override-editor.tsx";

afterEach(cleanup);

const contract = testContract();
const tc = (context?: ContextOverride): TestCase => ({
  id: "c",
  name: "",
  split: "dev",
  tags: [],
  variables: {},
  assertions: [],
  ...(context ? { context } : {}),
});
const override = (edit: Partial<ContextOverride> = {}): ContextOverride => ({ base: "contract", remove: [], replace: [], add: [], ...edit });

function renderEditor(testCase: TestCase) {
  const onChange = vi.fn();
  render(<ContextOverrideEditor contract={contract} testCase={testCase} index={1} issues={[]} onChange={onChange} />);
  return onChange;
}

describe("the case form's context override", () => {
  it("a case without one says it uses the contract's items, and one click starts one", () => {
    const onChange = renderEditor(tc());
    expect(screen.getByText(/Test 2 context: the contract's 2 items, unchanged/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Change the context for test 2" }));
    expect(onChange).toHaveBeenLastCalledWith(override());
  });

  it("removes items picked from the contract's ids", () => {
    const onChange = renderEditor(tc(override({ remove: ["kb-1"] })));
    expect((screen.getByRole("checkbox", { name: "Test 2 removes kb-1" }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole("checkbox", { name: "Test 2 removes kb-2" }));
    expect(onChange).toHaveBeenLastCalledWith(override({ remove: ["kb-1", "kb-2"] }));
  });

  it("a replacement starts as a copy of the item it replaces, picked by id", () => {
    const onChange = renderEditor(tc(override()));
    fireEvent.click(screen.getByRole("button", { name: "Replace a contract item in test 2" }));
    expect(onChange.mock.lastCall![0].replace).toEqual([contract.context.items[0]]);
  });

  it("adds an item with its id, label, source, content and trust", () => {
    const item = { id: "case-item-1", label: "", kind: "document" as const, source: "", content: "", trusted: false };
    const onChange = renderEditor(tc(override({ add: [item] })));
    fireEvent.change(screen.getByRole("textbox", { name: "Test 2 added item 1 content" }), { target: { value: "The parcel was lost." } });
    expect(onChange).toHaveBeenLastCalledWith(override({ add: [{ ...item, content: "The parcel was lost." }] }));
    fireEvent.click(screen.getByRole("checkbox", { name: /^Test 2 added item 1 is trusted/ }));
    expect(onChange).toHaveBeenLastCalledWith(override({ add: [{ ...item, trusted: true }] }));
  });

  it("an error sits under its field and the list names the field", () => {
    const item = { id: "kb-1", label: "", kind: "document" as const, source: "", content: "x", trusted: false };
    renderEditor(tc(override({ add: [item] })));
    const source = screen.getByRole("textbox", { name: "Test 2 added item 1 source" });
    expect(source.getAttribute("aria-invalid")).toBe("true");
    const problems = within(screen.getByRole("list", { name: "Test 2 context problems" }))
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(problems).toContain("Test 2 added item 1 source: say where this item came from (URL, table+key, tool+call id)");
    expect(problems).toContain(
      "Test 2 added item 1 id: 'kb-1' is already in the contract's packet: give the added item its own id, or replace that item instead",
    );
  });

  it("an id the contract does not have is the assembly's warning, at the field", () => {
    const issues = overrideIssues(contract, { ...tc(override({ remove: ["kb-9"] })), id: contract.tests[0]!.id }, 0, []);
    expect(issues).toEqual([{ path: "tests[0].context.remove[0]", message: "no context item 'kb-9' in the packet to remove", severity: "warning" }]);
  });

  it.each([
    ["tests[1].context.add[0].source", "Test 2 added item 1 source"],
    ["tests[1].context.replace[2].id", "Test 2 replacement 3 replaces"],
    ["tests[1].context.remove[0]", "Test 2 removed item 1"],
    ["tests[1].context.base", "Test 2 context starts from"],
  ])("names %s as %s", (path, name) => {
    expect(fieldName(path, 2)).toBe(name);
  });
});
