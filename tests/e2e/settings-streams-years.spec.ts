import { expect, test } from "./fixtures";
import { h1, signInQuickly } from "./bid-journey";
import { banner } from "./review-steps";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * An administrator adds a funding stream and the next financial year, then finds both offered on
 * /rounds/new. Each run makes a stream of its own (a unique code) and adds whatever year is next.
 */

for (const javaScript of [true, false]) {
  test.describe(`with JavaScript ${javaScript ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled: javaScript });

    test("an administrator adds a funding stream and the next financial year, and a new round offers both", async ({ page }) => {
      const suffix = `${Date.now().toString(36)}${javaScript ? "j" : "n"}`;
      const name = `Safer Streets test ${suffix}`;
      await signInQuickly(page, USERS.admin);
      await page.goto("/settings/streams");
      await expect(h1(page, "Funding streams")).toBeVisible();
      await expectNoAxeViolations(page);
      await page.getByRole("link", { name: "Add a funding stream" }).click();
      await expect(h1(page, "Add a funding stream")).toBeVisible();
      await page.getByRole("button", { name: "Add the stream" }).click();
      await expect(page.locator(".govuk-error-summary").getByRole("link", { name: "Enter the stream's name" })).toBeVisible();
      await expectNoAxeViolations(page);
      await page.getByLabel("Name of the stream").fill(name);
      await page.getByLabel("Code").fill(`test-${suffix}`);
      await page.waitForTimeout(1_100);
      await page.getByRole("button", { name: "Add the stream" }).click();
      await expect(banner(page)).toContainText("The stream has been added.");
      await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Yes");

      await page.goto("/settings/years");
      await expect(h1(page, "Financial years")).toBeVisible();
      await expectNoAxeViolations(page);
      const button = page.getByRole("button", { name: /^Add the next financial year/ });
      const label = /\((\d{4}-\d{2})\)/.exec((await button.textContent()) ?? "")![1];
      await button.click();
      await expect(banner(page)).toContainText(`${label} has been added.`);
      await expect(page.getByRole("rowheader", { name: label })).toBeVisible();
      await expectNoAxeViolations(page);

      await page.goto("/rounds/new");
      await expect(page.getByLabel("Funding stream").locator("option", { hasText: name })).toHaveCount(1);
      await expect(page.getByLabel("Financial year").locator("option", { hasText: label })).toHaveCount(1);
      await expectNoAxeViolations(page);
    });
  });
}
