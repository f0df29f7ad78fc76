/**
 * The only place that imports Monaco. Loaded lazily (through code-editor.tsx), bundled locally:
 * the editor core, the contributions the editors here use, the JSON language (validation and
 * completion against registered schemas) and Markdown highlighting, and their workers.
 * `loader.config({ monaco })` makes @monaco-editor/react use this copy instead of a CDN.
 */
import * as monaco from "monaco-editor/editor";
import { jsonDefaults } from "monaco-editor/languages/features/json/register";
import "monaco-editor/languages/definitions/markdown/register";
// Contributions (editor.main would pull in every language; these are what a JSON editor needs).
import "monaco-editor/editor/browser/coreCommands";
import "monaco-editor/editor/browser/widget/codeEditor/codeEditorWidget";
import "monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching";
import "monaco-editor/editor/contrib/clipboard/browser/clipboard";
import "monaco-editor/editor/contrib/comment/browser/comment";
import "monaco-editor/editor/contrib/contextmenu/browser/contextmenu";
import "monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo";
import "monaco-editor/editor/contrib/find/browser/findController";
import "monaco-editor/editor/contrib/folding/browser/folding";
import "monaco-editor/editor/contrib/format/browser/formatActions";
import "monaco-editor/editor/contrib/gotoError/browser/gotoError";
import "monaco-editor/editor/contrib/hover/browser/hoverContribution";
import "monaco-editor/editor/contrib/indentation/browser/indentation";
import "monaco-editor/editor/contrib/linesOperations/browser/linesOperations";
import "monaco-editor/editor/contrib/multicursor/browser/multicursor";
import "monaco-editor/editor/contrib/smartSelect/browser/smartSelect";
import "monaco-editor/editor/contrib/snippet/browser/snippetController2";
import "monaco-editor/editor/contrib/suggest/browser/suggestController";
import "monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter";
import "monaco-editor/editor/contrib/wordOperations/browser/wordOperations";
import "monaco-editor/editor/contrib/documentSymbols/browser/documentSymbols";
import "monaco-editor/editor/contrib/tokenization/browser/tokenization";
// Services some of the above resolve at creation (editor.main registers them through other contributions).
import "monaco-editor/editor/contrib/codelens/browser/codeLensCache";
import "monaco-editor/editor/common/services/treeViewsDndService";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import JsonWorker from "monaco-editor/languages/features/json/json.worker?worker";
import { loader } from "@monaco-editor/react";

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === "json" ? new JsonWorker() : new EditorWorker()),
};

loader.config({ monaco });

export interface JsonSchemaBinding {
  /** The schema's id (any URI; never fetched). */
  uri: string;
  /** Model paths (globs) it validates. */
  fileMatch: string[];
  /** Omit to use a schema the JSON service ships with (JSON Schema draft-07). */
  schema?: unknown;
}

const bindings = new Map<string, JsonSchemaBinding>();

/** Registers (or replaces) a JSON schema for matching models; nothing is ever requested. */
export function bindJsonSchema(binding: JsonSchemaBinding): void {
  bindings.set(binding.uri, binding);
  jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemaValidation: "error",
    schemas: [...bindings.values()].map((b) => ({ uri: b.uri, fileMatch: b.fileMatch, ...(b.schema ? { schema: b.schema as object } : {}) })),
  });
}

export { monaco };
