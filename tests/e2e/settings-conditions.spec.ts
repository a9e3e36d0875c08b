import { expect, test } from "./fixtures";
import { h1, signInQuickly } from "./bid-journey";
import { banner } from "./review-steps";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * An administrator keeps the standard conditions. This spec runs before the journeys (see
 * playwright.config.ts) and retires the condition it adds, so decisions are offered what they were.
 */

test("an administrator adds a standard condition, is told when the words are missing, and retires it", async ({ page }) => {
  const text = `The partnership names the PCC as a funder in its publicity (${Date.now()}).`;
  await signInQuickly(page, USERS.admin);
  await page.goto("/settings");
  await page.getByRole("link", { name: "Change the standard conditions" }).click();
  await expect(h1(page, "Standard conditions")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Add the condition" }).click();
  await expect(page.locator(".govuk-error-summary").getByRole("link", { name: "Enter the words of the condition" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("The condition, as a decision will word it").fill(text);
  await page.waitForTimeout(1_100); // GOV.UK's double-click guard: a person takes longer than this
  await page.getByRole("button", { name: "Add the condition" }).click();
  await expect(banner(page)).toContainText("The condition has been added.");
  const row = page.getByRole("row").filter({ hasText: text });
  await expect(row).toContainText("Yes");
  await expectNoAxeViolations(page);

  await row.getByRole("button", { name: /^Retire/ }).click();
  await expect(banner(page)).toContainText("The condition has been retired.");
  await expect(page.getByRole("row").filter({ hasText: text })).toContainText("Retired");
  await expectNoAxeViolations(page);
});
