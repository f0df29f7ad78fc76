/**
 * Test cases from a spreadsheet or a log (issue 8 item 3, the pure half): CSV (RFC 4180) or
 * JSONL in, cases and errors out. The app's import dialog and the CLI read the file; this
 * parses it.
 *
 * Columns (CSV header, or JSONL keys): `id`, `name`, `split` (dev, holdout, adversarial),
 * `tags` (separated by `;` or `|` in CSV, an array in JSONL) are the case's own; every other
 * column is a variable of the contract, by name, typed by its declared type (number, boolean:
 * true/false/yes/no/1/0, enum: one of its options, json: parsed). An empty CSV cell leaves the
 * variable out (its test value or default applies). A JSONL line may instead be a whole test
 * case (`variables`, `assertions`, `context` keys), read by the test-case schema.
 *
 * Errors name the row and the column: CSV rows are counted as a spreadsheet shows them (the
 * header is row 1), JSONL rows are line numbers. Rows with errors are left out; the rest import.
 */
import { fromZodError } from "../errors.ts";
import type { Contract } from "../schema/contract.ts";
import type { Variable } from "../schema/task.ts";
import { TEST_SPLITS, TestCaseSchema, type TestCase } from "../schema/tests.ts";

export interface ImportError {
  /** 1-based: CSV row as a spreadsheet shows it (header = 1), or JSONL line. */
  row: number;
  /** The column's header (CSV) or key (JSONL); null for the whole row. */
  column: string | null;
  message: string;
}

export interface ImportResult {
  cases: TestCase[];
  errors: ImportError[];
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180: quoted fields, "" for a quote, CRLF or LF, line breaks inside quotes)

export type CsvParse = { ok: true; rows: { row: number; cells: string[] }[] } | { ok: false; error: ImportError };

export function parseCsv(text: string): CsvParse {
  const rows: { row: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let rowStart = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a spreadsheet's byte order mark
  let quoted = false;
  let wasQuoted = false;
  const endCell = () => {
    cells.push(cell);
    cell = "";
    wasQuoted = false;
  };
  const endRow = () => {
    endCell();
    // A blank line is no row (a trailing newline, or spacing in a hand-written file).
    if (!(cells.length === 1 && cells[0] === "")) rows.push({ row: rowStart, cells });
    cells = [];
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        cell += c;
      }
    } else if (c === '"') {
      if (cell !== "" || wasQuoted)
        return {
          ok: false,
          error: {
            row: line,
            column: null,
            message: `a quote inside an unquoted field (column ${cells.length + 1}): quote the whole field and double the quote ("")`,
          },
        };
      quoted = true;
      wasQuoted = true;
    } else if (c === ",") endCell();
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
      rowStart = line;
    } else {
      if (wasQuoted) return { ok: false, error: { row: line, column: null, message: `text after a closing quote (column ${cells.length + 1})` } };
      cell += c;
    }
  }
  if (quoted) return { ok: false, error: { row: rowStart, column: null, message: "a quoted field is never closed" } };
  if (cell !== "" || cells.length || wasQuoted) endRow();
  return { ok: true, rows };
}

// ---------------------------------------------------------------------------------------------
// Values

type Typed = { ok: true; value: unknown } | { ok: false; message: string };

/** A CSV cell as the variable's declared type. */
export function cellValue(v: Variable, text: string): Typed {
  switch (v.type) {
    case "string":
      return { ok: true, value: text };
    case "number": {
      const n = Number(text.trim());
      return text.trim() !== "" && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: `"${text}" is not a number` };
    }
    case "boolean": {
      const t = text.trim().toLowerCase();
      if (["true", "yes", "1"].includes(t)) return { ok: true, value: true };
      if (["false", "no", "0"].includes(t)) return { ok: true, value: false };
      return { ok: false, message: `"${text}" is not true or false (also yes/no, 1/0)` };
    }
    case "enum":
      return (v.options ?? []).includes(text) ? { ok: true, value: text } : { ok: false, message: `"${text}" is not one of: ${(v.options ?? []).join(", ")}` };
    case "json":
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch (e) {
        return { ok: false, message: `is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
      }
  }
}

/** A JSONL value checked against the variable's declared type (no coercion: JSON has types). */
function jsonValue(v: Variable, value: unknown): Typed {
  const ok = { ok: true as const, value };
  switch (v.type) {
    case "string":
      return typeof value === "string" ? ok : { ok: false, message: "must be a string" };
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? ok : { ok: false, message: "must be a number" };
    case "boolean":
      return typeof value === "boolean" ? ok : { ok: false, message: "must be true or false" };
    case "enum":
      return typeof value === "string" && (v.options ?? []).includes(value) ? ok : { ok: false, message: `must be one of: ${(v.options ?? []).join(", ")}` };
    case "json":
      return ok;
  }
}

const OWN = new Set(["id", "name", "split", "tags"]);

class CaseBuilder {
  readonly cases: TestCase[] = [];
  readonly errors: ImportError[] = [];
  private readonly ids: Set<string>;
  private readonly vars: Map<string, Variable>;
  private n = 0;
  constructor(private readonly contract: Contract) {
    this.ids = new Set(contract.tests.map((t) => t.id));
    this.vars = new Map(contract.variables.map((v) => [v.name, v]));
  }

  variable(name: string): Variable | undefined {
    return this.vars.get(name);
  }

  /** Checks the case with the schema and a fresh id, then keeps it; errors are attributed to the row. */
  add(row: number, fields: Record<string, unknown>, rowErrors: ImportError[]) {
    this.n++;
    if (typeof fields.id === "string" && fields.id !== "" && this.ids.has(fields.id))
      rowErrors.push({ row, column: "id", message: `a test case '${fields.id}' already exists` });
    if (rowErrors.length) {
      this.errors.push(...rowErrors);
      return;
    }
    const id = typeof fields.id === "string" && fields.id !== "" ? fields.id : this.freshId();
    const parsed = TestCaseSchema.safeParse({ ...fields, id });
    if (!parsed.success) {
      for (const e of fromZodError(parsed.error)) this.errors.push({ row, column: e.path.split(/[.[]/)[0] || null, message: `${e.path}: ${e.message}` });
      return;
    }
    this.ids.add(id);
    this.cases.push(parsed.data);
  }

  private freshId(): string {
    let k = this.n;
    while (this.ids.has(`imported-${k}`)) k++;
    return `imported-${k}`;
  }

  get contractName() {
    return this.contract.name;
  }
}

function splitOf(text: string, row: number, column: string, errors: ImportError[]): string | undefined {
  if (text === "") return undefined;
  if (!(TEST_SPLITS as readonly string[]).includes(text)) errors.push({ row, column, message: `"${text}" is not a split: use ${TEST_SPLITS.join(", ")}` });
  return text;
}

/** Cases from CSV text: a header row, then one case per row. */
export function importCsvCases(contract: Contract, text: string): ImportResult {
  const csv = parseCsv(text);
  if (!csv.ok) return { cases: [], errors: [csv.error] };
  const [header, ...rows] = csv.rows;
  if (!header)
    return {
      cases: [],
      errors: [{ row: 1, column: null, message: "the file is empty: the first row names the columns (variables, and id, name, split, tags)" }],
    };
  const b = new CaseBuilder(contract);
  const headErrors: ImportError[] = [];
  const names = header.cells.map((c) => c.trim());
  names.forEach((name, i) => {
    if (!name) headErrors.push({ row: header.row, column: `column ${i + 1}`, message: "has no name" });
    else if (!OWN.has(name) && !b.variable(name))
      headErrors.push({
        row: header.row,
        column: name,
        message: `is not a variable of '${b.contractName}' (its variables: ${contract.variables.map((v) => v.name).join(", ") || "none"}) nor id, name, split or tags`,
      });
    else if (names.indexOf(name) !== i) headErrors.push({ row: header.row, column: name, message: "appears twice" });
  });
  if (headErrors.length) return { cases: [], errors: headErrors };
  for (const { row, cells } of rows) {
    const errors: ImportError[] = [];
    if (cells.length !== names.length) {
      b.errors.push({ row, column: null, message: `has ${cells.length} fields; the header has ${names.length}` });
      continue;
    }
    const fields: Record<string, unknown> = {};
    const variables: Record<string, unknown> = {};
    names.forEach((name, i) => {
      const text = cells[i]!;
      if (name === "id" || name === "name") {
        if (text !== "") fields[name] = text.trim();
      } else if (name === "split") {
        const s = splitOf(text.trim(), row, name, errors);
        if (s !== undefined) fields.split = s;
      } else if (name === "tags") {
        fields.tags = text
          .split(/[;|]/)
          .map((t) => t.trim())
          .filter(Boolean);
      } else if (text !== "") {
        const v = cellValue(b.variable(name)!, text);
        if (v.ok) variables[name] = v.value;
        else errors.push({ row, column: name, message: v.message });
      }
    });
    b.add(row, { ...fields, variables }, errors);
  }
  return { cases: b.cases, errors: b.errors };
}

/** Cases from JSONL text: one JSON object per line (blank lines skipped). */
export function importJsonlCases(contract: Contract, text: string): ImportResult {
  const b = new CaseBuilder(contract);
  text.split(/\r?\n/).forEach((lineText, i) => {
    const row = i + 1;
    if (!lineText.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch (e) {
      b.errors.push({ row, column: null, message: `is not valid JSON: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      b.errors.push({ row, column: null, message: "must be a JSON object (one case per line)" });
      return;
    }
    const obj = value as Record<string, unknown>;
    const errors: ImportError[] = [];
    const whole = "variables" in obj || "assertions" in obj || "context" in obj;
    const fields: Record<string, unknown> = {};
    const variables: Record<string, unknown> = whole && typeof obj.variables === "object" && obj.variables !== null ? { ...(obj.variables as object) } : {};
    for (const [key, v] of Object.entries(obj)) {
      if (OWN.has(key) || (whole && (key === "assertions" || key === "context"))) fields[key] = v;
      else if (whole && key === "variables") continue;
      else if (!b.variable(key)) errors.push({ row, column: key, message: `is not a variable of '${b.contractName}' nor id, name, split or tags` });
      else variables[key] = v;
    }
    for (const [name, v] of Object.entries(variables)) {
      const decl = b.variable(name);
      if (!decl) {
        errors.push({ row, column: `variables.${name}`, message: `is not a variable of '${b.contractName}'` });
        continue;
      }
      const typed = jsonValue(decl, v);
      if (!typed.ok) errors.push({ row, column: whole ? `variables.${name}` : name, message: `${typed.message} (declared type ${decl.type})` });
    }
    if (typeof fields.split === "string") splitOf(fields.split, row, "split", errors);
    b.add(row, { ...fields, variables }, errors);
  });
  return { cases: b.cases, errors: b.errors };
}

/** One line per error for a dialog or a terminal: "row 3, column amount: "x" is not a number". */
export function importErrorLine(e: ImportError): string {
  return `row ${e.row}${e.column ? `, column ${e.column}` : ""}: ${e.message}`;
}
