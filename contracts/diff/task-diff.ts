import type { ContractBody } from "../schema/contract.ts";
import { ChangeLog } from "./types.ts";
import { diffStringList } from "./list-diff.ts";

type Task = ContractBody["task"];

/** The instruction is prose: editing it is wording (patch). Constraints behave like rules (minor). */
export function diffTask(a: Task, b: Task): ChangeLog {
  const log = new ChangeLog("task");
  if (a.instruction !== b.instruction)
    log.add({
      kind: "instruction_edited",
      path: "task.instruction",
      sentence: "Task instruction edited (wording)",
      level: "patch",
      before: a.instruction,
      after: b.instruction,
    });
  diffStringList(a.constraints, b.constraints, {
    log,
    path: ["task", "constraints"],
    noun: "constraint",
    kind: "constraint",
    added: "minor",
    removed: "minor",
  });
  return log;
}
