/**
 * The text of a JSON field whose unparsable state is kept in the draft (a pending text: saved,
 * restored on reload, counted as an error) while the contract keeps the last value that applied.
 *
 * Rows are keyed by index, so when a row above is removed (or two are swapped) this field is
 * handed another item's value and pending text: that text must be shown, not dropped. `own`
 * remembers the pending text this field wrote, to tell the two cases apart.
 */
import { useEffect, useRef, useState } from "react";
import type { PendingText } from "./panel-props.ts";

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

/** JSON.parse quotes the text around the error, newlines included: one line reads better. */
export const parseErrorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ");

export function usePendingJson({
  value,
  format,
  parse,
  onChange,
  pending,
  onPending,
}: {
  value: unknown;
  format: (v: unknown) => string;
  parse: (text: string) => JsonParse;
  onChange: (v: unknown) => void;
  pending: PendingText | undefined;
  onPending: (p: PendingText | null) => void;
}): { text: string; setText: (t: string) => void } {
  const [text, setLocal] = useState(() => pending?.text ?? format(value));
  const sent = useRef(value);
  const own = useRef(pending?.text);
  useEffect(() => {
    if (value === sent.current) return;
    sent.current = value;
    if (pending && pending.text !== own.current) {
      own.current = pending.text;
      setLocal(pending.text);
      return;
    }
    // A change from elsewhere (Raw, undo, another row's value) replaces the text, and this field's pending text with it.
    setLocal(format(value));
    own.current = undefined;
    if (pending) onPending(null);
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps

  const setText = (t: string) => {
    setLocal(t);
    const r = parse(t);
    if (!r.ok) {
      own.current = t;
      onPending({ text: t, message: r.message });
      return;
    }
    sent.current = r.value;
    own.current = undefined;
    onChange(r.value);
    onPending(null);
  };
  return { text, setText };
}
