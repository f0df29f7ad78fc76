import { describe, expect, it } from "vitest";
import { endpointFromFlags } from "./endpoint-flags.ts";

describe("endpointFromFlags: the endpoint flags of run and test", () => {
  it("builds the one profile, the key from the variable named, never from a flag", () => {
    const r = endpointFromFlags({ endpoint: "http://127.0.0.1:8080/v1", "api-key-env": "MY_KEY", retries: "0" }, { MY_KEY: "sk-x" }, false);
    expect(r).toMatchObject({
      apiKey: "sk-x",
      keyEnv: "MY_KEY",
      profile: { baseUrl: "http://127.0.0.1:8080/v1", retries: 0, capabilities: { streaming: false } },
    });
    expect(JSON.stringify(r.profile)).not.toContain("sk-x");
  });

  it.each([
    [{ endpoint: "http://h/v1", "api-key": "sk-1" }, /--api-key is not accepted/],
    [{}, /missing --endpoint URL/],
    [{ endpoint: "http://h/v1", "input-price": "1" }, /give both --input-price and --output-price/],
    [{ endpoint: "http://h/v1", "api-key-env": "NOPE" }, /the environment variable NOPE is not set/],
    [{ endpoint: "http://h/v1", retries: "11" }, /--retries 11: expected a whole number from 0 to 10/],
    [{ endpoint: "http://h/v1", "idle-timeout": "0.5" }, /--idle-timeout 0.5: expected a whole number from 1 up/],
    [{ endpoint: "ftp://h" }, /--endpoint ftp:\/\/h: must be an http:\/\/ or https:\/\/ address/],
  ])("%j is refused: %s", (values, message) => {
    expect(() => endpointFromFlags(values, {}, true)).toThrow(message);
  });
});
