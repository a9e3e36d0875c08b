import { expect, test } from "./fixtures";
import { expectNoAxeViolations, signIn, USERS } from "./support";

test("a Melton lead sees Melton's allocation and what remains on the dashboard", async ({ page }) => {
  await signIn(page, USERS.meltonLead);
  // £31,000 in 2023-24, and again in this year's round (where all of it remains).
  await expect(page.getByText("£31,000.00").first()).toBeVisible();
  await expect(page.getByText("£29,460.30")).toBeVisible();
  await expectNoAxeViolations(page);
});
