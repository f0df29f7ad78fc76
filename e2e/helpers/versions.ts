/** The Versions panel of the left pane: publishing the draft and pointing labels, as a user does. */
import { expect, type Page } from "@playwright/test";

export const left = (page: Page) => page.getByRole("complementary", { name: "Contracts" });
export const versions = (page: Page) => left(page).getByRole("region", { name: "Versions" });

/** Publishes the draft as the suggested `version` through the Publish dialog. */
export async function publish(page: Page, version: string, message: string): Promise<void> {
  await versions(page).getByRole("button", { name: "Publish version…" }).click();
  const dialog = page.getByRole("dialog", { name: /Publish a version/ });
  await expect(dialog.getByRole("textbox", { name: "Version" })).toHaveValue(version);
  await dialog.getByRole("textbox", { name: "Changelog message" }).fill(message);
  await dialog.getByRole("button", { name: `Publish ${version}` }).click();
  await expect(dialog).toBeHidden();
  await expect(versions(page).getByRole("listitem", { name: `Version ${version}` })).toContainText(message);
}

/** Points `label` at `version` with the panel's form (a move that needs confirming is left to the caller). */
export async function pointLabel(page: Page, label: string, version: string): Promise<void> {
  const form = versions(page).getByRole("form", { name: "Point a label" });
  await form.getByRole("combobox", { name: "Label name" }).fill(label);
  await form.getByRole("combobox", { name: "Label version" }).selectOption(version);
  await form.getByRole("button", { name: "Point label" }).click();
}
