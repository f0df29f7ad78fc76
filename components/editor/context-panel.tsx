/**
 * The context packet: its delimiting mode and its items. Built for hundreds of items: rows are
 * memoized and collapsed; only one item's editors are mounted at a time (so each label, e.g.
 * "Context item content", names one field).
 */
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Contract, ContextItem, ContextKind, ContextMode } from "../../contracts/index.ts";
import { Button, IconButton } from "../ui/button.tsx";
import { CheckboxField, FieldIssues, Section, SelectField, TextAreaField, TextField, TokenBadge } from "../ui/field.tsx";
import { NO_ISSUES, issuesAt, type FieldIssue } from "../ui/issues.ts";
import { move } from "../ui/string-list-field.tsx";
import type { PanelProps } from "./panel-props.ts";
import { useFocusRequest } from "./use-focus-request.ts";
import { useFocusLater } from "../ui/use-focus-later.ts";

const MODES: readonly { value: ContextMode; label: string }[] = [
  { value: "delimit", label: "Delimit: labelled blocks with a hashed boundary" },
  { value: "datamark", label: "Datamark: a marker between the words" },
  { value: "encode", label: "Encode: base64 content" },
];

const KINDS: readonly { value: ContextKind; label: string }[] = [
  { value: "document", label: "document" },
  { value: "retrieval", label: "retrieval" },
  { value: "db_row", label: "db_row" },
  { value: "tool_output", label: "tool_output" },
  { value: "other", label: "other" },
];

type ItemAction =
  { type: "patch"; index: number; patch: Partial<ContextItem> } | { type: "move"; index: number; to: number } | { type: "remove"; index: number };

function newItemId(items: readonly ContextItem[]): string {
  const ids = new Set(items.map((i) => i.id));
  for (let n = items.length + 1; ; n++) if (!ids.has(`item-${n}`)) return `item-${n}`;
}

export function ContextPanel({ contract, onChange, onRemove, issues, tokens, focusRequest }: PanelProps) {
  const ref = useRef<HTMLDivElement>(null);
  const focusLater = useFocusLater(ref);
  const { items, mode } = contract.context;
  const [expanded, setExpanded] = useState<number | null>(null);
  const [filter, setFilter] = useState("");

  // A request for a field inside an item opens that item first: adjusted while rendering, when
  // the request changes, so the item is open in the same commit the focus effect runs in.
  // Starts at null: the panel often mounts because of the request (a click in the preview switched tabs).
  const [seenRequest, setSeenRequest] = useState<typeof focusRequest>(null);
  if (focusRequest !== seenRequest) {
    setSeenRequest(focusRequest);
    const m = focusRequest && /^context\.items\[(\d+)\]/.exec(focusRequest.path);
    if (m) setExpanded(Number(m[1]));
  }
  useFocusRequest(ref, focusRequest);

  const byItem = useMemo(() => {
    const map = new Map<number, FieldIssue[]>();
    for (const i of issues) {
      const m = /^context\.items\[(\d+)\]/.exec(i.path);
      if (m) map.set(Number(m[1]), [...(map.get(Number(m[1])) ?? []), i]);
    }
    return map;
  }, [issues]);

  // Read through a ref so `act` stays the same and the memoized rows skip re-rendering.
  const itemsRef = useRef(items);
  useLayoutEffect(() => {
    itemsRef.current = items;
  });
  const act = useCallback(
    (a: ItemAction) => {
      if (a.type === "remove") {
        const it = itemsRef.current[a.index];
        onRemove("context.items", a.index, `context item ${a.index + 1}${it ? ` (${it.id})` : ""}`);
        setExpanded((e) => (e === a.index ? null : e !== null && e > a.index ? e - 1 : e));
        return;
      }
      onChange((c) => {
        const list = c.context.items;
        let next: ContextItem[];
        if (a.type === "patch") next = list.map((it, j) => (j === a.index ? { ...it, ...a.patch } : it));
        else if (a.type === "move") next = move(list, a.index, a.to);
        else next = list;
        return { ...c, context: { ...c.context, items: next } };
      });
      if (a.type === "move") setExpanded((e) => (e === a.index ? a.to : e === a.to ? a.index : e));
    },
    [onChange, onRemove],
  );
  const toggle = useCallback((i: number) => setExpanded((e) => (e === i ? null : i)), []);

  const add = () => {
    onChange((c: Contract) => ({
      ...c,
      context: {
        ...c.context,
        items: [...c.context.items, { id: newItemId(c.context.items), label: "", kind: "document", source: "manual", content: "", trusted: false }],
      },
    }));
    setExpanded(items.length);
    setFilter("");
    // The new item opens with its id selected: typing names it.
    focusLater(`context.items[${items.length}].id`);
  };

  const q = filter.trim().toLowerCase();
  // The packet's framing ("context") plus every item: the same figure as the tab's.
  const total = tokens ? items.reduce((sum, _it, i) => sum + (tokens[`context.items[${i}]`] ?? 0), tokens.context ?? 0) : null;

  return (
    <div ref={ref} data-field="context" className="field space-y-4 rounded-md">
      <Section title="Context packet" tokens={total}>
        <SelectField
          label="Context mode"
          path="context.mode"
          value={mode}
          options={MODES}
          issues={issuesAt(issues, "context.mode")}
          onChange={(m) => onChange((c) => ({ ...c, context: { ...c.context, mode: m } }))}
        />
        <p className="text-xs text-zinc-500">Text inside context items is data, never instructions. Untrusted items have invisible Unicode stripped.</p>
      </Section>
      <Section
        title={`Items (${items.length})`}
        actions={
          <Button size="xs" variant="primary" onClick={add}>
            <span aria-hidden>+</span> Add context item
          </Button>
        }
      >
        {items.length > 8 && <TextField label="Filter context items" value={filter} onChange={setFilter} placeholder="id, label or source" hideLabel />}
        {items.length === 0 ? (
          <p className="rounded-md border border-dashed border-zinc-300 p-4 text-center text-sm text-zinc-500 dark:border-zinc-700">
            No context yet. Add the documents, rows or tool outputs the model should answer from.
          </p>
        ) : (
          <ol className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {items.map((item, i) =>
              q && !`${item.id} ${item.label} ${item.source}`.toLowerCase().includes(q) ? null : (
                <ContextItemRow
                  key={i}
                  item={item}
                  index={i}
                  count={items.length}
                  expanded={expanded === i}
                  tokens={tokens ? (tokens[`context.items[${i}]`] ?? null) : null}
                  issues={byItem.get(i) ?? NO_ISSUES}
                  act={act}
                  toggle={toggle}
                />
              ),
            )}
          </ol>
        )}
      </Section>
    </div>
  );
}

const ContextItemRow = memo(function ContextItemRow({
  item,
  index,
  count,
  expanded,
  tokens,
  issues,
  act,
  toggle,
}: {
  item: ContextItem;
  index: number;
  count: number;
  expanded: boolean;
  tokens: number | null;
  issues: readonly FieldIssue[];
  act: (a: ItemAction) => void;
  toggle: (i: number) => void;
}) {
  const path = `context.items[${index}]`;
  const n = index + 1;
  const patch = (p: Partial<ContextItem>) => act({ type: "patch", index, patch: p });
  const hasError = issues.some((i) => i.severity === "error");
  return (
    <li data-field={path} className="field [content-visibility:auto] [contain-intrinsic-size:auto_2.25rem]">
      <div className="flex items-center gap-2 px-2 py-1.5">
        <button
          type="button"
          aria-expanded={expanded}
          aria-label={`Context item ${n}: ${item.id}${item.label ? `, ${item.label}` : ""}`}
          onClick={() => toggle(index)}
          className="flex min-w-0 flex-1 items-center gap-2 text-left text-sm"
        >
          <span aria-hidden className="w-3 text-zinc-400">
            {expanded ? "▾" : "▸"}
          </span>
          <span className="font-mono text-xs text-zinc-700 dark:text-zinc-300">{item.id}</span>
          <span className="truncate text-zinc-600 dark:text-zinc-400">{item.label || item.source}</span>
          <span className="rounded bg-zinc-100 px-1 text-[11px] text-zinc-500 dark:bg-zinc-800">{item.kind}</span>
          {item.trusted && <span className="rounded bg-emerald-100 px-1 text-[11px] text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">trusted</span>}
          {issues.length > 0 && (
            <span className={`text-[11px] ${hasError ? "text-red-600" : "text-amber-600"}`}>
              {hasError ? "✕" : "⚠"} {issues.length}
            </span>
          )}
        </button>
        <TokenBadge count={tokens} />
        <IconButton label={`Move context item ${n} up`} disabled={index === 0} onClick={() => act({ type: "move", index, to: index - 1 })}>
          ↑
        </IconButton>
        <IconButton label={`Move context item ${n} down`} disabled={index === count - 1} onClick={() => act({ type: "move", index, to: index + 1 })}>
          ↓
        </IconButton>
        <IconButton label={`Delete context item ${n}`} onClick={() => act({ type: "remove", index })}>
          ✕
        </IconButton>
      </div>
      {!expanded && issues.length > 0 && (
        <div className="px-7 pb-1.5">
          <FieldIssues issues={issues} />
        </div>
      )}
      {expanded && (
        <div className="space-y-2 border-t border-zinc-100 bg-zinc-50/60 px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900/40">
          <div className="grid grid-cols-[10rem_1fr_9rem] gap-2">
            <TextField
              label="Context item id"
              path={`${path}.id`}
              mono
              value={item.id}
              issues={issuesAt(issues, `${path}.id`)}
              onChange={(id) => patch({ id })}
            />
            <TextField
              label="Context item label"
              path={`${path}.label`}
              value={item.label}
              issues={issuesAt(issues, `${path}.label`)}
              onChange={(label) => patch({ label })}
            />
            <SelectField label="Context item kind" path={`${path}.kind`} value={item.kind} options={KINDS} onChange={(kind) => patch({ kind })} />
          </div>
          <TextField
            label="Context item source"
            path={`${path}.source`}
            mono
            value={item.source}
            issues={issuesAt(issues, `${path}.source`)}
            placeholder="kb://refunds#3, orders:1234, search_docs#call_7"
            onChange={(source) => patch({ source })}
          />
          <TextAreaField
            label="Context item content"
            path={`${path}.content`}
            rows={6}
            value={item.content}
            issues={issuesAt(issues, `${path}.content`)}
            onChange={(content) => patch({ content })}
          />
          <CheckboxField
            label="Trusted (written by you, not by users or tools)"
            path={`${path}.trusted`}
            checked={item.trusted}
            onChange={(trusted) => patch({ trusted })}
          />
          <FieldIssues issues={issuesAt(issues, path)} />
        </div>
      )}
    </li>
  );
});
