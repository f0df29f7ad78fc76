/**
 * Raw mode: the whole contract file in Monaco, validated and completed against the format's
 * JSON Schema. Text that parses (parseContract) updates the store; text that does not keeps
 * the last valid contract there and lists its errors. Panel edits replace the text while it is
 * not being edited here.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { CONTRACT_SCHEMA_ID, contractJsonSchema, parseContract, serializeContract, type Contract, type ContractError } from "../../contracts/index.ts";
import { CodeEditor } from "./monaco/code-editor.tsx";

export function RawEditor({
  contract,
  onValidContract,
  onSelectPath,
}: {
  contract: Contract;
  onValidContract: (c: Contract) => void;
  onSelectPath?: (path: string) => void;
}) {
  const serialized = useMemo(() => serializeContract(contract), [contract]);
  const [text, setText] = useState(serialized);
  const [errors, setErrors] = useState<ContractError[]>([]);
  const focused = useRef(false);
  const sent = useRef(serialized);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const schema = useMemo(() => contractJsonSchema(), []);

  useEffect(() => {
    if (serialized === sent.current || focused.current) return;
    sent.current = serialized;
    setText(serialized);
    setErrors([]);
  }, [serialized]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const apply = (t: string) => {
    const parsed = parseContract(t);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors([]);
    const next = serializeContract(parsed.value);
    if (next === sent.current) return;
    sent.current = next;
    onValidContract(parsed.value);
  };

  const edit = (t: string) => {
    setText(t);
    if (timer.current) clearTimeout(timer.current);
    // Parsing a large file per keystroke would stall typing: wait for a pause.
    timer.current = setTimeout(() => apply(t), t.length > 200_000 ? 400 : 120);
  };

  return (
    <div className="flex h-full flex-col gap-2">
      <div className="min-h-0 flex-1 overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700">
        <CodeEditor
          label="Raw contract JSON"
          language="json"
          modelPath={`inmemory://studio/${contract.id || "contract"}.contract.json`}
          schema={{ uri: CONTRACT_SCHEMA_ID, schema }}
          value={text}
          onChange={edit}
          onFocusChange={(f) => {
            focused.current = f;
            if (!f && errors.length === 0 && text !== sent.current) apply(text);
          }}
        />
      </div>
      <div role="status" aria-live="polite" className="shrink-0 text-xs">
        {errors.length === 0 ? (
          <p className="text-emerald-700 dark:text-emerald-400">✓ Valid contract file: edits apply as you type.</p>
        ) : (
          <div className="rounded-md border border-red-200 bg-red-50 p-2 dark:border-red-900 dark:bg-red-950/40">
            <p className="mb-1 font-medium text-red-700 dark:text-red-300">
              {errors.length} problem{errors.length > 1 ? "s" : ""}: the other tabs and the preview keep the last valid contract.
            </p>
            <ul className="max-h-32 space-y-0.5 overflow-auto font-mono text-[12px] text-red-700 dark:text-red-300">
              {errors.map((e, i) => (
                <li key={i}>
                  {onSelectPath ? (
                    <button type="button" className="text-left hover:underline" onClick={() => onSelectPath(e.path)}>
                      {e.path}: {e.message}
                    </button>
                  ) : (
                    `${e.path}: ${e.message}`
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}
