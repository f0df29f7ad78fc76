/** test-grader and +flaky over HTTP: the grader reads the request rubric.ts builds; flaky repeats disagree. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graderRequest, parseGrade } from "../../contracts/eval/assertions/rubric.ts";
import { FLAKY_ANSWER } from "./judge-modes.ts";
import { parseMode } from "./modes.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function ask(body: object): Promise<string> {
  const res = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.json()) as { choices: { message: { content: string } }[] };
  return json.choices[0]!.message.content;
}

describe("test-grader", () => {
  it("scores 1 when the answer has the rubric's quoted phrase, else 0, as a grade rubric.ts parses", async () => {
    const rubric = 'The answer promises delivery "today".';
    const yes = parseGrade(await ask(graderRequest({ rubric, task: "Where is my parcel?", answer: "It ships today.", model: "test-grader" })));
    const no = parseGrade(await ask(graderRequest({ rubric, task: "Where is my parcel?", answer: "It ships on Monday.", model: "test-grader" })));
    expect(yes).toEqual({ ok: true, grade: { score: 1, reason: 'the answer mentions "today"' } });
    expect(no).toEqual({ ok: true, grade: { score: 0, reason: 'the answer does not mention "today"' } });
  });
});

describe("+flaky", () => {
  it("answers the same request differently every second time", async () => {
    const body = { model: "test-echo+flaky", messages: [{ role: "user", content: "Order 7 is late." }] };
    expect([await ask(body), await ask(body), await ask(body)]).toEqual(["Order 7 is late.", FLAKY_ANSWER, "Order 7 is late."]);
    expect(parseMode("test-echo").flaky).toBeFalsy();
  });
});
