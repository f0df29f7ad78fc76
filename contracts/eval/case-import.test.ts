import { describe, expect, it } from "vitest";
import { parseContract } from "../parse.ts";
import type { Contract } from "../schema/contract.ts";
import { importCsvCases, importErrorLine, importJsonlCases, parseCsv } from "./case-import.ts";

function contract(): Contract {
  const r = parseContract({
    format: "contract-studio/contract@2",
    id: "orders",
    name: "Orders",
    policy: { role: "r" },
    task: { instruction: "{{question}} {{amount}} {{urgent}} {{tier}} {{meta}}" },
    variables: [
      { name: "question", type: "string" },
      { name: "amount", type: "number", required: false },
      { name: "urgent", type: "boolean", required: false },
      { name: "tier", type: "enum", options: ["free", "pro"], required: false },
      { name: "meta", type: "json", required: false },
    ],
    output: { kind: "text" },
    tests: [{ id: "existing" }],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe("CSV (RFC 4180)", () => {
  it("reads quotes, doubled quotes, commas and line breaks inside quotes, CRLF and a BOM", () => {
    const r = parseCsv('\ufeffa,b\r\n"x, ""y""","line 1\nline 2"\r\n\r\nlast,\n');
    expect(r).toEqual({
      ok: true,
      rows: [
        { row: 1, cells: ["a", "b"] },
        { row: 2, cells: ['x, "y"', "line 1\nline 2"] },
        { row: 5, cells: ["last", ""] },
      ],
    });
  });

  it.each([
    ['a\n"open', { row: 2, column: null, message: "a quoted field is never closed" }],
    ['a\nx"y', { row: 2, column: null, message: expect.stringMatching(/^a quote inside an unquoted field \(column 1\)/) }],
    ['a,b\n"x"y,z', { row: 2, column: null, message: "text after a closing quote (column 1)" }],
  ])("refuses %j with the row", (text, error) => {
    expect(parseCsv(text)).toEqual({ ok: false, error });
  });
});

describe("importing cases", () => {
  it("maps columns to variables, typed by the contract", () => {
    const csv =
      'id,name,split,tags,question,amount,urgent,tier,meta\nlate,Late parcel,holdout,shipping; vip,"Where, is it?",12.5,yes,pro,"{""a"":1}"\n,,,,Hi,,,,\n';
    const r = importCsvCases(contract(), csv);
    expect(r.errors).toEqual([]);
    expect(r.cases.map((c) => [c.id, c.name, c.split, c.tags, c.variables])).toEqual([
      ["late", "Late parcel", "holdout", ["shipping", "vip"], { question: "Where, is it?", amount: 12.5, urgent: true, tier: "pro", meta: { a: 1 } }],
      ["imported-2", "", "dev", [], { question: "Hi" }],
    ]);
  });

  it("names the row and column of each bad value, and imports the good rows", () => {
    const csv = "question,amount,urgent,tier,split\nok,1,no,free,dev\nbad,ten,maybe,gold,test\n";
    const r = importCsvCases(contract(), csv);
    expect(r.cases).toHaveLength(1);
    expect(r.errors.map(importErrorLine)).toEqual([
      'row 3, column amount: "ten" is not a number',
      'row 3, column urgent: "maybe" is not true or false (also yes/no, 1/0)',
      'row 3, column tier: "gold" is not one of: free, pro',
      'row 3, column split: "test" is not a split: use dev, holdout, adversarial',
    ]);
  });

  it("refuses unknown columns, a short row and an existing id", () => {
    expect(importCsvCases(contract(), "question,colour\nx,red\n").errors.map(importErrorLine)).toEqual([
      "row 1, column colour: is not a variable of 'Orders' (its variables: question, amount, urgent, tier, meta) nor id, name, split or tags",
    ]);
    expect(importCsvCases(contract(), "id,question\nexisting,x\nnew\n").errors.map(importErrorLine)).toEqual([
      "row 2, column id: a test case 'existing' already exists",
      "row 3: has 1 fields; the header has 2",
    ]);
  });

  it("reads JSONL: flat lines or whole cases, with the line and key of each error", () => {
    const text = [
      '{"id": "a", "question": "x", "amount": 3, "tags": ["t"]}',
      "",
      '{"id": "b", "variables": {"question": "y"}, "assertions": [{"type": "contains", "value": "y"}], "split": "adversarial"}',
      '{"question": "z", "amount": "3"}',
      "{oops",
      '{"id": "c", "assertions": [{"type": "contains"}]}',
    ].join("\n");
    const r = importJsonlCases(contract(), text);
    expect(r.cases.map((c) => [c.id, c.split, c.variables, c.assertions.length])).toEqual([
      ["a", "dev", { question: "x", amount: 3 }, 0],
      ["b", "adversarial", { question: "y" }, 1],
    ]);
    expect(r.errors.map(importErrorLine)).toEqual([
      "row 4, column amount: must be a number (declared type number)",
      expect.stringMatching(/^row 5: is not valid JSON/),
      expect.stringMatching(/^row 6, column assertions: assertions\[0\]\.value: /),
    ]);
  });
});
