/** A variable marked untrusted (issue 12): its value leaves the task and is delimited in the context packet, as the preview shows. */
import { test, expect } from "./fixtures/test.ts";
import { EXAMPLES, editor, expectPreviewCurrent, openEditorTab, openStudio, selectContract, systemMessage, userMessage } from "./helpers/studio.ts";

test("ticking Untrusted moves the variable's value into a delimited block of the packet, and unticking brings it back", async ({ page }) => {
  await openStudio(page);
  await selectContract(page, EXAMPLES[1].name);
  await openEditorTab(page, "Task");
  const question = editor(page).getByRole("group", { name: "{{question}}" });
  const untrusted = question.getByRole("checkbox", { name: "Untrusted (delimit in the context packet)" });
  await expect(untrusted).not.toBeChecked();
  await expect(userMessage(page)).not.toContainText('variable="question"');

  await untrusted.check();
  await expectPreviewCurrent(page);
  await expect(userMessage(page)).toContainText('Question: [variable "question", in the context packet below]');
  await expect(userMessage(page)).toContainText(/<context-[0-9a-f]{8} variable="question">/);
  await expect(systemMessage(page)).toContainText('A block with a variable="..." attribute holds the value of a task variable');

  await untrusted.uncheck();
  await expectPreviewCurrent(page);
  await expect(userMessage(page)).not.toContainText('variable="question"');
});
