/**
 * The response cache as a folder (`--cache-dir`, default .contract-cache/): one JSON file per
 * request hash, so CI can keep it between runs (actions/cache) and two shards on one machine
 * can share it. Written to a temporary name and renamed, so a reader never sees half a file;
 * an unreadable or foreign file is a miss, never an error. Only whole successful answers reach
 * `put` (the runner's cachingFetch decides), and entries hold the response body only: the
 * request's Authorization header is not part of the key or the file.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CachedResponseSchema, type CachedResponse, type ResponseCache } from "../eval/suite/types.ts";

export const DEFAULT_CACHE_DIR = ".contract-cache";

export function folderCache(dir: string): ResponseCache & { readonly dir: string } {
  let made: Promise<unknown> | null = null;
  const file = (key: string) => join(dir, `${key.replace(/[^0-9a-f]/gi, "")}.json`);
  return {
    dir,
    async get(key): Promise<CachedResponse | undefined> {
      try {
        const parsed = CachedResponseSchema.safeParse(JSON.parse(await readFile(file(key), "utf8")));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    async put(key, value) {
      made ??= mkdir(dir, { recursive: true });
      await made;
      const tmp = `${file(key)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(tmp, JSON.stringify(value));
      await rename(tmp, file(key));
    },
  };
}
