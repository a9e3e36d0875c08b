import { expect, test } from "./fixtures";
import { h1, signInQuickly } from "./bid-journey";
import { banner } from "./review-steps";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * An administrator sets the decision reference format. This spec runs before the journeys (see
 * playwright.config.ts), which read PCC/2023-24/nnn references, and puts the default back.
 */

test("an administrator is told why a format without the year is refused, saves a new format, and puts the default back", async ({ page }) => {
  await signInQuickly(page, USERS.admin);
  await page.goto("/settings");
  await page.getByRole("link", { name: "Change the decision reference format" }).click();
  await expect(h1(page, "Decision reference format")).toBeVisible();
  await expect(page.locator(".govuk-summary-list__row").filter({ hasText: "Format now" }).locator("dd")).toHaveText("PCC/{year}/{seq:3}");
  await expectNoAxeViolations(page);

  const format = page.getByLabel("New format");
  await format.fill("DEC-{seq:4}");
  await page.getByRole("button", { name: "Save the format" }).click();
  const message = "Put {year} in the format: numbers start again each financial year, so references need the year to be unique";
  await expect(page.locator(".govuk-error-summary").getByRole("link", { name: message })).toBeVisible();
  await expect(format).toHaveValue("DEC-{seq:4}");
  await expectNoAxeViolations(page);

  await format.fill("OPCC-DEC-{year}-{seq:4}");
  await page.waitForTimeout(1_100); // GOV.UK's double-click guard: a person takes longer than this
  await page.getByRole("button", { name: "Save the format" }).click();
  await expect(banner(page)).toContainText("The decision reference format has been saved.");
  await expect(page.locator(".govuk-summary-list__row").filter({ hasText: "Next reference" }).locator("dd")).toHaveText(/^OPCC-DEC-\d{4}-\d{2}-\d{4}$/);
  await expectNoAxeViolations(page);

  await page.getByLabel("New format").fill("PCC/{year}/{seq:3}");
  await page.waitForTimeout(1_100);
  await page.getByRole("button", { name: "Save the format" }).click();
  await expect(page.locator(".govuk-summary-list__row").filter({ hasText: "Format now" }).locator("dd")).toHaveText("PCC/{year}/{seq:3}");
});
