/**
 * Starts the OpenAI-compatible test server (modes listed in test-server.ts):
 *   tsx e2e/server/start.ts --port 4011 [--no-cors-port 4012]
 * The second port, when given, serves the same API without any CORS headers.
 * Playwright's webServer runs this; it prints one line per listening port and nothing else.
 */
import { startTestServer } from "./test-server.ts";

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    process.stderr.write(`${name} needs a port number, got '${v}'\n`);
    process.exit(2);
  }
  return n;
}

const port = flag("--port") ?? 4011;
const noCorsPort = flag("--no-cors-port");
const servers = [await startTestServer({ port })];
process.stdout.write(`test server listening on ${servers[0]!.url}/v1\n`);
if (noCorsPort !== undefined) {
  servers.push(await startTestServer({ port: noCorsPort, cors: false }));
  process.stdout.write(`test server (no CORS) listening on ${servers[1]!.url}/v1\n`);
}

const stop = () => void Promise.all(servers.map((s) => s.close())).then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
