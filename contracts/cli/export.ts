/**
 * `contract export FILE --to promptfoo|openai [...]`: the contract in another tool's terms, so
 * a team is not locked in (issue 9 item 5). The domain is contracts/export/; this module reads
 * the flags and the file and writes the result to stdout or --out.
 *
 * Nothing secret is written: the key is never read (only the *name* of its variable, given by
 * --api-key-env, goes into a promptfoo provider), and no canary is placed.
 * Exit codes: 0 written; 1 a case does not assemble; 2 usage, an unknown --case, an unreadable
 * or invalid file, or --out not writable (see exit-codes.ts).
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { EndpointProfile } from "../client/profile.ts";
import { errorLine } from "../errors.ts";
import { serializePromptfooConfig, toPromptfooConfig } from "../export/promptfoo.ts";
import { caseRequests, contractRequest, STREAMING_PROFILE, toJsonl } from "../export/requests.ts";
import { oneOf, UsageError, usageMessage } from "./args.ts";
import { endpointFromFlags, ENDPOINT_FLAGS } from "./endpoint-flags.ts";
import { EXIT } from "./exit-codes.ts";
import { readContractFile } from "./read-contract.ts";

const USAGE = `usage: contract export FILE --to promptfoo|openai [options]
  Writes the contract in another tool's terms (stdout, or --out F). No key and no canary is ever written.
  --to promptfoo       a promptfoo configuration (JSON; promptfoo reads it as promptfooconfig.json or .yaml):
                       the cases as tests with their variables and assembled messages, every assertion
                       (the implied ones too) as a promptfoo assertion; run it with promptfoo eval -c F
  --to openai          the request body the endpoint client sends (JSON), as \`contract test\` sends it
  --case ID            (openai) the body of test case ID (default: the contract with its variables' defaults)
  --cases              (openai) every case's body, one a line (JSONL)
  --endpoint URL       (promptfoo) the provider's apiBaseUrl, used by the rubric grader too
  --model M            the model (default: the contract's)
  --api-key-env NAME   (promptfoo) the variable promptfoo reads the key from; only its name is written
  --out F              write to F instead of stdout
`;

const TARGETS = ["promptfoo", "openai"] as const;

/** The profile the body is fitted to: the one `contract test` builds (streaming, usage in the stream); the URL is not in the body. */
function exportProfile(values: { endpoint?: string; [k: string]: unknown }): EndpointProfile {
  if (values["api-key"] !== undefined)
    throw new UsageError("--api-key is not accepted: an export never holds a key; promptfoo reads it from the variable --api-key-env names");
  return values.endpoint ? endpointFromFlags({ ...values, "api-key-env": undefined } as never, {}, true).profile : STREAMING_PROFILE;
}

export const exportCommand = {
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    let values;
    let file: string;
    let to: (typeof TARGETS)[number];
    let profile: EndpointProfile;
    try {
      const parsed = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: {
          ...ENDPOINT_FLAGS,
          to: { type: "string" },
          model: { type: "string" },
          case: { type: "string" },
          cases: { type: "boolean", default: false },
          out: { type: "string" },
        },
      });
      values = parsed.values;
      if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length ? "give exactly one FILE" : "missing FILE");
      file = parsed.positionals[0]!;
      const target = oneOf(values.to, TARGETS, "--to");
      if (!target) throw new UsageError("missing --to promptfoo or --to openai");
      to = target;
      if (to === "promptfoo" && (values.case !== undefined || values.cases))
        throw new UsageError("--case and --cases go with --to openai (a promptfoo export has every case)");
      if (values.case !== undefined && values.cases) throw new UsageError("give --case ID or --cases, not both");
      if (values["api-key-env"] !== undefined && to === "openai") throw new UsageError("--api-key-env goes with --to promptfoo (a request body has no key)");
      profile = exportProfile(values);
    } catch (e) {
      process.stderr.write(usageMessage("export", e, USAGE));
      return EXIT.usage;
    }

    const read = await readContractFile(file);
    if (read.kind === "unreadable") {
      process.stderr.write(`${read.message}\n`);
      return EXIT.usage;
    }
    if (read.kind === "invalid") {
      for (const e of read.errors) process.stderr.write(`${errorLine(e)}\n`);
      return EXIT.usage;
    }
    const contract = read.contract;
    const target = { profile, model: values.model };

    let text: string;
    if (to === "promptfoo") {
      const config = toPromptfooConfig(contract, { ...target, endpoint: values.endpoint, keyEnv: values["api-key-env"] });
      if (!config.ok) {
        for (const e of config.errors) process.stderr.write(`${errorLine(e)}\n`);
        return EXIT.failed;
      }
      text = serializePromptfooConfig(config.value);
    } else if (values.cases || values.case !== undefined) {
      if (values.case !== undefined && !contract.tests.some((t) => t.id === values.case)) {
        process.stderr.write(`--case ${values.case}: no such test case (have: ${contract.tests.map((t) => t.id).join(", ") || "none"})\n`);
        return EXIT.usage;
      }
      const bodies = caseRequests(contract, target, values.case !== undefined ? [values.case] : undefined);
      if (!bodies.ok) {
        for (const e of bodies.errors) process.stderr.write(`${errorLine(e)}\n`);
        return EXIT.failed;
      }
      text = values.cases ? toJsonl(bodies.value) : `${JSON.stringify(bodies.value[0]!.request, null, 2)}\n`;
    } else {
      const body = contractRequest(contract, target);
      if (!body.ok) {
        for (const e of body.errors) process.stderr.write(`${errorLine(e)}\n`);
        return EXIT.failed;
      }
      text = `${JSON.stringify(body.value, null, 2)}\n`;
    }

    if (values.out === undefined) {
      process.stdout.write(text);
      return EXIT.ok;
    }
    try {
      await writeFile(values.out, text);
    } catch (e) {
      process.stderr.write(`--out ${values.out}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})\n`);
      return EXIT.usage;
    }
    process.stderr.write(`wrote ${values.out}\n`);
    return EXIT.ok;
  },
};
