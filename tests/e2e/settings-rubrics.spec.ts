import { expect, test } from "./fixtures";
import { h1, signInQuickly } from "./bid-journey";
import { banner } from "./review-steps";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * An administrator keeps each stream's scoring rubric. This spec runs before the journeys (see
 * playwright.config.ts) and leaves the annual rubric as it found it: the default. One of the demo's
 * Safer Streets 5 bids is still being scored, so that stream's rubric cannot change.
 */

test("an administrator changes the annual rubric's weights, is told when they do not add up to 100, and returns it to the default", async ({ page }) => {
  test.setTimeout(45_000);
  await signInQuickly(page, USERS.admin);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Settings", exact: true }).click();
  await expect(h1(page, "Settings")).toBeVisible();
  await expectNoAxeViolations(page);

  // Safer Streets 5: one of its bids (Buddy by M) is under review with scores, so the rubric is shown but not offered for change.
  await page.getByRole("link", { name: "Change the scoring rubric for Safer Streets 5" }).click();
  await expect(h1(page, "Scoring rubric: Safer Streets 5")).toBeVisible();
  await expect(page.locator(".govuk-warning-text")).toContainText("1 bid in this stream is being scored. The rubric cannot change until it is decided");
  await expect(page.getByRole("table", { name: "Criteria" }).getByRole("row", { name: /Alignment with the Police and Crime Plan 25/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save the rubric" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Back to settings" }).click();
  await page.getByRole("link", { name: "Change the scoring rubric for Annual CSP allocation" }).click();
  await expect(h1(page, "Scoring rubric: Annual CSP allocation")).toBeVisible();
  await expectNoAxeViolations(page);

  const criterion = (n: number) => page.getByRole("group", { name: new RegExp(`^Criterion ${n}\\b`) });
  await criterion(1).getByLabel("Weight").fill("30");
  await page.getByRole("button", { name: "Save the rubric" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("link", { name: "The weights add up to 105: they must add up to 100" })).toBeVisible();
  await expect(criterion(1).getByLabel("Weight")).toHaveValue("30");
  await expect(page).toHaveTitle(/^Error: Scoring rubric: Annual CSP allocation/);
  await expectNoAxeViolations(page);
  await summary.getByRole("link", { name: "The weights add up to 105: they must add up to 100" }).click();
  await expect(criterion(1).getByLabel("Weight")).toBeFocused();

  await criterion(2).getByLabel("Weight").fill("15");
  await page.waitForTimeout(1_100); // GOV.UK's double-click guard: a person takes longer than this
  await page.getByRole("button", { name: "Save the rubric" }).click();
  await expect(banner(page)).toContainText("The rubric has been saved. Bids scored from now on are scored against it.");
  await expect(page.locator(".govuk-caption-l")).toHaveText("Set for this stream");
  await expect(criterion(1).getByLabel("Weight")).toHaveValue("30");
  await expect(criterion(2).getByLabel("Weight")).toHaveValue("15");
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Use the default rubric" }).click();
  await expect(banner(page)).toContainText("The stream now uses the default rubric.");
  await expect(page.locator(".govuk-caption-l")).toHaveText("The default rubric");
  await expect(criterion(1).getByLabel("Weight")).toHaveValue("25");
  await expectNoAxeViolations(page);
});
