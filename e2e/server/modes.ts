/**
 * Behaviour modes, chosen by the request's model name so one server can serve every test.
 * Flags combine with "+", e.g. `test-slow-first-token-300+invalid`. The full list is in
 * the header of test-server.ts.
 */
export interface Mode {
  /** Always answer with this HTTP status (test-401, test-403, test-404, test-429, test-500). */
  failStatus?: 401 | 403 | 404 | 429 | 500;
  /** Fail with this status every other request per key, then succeed (test-429-then-ok, test-500-then-ok). */
  failThenOk?: 429 | 500;
  jsonSchemaUnsupported: boolean;
  invalid: boolean;
  echo: boolean;
  refusal: boolean;
  idk: boolean;
  noUsage: boolean;
  cut: boolean;
  malformed: boolean;
  stall: boolean;
  slowFirstTokenMs: number;
  /** Paced stream of generated filler tokens: test-stream-500tps-5000. */
  rate?: { tokensPerSec: number; tokens: number };
}

export function parseMode(model: string): Mode {
  const mode: Mode = {
    jsonSchemaUnsupported: false,
    invalid: false,
    echo: false,
    refusal: false,
    idk: false,
    noUsage: false,
    cut: false,
    malformed: false,
    stall: false,
    slowFirstTokenMs: 0,
  };
  for (const raw of model.split("+")) {
    const flag = raw.trim().replace(/^test-/, "");
    let m: RegExpExecArray | null;
    if ((m = /^(401|403|404|429|500)$/.exec(flag))) mode.failStatus = Number(m[1]) as Mode["failStatus"];
    else if ((m = /^(429|500)-then-ok$/.exec(flag))) mode.failThenOk = Number(m[1]) as Mode["failThenOk"];
    else if (flag === "400-json-schema") mode.jsonSchemaUnsupported = true;
    else if ((m = /^slow-first-token(?:-(\d+))?$/.exec(flag))) mode.slowFirstTokenMs = m[1] ? Number(m[1]) : 400;
    else if ((m = /^stream-(\d+)tps-(\d+)$/.exec(flag))) mode.rate = { tokensPerSec: Number(m[1]), tokens: Number(m[2]) };
    else if (flag === "slow-stream") mode.rate = { tokensPerSec: 50, tokens: 100 };
    else if (flag === "invalid") mode.invalid = true;
    else if (flag === "echo") mode.echo = true;
    else if (flag === "refusal") mode.refusal = true;
    else if (flag === "idk") mode.idk = true;
    else if (flag === "no-usage") mode.noUsage = true;
    else if (flag === "cut") mode.cut = true;
    else if (flag === "malformed") mode.malformed = true;
    else if (flag === "stall") mode.stall = true;
  }
  return mode;
}

/** Model ids listed by GET /v1/models: one per mode, so a model picker shows them all. */
export const LISTED_MODELS = [
  "test-model",
  "test-invalid",
  "test-echo",
  "test-refusal",
  "test-idk",
  "test-no-usage",
  "test-slow-first-token",
  "test-slow-stream",
  "test-stream-500tps-5000",
  "test-401",
  "test-403",
  "test-404",
  "test-429",
  "test-500",
  "test-400-json-schema",
  "test-429-then-ok",
  "test-500-then-ok",
  "test-cut",
  "test-malformed",
  "test-stall",
];
