/** Checks on the run, not the words: latency and cost ceilings (from the RunResult). */
import { z } from "zod";
import { defineAssertion, verdict } from "./define.ts";

/** Dollars as a person reads them: cents to two places, fractions of a cent to two significant digits. */
const usd = (n: number) => (n >= 0.01 ? `$${n.toFixed(2)}` : `$${Number(n.toPrecision(2))}`);

export const latencyBelow = defineAssertion({
  type: "latency_below",
  label: "Answers within N ms",
  schema: z.strictObject({ type: z.literal("latency_below"), ms: z.number().positive("must be above 0") }),
  describe: (p) => `The answer arrives within ${p.ms} ms.`,
  evaluate: (p, ctx) => {
    // latencyMs: from sending the answering attempt to the end of its answer (retry waits are the endpoint's, not the answer's).
    const ms = Math.round(ctx.result.timings.latencyMs);
    return ms < p.ms ? verdict(true, `took ${ms} ms, under ${p.ms} ms`) : verdict(false, `took ${ms} ms, not under ${p.ms} ms`);
  },
  // promptfoo passes at latency <= threshold (whole ms); ours passes under p.ms: the same for whole milliseconds.
  promptfoo: (p) => ({ type: "latency", threshold: Math.ceil(p.ms) - 1 }),
});

export const costBelow = defineAssertion({
  type: "cost_below",
  label: "Costs under $N",
  schema: z.strictObject({ type: z.literal("cost_below"), usd: z.number().positive("must be above 0") }),
  describe: (p) => `The run costs under ${usd(p.usd)}.`,
  evaluate: (p, ctx) => {
    const cost = ctx.result.cost;
    if (!cost) return verdict(false, "the cost is unknown: the endpoint profile has no prices");
    return cost.totalUsd < p.usd
      ? verdict(true, `cost ${usd(cost.totalUsd)}, under ${usd(p.usd)}`)
      : verdict(false, `cost ${usd(cost.totalUsd)}, not under ${usd(p.usd)}`);
  },
  // promptfoo knows the prices of OpenAI's own models only; on another endpoint its cost check reports no cost.
  promptfoo: (p) => ({ type: "cost", threshold: p.usd }),
});

export const RUN_ASSERTIONS = [latencyBelow, costBelow] as const;
