import type { ContractBody } from "../schema/contract.ts";
import { formatPath } from "../errors.ts";
import { ChangeLog } from "./types.ts";
import { quote } from "./text.ts";

type Context = ContractBody["context"];
type Item = Context["items"][number];

/**
 * Context items are matched by id. Adding or removing one changes what the model knows
 * (minor); so does trusting one (its text is then no longer treated as mere data). Content,
 * label, kind and source edits are patch: the same item, revised.
 */
export function diffContext(a: Context, b: Context): ChangeLog {
  const log = new ChangeLog("context");
  if (a.mode !== b.mode)
    log.add({
      kind: "context_mode_changed",
      path: "context.mode",
      sentence: `Context mode changed from ${a.mode} to ${b.mode}`,
      level: "minor",
      before: a.mode,
      after: b.mode,
    });
  const before = new Map(a.items.map((it, i) => [it.id, { it, i }]));
  const after = new Map(b.items.map((it, i) => [it.id, { it, i }]));
  for (const [id, { it, i }] of before)
    if (!after.has(id))
      log.add({
        kind: "context_item_removed",
        path: formatPath(["context", "items", i]),
        sentence: `Context item \`${id}\` removed (was from ${quote(it.source, 60)})`,
        level: "minor",
        before: it,
      });
  for (const [id, { it, i }] of after) {
    const old = before.get(id);
    if (!old) {
      log.add({
        kind: "context_item_added",
        path: formatPath(["context", "items", i]),
        sentence: `Context item \`${id}\` added from ${quote(it.source, 60)}`,
        level: "minor",
        after: it,
      });
      continue;
    }
    diffItem(log, old.it, it, i);
  }
  const common = (items: Item[]) =>
    items
      .filter((it) => before.has(it.id) && after.has(it.id))
      .map((it) => it.id)
      .join("\n");
  if (common(a.items) !== common(b.items))
    log.add({ kind: "context_items_reordered", path: "context.items", sentence: "Context items reordered", level: "patch" });
  return log;
}

function diffItem(log: ChangeLog, x: Item, y: Item, i: number): void {
  const p = (key: keyof Item) => formatPath(["context", "items", i, key]);
  const id = `\`${x.id}\``;
  if (x.content !== y.content)
    log.add({
      kind: "context_item_content_changed",
      path: p("content"),
      sentence: `Context item ${id} content changed`,
      level: "patch",
      before: x.content,
      after: y.content,
    });
  if (x.source !== y.source)
    log.add({
      kind: "context_item_source_changed",
      path: p("source"),
      sentence: `Context item ${id} source changed from ${quote(x.source, 60)} to ${quote(y.source, 60)}`,
      level: "patch",
      before: x.source,
      after: y.source,
    });
  if (x.kind !== y.kind)
    log.add({
      kind: "context_item_kind_changed",
      path: p("kind"),
      sentence: `Context item ${id} kind changed from ${x.kind} to ${y.kind}`,
      level: "patch",
      before: x.kind,
      after: y.kind,
    });
  if (x.label !== y.label)
    log.add({
      kind: "context_item_label_changed",
      path: p("label"),
      sentence: `Context item ${id} label changed`,
      level: "patch",
      before: x.label,
      after: y.label,
    });
  if (x.trusted !== y.trusted)
    log.add({
      kind: "context_item_trust_changed",
      path: p("trusted"),
      sentence: y.trusted ? `Context item ${id} is now trusted (its text may act as instructions)` : `Context item ${id} is no longer trusted`,
      level: "minor",
      before: x.trusted,
      after: y.trusted,
    });
}
