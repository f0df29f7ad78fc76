// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Variable } from "../../contracts/index.ts";
import { VariableValueInput } from "./variable-value-input.tsx";

afterEach(cleanup);

const variable = (type: Variable["type"], extra: Partial<Variable> = {}): Variable => ({ name: "v", type, description: "", required: true, ...extra });

function renderInput(v: Variable, value: unknown) {
  const onChange = vi.fn();
  render(<VariableValueInput variable={v} value={value} onChange={onChange} label="Test value" path="variables[0].testValue" issues={[]} />);
  return onChange;
}

describe("a variable's value input", () => {
  it("clearing a text value unsets it, so a required variable reports itself missing", () => {
    const onChange = renderInput(variable("string"), "ticket 1");
    fireEvent.change(screen.getByLabelText("Test value"), { target: { value: "" } });
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it("typing text keeps it as a string", () => {
    const onChange = renderInput(variable("string"), undefined);
    fireEvent.change(screen.getByLabelText("Test value"), { target: { value: "42" } });
    expect(onChange).toHaveBeenLastCalledWith("42");
  });

  it("a number variable gets a number, and cleared is unset", () => {
    const onChange = renderInput(variable("number"), 3);
    const input = screen.getByLabelText("Test value");
    fireEvent.change(input, { target: { value: "7.5" } });
    expect(onChange).toHaveBeenLastCalledWith(7.5);
    fireEvent.change(input, { target: { value: "" } });
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });
});
