/** The suite's cost in the progress line: the answers' and the grading's, said apart. */
import { describe, expect, it } from "vitest";
import { costText } from "./suite-progress.tsx";

describe("the suite's cost", () => {
  it("says nothing while nothing was priced (or an older record has no figure)", () => {
    expect(costText({})).toBe("");
    expect(costText({ costUsd: 0, gradingCostUsd: 0 })).toBe("");
  });
  it("adds grading to the answers and says both", () => {
    expect(costText({ costUsd: 0.01, gradingCostUsd: 0.002 })).toBe(" · cost $0.012 (answers $0.01, grading $0.002)");
    expect(costText({ costUsd: 0.25 })).toBe(" · cost $0.25");
  });
});
