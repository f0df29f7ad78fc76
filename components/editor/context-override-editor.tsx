/**
 * A test case's context override (schema/tests.ts ContextOverrideSchema), as a form: where the
 * packet starts (the contract's items, or none), which of the contract's items it removes
 * (picked from their ids), which it replaces (picked by id, with the new label, source,
 * content and trust) and which it adds. Applied in that order by assemble's contractForTest.
 *
 * Errors name their field: each sits under the input it is about, and the list at the end says
 * "Test 2 added item 1 source: …". They come from the override's own schema (at once, as the
 * user types), the draft's validation and contractForTest's warnings (an id the contract does
 * not have), each once.
 */
import { contractForTest } from "../../contracts/assemble.ts";
import type { Contract, ContextItem, TestCase } from "../../contracts/index.ts";
import { ContextOverrideSchema, type ContextOverride } from "../../contracts/schema/tests.ts";
import { Button, IconButton } from "../ui/button.tsx";
import { CheckboxField, FieldIssues, TextAreaField, TextField, labelClass, inputClass } from "../ui/field.tsx";
import { issuesAt, issuesUnder, type FieldIssue } from "../ui/issues.ts";

const EMPTY: ContextOverride = { base: "contract", remove: [], replace: [], add: [] };

/** zod's path (["add", 0, "source"]) as the contract's field path ("add[0].source"). */
function pathOf(parts: readonly PropertyKey[]): string {
  return parts.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}

/** The override's own problems, its draft issues and its assembly warnings, at their field paths, each once. */
export function overrideIssues(contract: Contract, testCase: TestCase, index: number, external: readonly FieldIssue[]): FieldIssue[] {
  const at = `tests[${index}].context`;
  const out: FieldIssue[] = [];
  const seen = new Set<string>();
  const add = (i: FieldIssue) => {
    const k = `${i.path}|${i.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(i);
    }
  };
  const o = testCase.context;
  if (!o) return out;
  const parsed = ContextOverrideSchema.safeParse(o);
  if (!parsed.success)
    for (const e of parsed.error.issues) {
      const rel = pathOf(e.path);
      add({ path: rel ? `${at}.${rel}` : at, message: e.message, severity: "error" });
    }
  for (const i of issuesUnder(external, at)) add(i);
  // An id the contract does not have: the assembly's own warning (remove, replace).
  try {
    for (const i of contractForTest(contract, testCase).issues) if (i.path.startsWith(at)) add({ path: i.path, message: i.message, severity: i.severity });
  } catch {
    // A half-typed override the assembly cannot read: the schema's errors above say why.
  }
  // Two added or replacing items with one id make one of them unreachable by citations.
  const seenIds = new Map<string, string>();
  const base = o.base === "none" ? [] : contract.context.items.filter((it) => !o.remove.includes(it.id)).map((it) => it.id);
  const replaced = new Set(o.replace.map((r) => r.id));
  for (const id of base) if (!replaced.has(id)) seenIds.set(id, "the contract's packet");
  o.add.forEach((it, i) => {
    const where = seenIds.get(it.id);
    if (it.id && where)
      add({
        path: `${at}.add[${i}].id`,
        message: `'${it.id}' is already in ${where}: give the added item its own id, or replace that item instead`,
        severity: "error",
      });
    else seenIds.set(it.id, `added item ${i + 1}`);
  });
  return out;
}

function newId(taken: readonly string[]): string {
  const ids = new Set(taken);
  for (let n = 1; ; n++) if (!ids.has(`case-item-${n}`)) return `case-item-${n}`;
}

function ItemFields({
  item,
  name,
  path,
  issues,
  onChange,
  idPicker,
}: {
  item: ContextItem;
  /** "Test 2 added item 1" */
  name: string;
  path: string;
  issues: readonly FieldIssue[];
  onChange: (patch: Partial<ContextItem>) => void;
  /** Replacements pick the id from the contract's items instead of typing it. */
  idPicker?: { options: readonly string[] };
}) {
  return (
    <div className="space-y-1.5">
      <div className="grid grid-cols-[minmax(8rem,12rem)_1fr] gap-2">
        {idPicker ? (
          <div data-field={`${path}.id`} className="field rounded-md">
            <label className={`${labelClass} mb-0.5`}>
              {name} replaces
              <select className={`${inputClass} font-mono`} value={item.id} onChange={(e) => onChange({ id: e.target.value })}>
                {!idPicker.options.includes(item.id) && <option value={item.id}>{item.id || "(none)"} (not in the contract)</option>}
                {idPicker.options.map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </select>
            </label>
            <FieldIssues issues={issuesAt(issues, `${path}.id`)} />
          </div>
        ) : (
          <TextField
            label={`${name} id`}
            path={`${path}.id`}
            mono
            value={item.id}
            issues={issuesAt(issues, `${path}.id`)}
            onChange={(id) => onChange({ id })}
          />
        )}
        <TextField
          label={`${name} label`}
          path={`${path}.label`}
          value={item.label}
          issues={issuesAt(issues, `${path}.label`)}
          onChange={(label) => onChange({ label })}
        />
      </div>
      <TextField
        label={`${name} source`}
        path={`${path}.source`}
        mono
        value={item.source}
        placeholder="kb://refunds#3, orders:1234, search_docs#call_7"
        issues={issuesAt(issues, `${path}.source`)}
        onChange={(source) => onChange({ source })}
      />
      <TextAreaField
        label={`${name} content`}
        path={`${path}.content`}
        rows={3}
        value={item.content}
        issues={issuesAt(issues, `${path}.content`)}
        onChange={(content) => onChange({ content })}
      />
      <CheckboxField
        label={`${name} is trusted (written by you, not by users or tools)`}
        path={`${path}.trusted`}
        checked={item.trusted}
        issues={issuesAt(issues, `${path}.trusted`)}
        onChange={(trusted) => onChange({ trusted })}
      />
    </div>
  );
}

export function ContextOverrideEditor({
  contract,
  testCase,
  index,
  issues,
  onChange,
}: {
  contract: Contract;
  testCase: TestCase;
  index: number;
  /** The draft's issues (all of them; this form picks its own). */
  issues: readonly FieldIssue[];
  /** The new override; undefined: the case uses the contract's packet as it is. */
  onChange: (context: ContextOverride | undefined) => void;
}) {
  const n = index + 1;
  const at = `tests[${index}].context`;
  const o = testCase.context;
  const itemIds = contract.context.items.map((it) => it.id);
  if (!o)
    return (
      <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <span>
          Test {n} context: the contract&apos;s {itemIds.length} {itemIds.length === 1 ? "item" : "items"}, unchanged.
        </span>
        <Button size="xs" onClick={() => onChange(structuredClone(EMPTY))}>
          Change the context for test {n}
        </Button>
      </div>
    );

  const mine = overrideIssues(contract, testCase, index, issues);
  const set = (patch: Partial<ContextOverride>) => onChange({ ...o, ...patch });
  const taken = [...itemIds, ...o.add.map((it) => it.id)];
  const unreplaced = itemIds.filter((id) => !o.replace.some((r) => r.id === id));
  const unknownRemoved = o.remove.filter((id) => !itemIds.includes(id));

  return (
    <fieldset data-field={at} className="field space-y-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
      <legend className={`${labelClass} px-1`}>Test {n} context</legend>
      <div className="flex flex-wrap items-end gap-2">
        <label className={`${labelClass} min-w-48 flex-1`}>
          Test {n} context starts from
          <select className={inputClass} value={o.base} onChange={(e) => set({ base: e.target.value === "none" ? "none" : "contract" })}>
            <option value="contract">the contract&apos;s items ({itemIds.length})</option>
            <option value="none">no items (only those added here)</option>
          </select>
        </label>
        <Button size="xs" className="ml-auto" onClick={() => onChange(undefined)}>
          Use the contract&apos;s context unchanged
        </Button>
      </div>

      {o.base === "contract" && (
        <div data-field={`${at}.remove`} className="field rounded-md">
          <p className={labelClass}>Test {n} removes these items</p>
          {itemIds.length === 0 && <p className="text-xs text-zinc-500">The contract has no context items.</p>}
          <div className="flex flex-wrap gap-x-3 gap-y-0.5">
            {itemIds.map((id) => (
              <label key={id} className="inline-flex items-center gap-1 font-mono text-xs">
                <input
                  type="checkbox"
                  aria-label={`Test ${n} removes ${id}`}
                  checked={o.remove.includes(id)}
                  onChange={(e) => set({ remove: e.target.checked ? [...o.remove, id] : o.remove.filter((x) => x !== id) })}
                />
                {id}
              </label>
            ))}
            {unknownRemoved.map((id) => (
              <span key={id} className="inline-flex items-center gap-1 font-mono text-xs text-amber-700 dark:text-amber-400">
                {id} (not in the contract)
                <IconButton label={`Stop removing ${id} in test ${n}`} onClick={() => set({ remove: o.remove.filter((x) => x !== id) })}>
                  ✕
                </IconButton>
              </span>
            ))}
          </div>
          <FieldIssues issues={mine.filter((i) => i.path.startsWith(`${at}.remove`))} />
        </div>
      )}

      {o.base === "contract" && (
        <div className="space-y-1">
          <p className={labelClass}>Test {n} replaces these items</p>
          <ol className="space-y-2">
            {o.replace.map((it, i) => (
              <li key={i} className="rounded border border-zinc-200 p-1.5 dark:border-zinc-700">
                <div className="mb-1 flex items-center">
                  <span className="text-xs font-medium">Replacement {i + 1}</span>
                  <IconButton
                    label={`Remove test ${n} replacement ${i + 1}`}
                    className="ml-auto"
                    onClick={() => set({ replace: o.replace.filter((_, j) => j !== i) })}
                  >
                    ✕
                  </IconButton>
                </div>
                <ItemFields
                  item={it}
                  name={`Test ${n} replacement ${i + 1}`}
                  path={`${at}.replace[${i}]`}
                  issues={mine}
                  idPicker={{ options: itemIds.filter((id) => id === it.id || !o.replace.some((r) => r.id === id)) }}
                  onChange={(patch) => set({ replace: o.replace.map((x, j) => (j === i ? { ...x, ...patch } : x)) })}
                />
              </li>
            ))}
          </ol>
          <Button
            size="xs"
            disabled={unreplaced.length === 0}
            onClick={() => {
              // Starts as a copy of the item it replaces: the user edits what differs.
              const original = contract.context.items.find((it) => it.id === unreplaced[0])!;
              set({ replace: [...o.replace, structuredClone(original)] });
            }}
          >
            <span aria-hidden>+</span> Replace a contract item in test {n}
          </Button>
        </div>
      )}

      <div className="space-y-1">
        <p className={labelClass}>Test {n} adds these items</p>
        <ol className="space-y-2">
          {o.add.map((it, i) => (
            <li key={i} className="rounded border border-zinc-200 p-1.5 dark:border-zinc-700">
              <div className="mb-1 flex items-center">
                <span className="text-xs font-medium">Added item {i + 1}</span>
                <IconButton label={`Remove test ${n} added item ${i + 1}`} className="ml-auto" onClick={() => set({ add: o.add.filter((_, j) => j !== i) })}>
                  ✕
                </IconButton>
              </div>
              <ItemFields
                item={it}
                name={`Test ${n} added item ${i + 1}`}
                path={`${at}.add[${i}]`}
                issues={mine}
                onChange={(patch) => set({ add: o.add.map((x, j) => (j === i ? { ...x, ...patch } : x)) })}
              />
            </li>
          ))}
        </ol>
        <Button size="xs" onClick={() => set({ add: [...o.add, { id: newId(taken), label: "", kind: "document", source: "", content: "", trusted: false }] })}>
          <span aria-hidden>+</span> Add a context item to test {n}
        </Button>
      </div>

      {mine.length > 0 && (
        <ul aria-label={`Test ${n} context problems`} className="space-y-0.5 text-xs">
          {mine.map((i, k) => (
            <li key={k} className={i.severity === "error" ? "text-red-600 dark:text-red-400" : "text-amber-700 dark:text-amber-400"}>
              {fieldName(i.path, n)}: {i.message}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** "tests[1].context.add[0].source" → "Test 2 added item 1 source", as the field's label says. */
export function fieldName(path: string, n: number): string {
  const m = /^tests\[\d+\]\.context(?:\.(base|remove|replace|add)(?:\[(\d+)\])?(?:\.(\w+))?)?/.exec(path);
  if (!m) return path;
  const [, part, i, field] = m;
  const k = i === undefined ? "" : ` ${Number(i) + 1}`;
  if (!part) return `Test ${n} context`;
  if (part === "base") return `Test ${n} context starts from`;
  if (part === "remove") return `Test ${n} removed item${k}`;
  const what = part === "add" ? `Test ${n} added item${k}` : `Test ${n} replacement${k}`;
  return field ? `${what} ${field === "id" && part === "replace" ? "replaces" : field}` : what;
}
