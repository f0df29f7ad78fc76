/**
 * Where `contract test` keeps its cells' full results while the suite runs: each one written,
 * as the JSON report will hold it, to a temporary file as it lands, and read back in plan order
 * when the report is written (json-file.ts's RawJson). In memory the command keeps only a slim
 * copy of each result for the summary, the gate and JUnit (slimResult).
 *
 * Why: a full result carries its request (system prompt, schema, messages), about 3.5 KB of
 * objects per cell; 10,000 of them, held until the end, and the garbage they leave behind the
 * collector, made most of the command's peak memory (issue 9: under 200 MB at 10,000 cases).
 */
import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChatRequest } from "../assembly-types.ts";
import type { CellResult } from "../eval/suite/types.ts";
import { RawJson } from "./json-file.ts";

/** Spooled text is written in blocks of about this many bytes. */
const BLOCK_BYTES = 256 * 1024;

/**
 * Stands in for a slim result's request: nothing the summary, the gate or JUnit reads. The full
 * request is in the spool, hence in the JSON report.
 */
const REQUEST_IN_REPORT: ChatRequest = Object.freeze({ model: "", messages: [] }) as unknown as ChatRequest;

/** The result without what only the JSON report needs (its request). */
export function slimResult(r: CellResult): CellResult {
  return r.run ? { ...r, run: { ...r.run, request: REQUEST_IN_REPORT } } : r;
}

export class ResultSpool {
  private readonly at = new Map<string, { offset: number; bytes: number }>();
  private size = 0;
  private block: Buffer[] = [];
  private blockBytes = 0;
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly file: FileHandle,
  ) {}

  static async open(): Promise<ResultSpool> {
    const dir = await mkdtemp(join(tmpdir(), "contract-test-"));
    return new ResultSpool(dir, await open(join(dir, "results.json"), "w+"));
  }

  /** Spools one result (a later one for the same cell replaces it). */
  add(result: CellResult): void {
    const data = Buffer.from(JSON.stringify(result, null, 2));
    this.at.set(result.cellId, { offset: this.size, bytes: data.length });
    this.size += data.length;
    this.block.push(data);
    this.blockBytes += data.length;
    if (this.blockBytes >= BLOCK_BYTES) this.flush();
  }

  has(cellId: string): boolean {
    return this.at.has(cellId);
  }

  private flush(): void {
    if (!this.block.length) return;
    const data = Buffer.concat(this.block);
    this.block = [];
    this.blockBytes = 0;
    const file = this.file;
    // Appended in order: each write starts after the previous one ended.
    this.writing = this.writing.then(() => file.write(data));
  }

  /** The JSON array of the spooled results of `cellIds` (in that order, skipping unknown ones). */
  results(cellIds: readonly string[]): RawJson {
    return new RawJson((pad) => this.pieces(cellIds, pad));
  }

  private async *pieces(cellIds: readonly string[], pad: string): AsyncGenerator<string> {
    const ids = cellIds.filter((id) => this.at.has(id));
    if (!ids.length) return yield "[]";
    this.flush();
    await this.writing;
    const inner = `${pad}  `;
    yield "[\n";
    for (let i = 0; i < ids.length; i++) {
      const { offset, bytes } = this.at.get(ids[i]!)!;
      const buf = Buffer.allocUnsafe(bytes);
      let read = 0;
      while (read < bytes) {
        const r = await this.file.read(buf, read, bytes - read, offset + read);
        if (!r.bytesRead) throw new Error("the result spool ended early");
        read += r.bytesRead;
      }
      // Stringified at depth 0: every newline is layout (JSON escapes those in strings).
      yield `${inner}${buf.toString("utf8").replaceAll("\n", `\n${inner}`)}${i < ids.length - 1 ? ",\n" : "\n"}`;
    }
    yield `${pad}]`;
  }

  async close(): Promise<void> {
    await this.writing.catch(() => {});
    await this.file.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
