import { expect, test } from "./fixtures";
import { ROUNDS, createDraftQuickly, h1, signInQuickly, uniqueTitle } from "./bid-journey";
import { expectNoAxeViolations, USERS } from "./support";

test("when the same section of a draft is saved from two browsers, the second save is refused, says who changed it and keeps what was typed", async ({ page, browser, baseURL }) => {
  await signInQuickly(page, USERS.meltonLead);
  const original = uniqueTitle("Stale edit");
  const bidId = await createDraftQuickly(page, ROUNDS.current, original);
  await page.goto(`/bids/${bidId}/edit/details`);
  await expect(page.getByLabel("Project title")).toHaveValue(original);
  await expectNoAxeViolations(page);

  // The same lead opens the same section in a second browser.
  const otherContext = await browser.newContext({ baseURL });
  try {
    const other = await otherContext.newPage();
    await signInQuickly(other, USERS.meltonLead);
    await other.goto(`/bids/${bidId}/edit/details`);
    await expect(h1(other, "Project details")).toBeVisible();
    await expect(other.getByLabel("Project title")).toHaveValue(original);
    await expectNoAxeViolations(other);

    // First browser saves a new title.
    const first = `${original} (first)`;
    await page.getByLabel("Project title").fill(first);
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(h1(page, "Priorities")).toBeVisible();
    await expectNoAxeViolations(page);

    // Second browser, still on the version it opened, saves another: refused.
    const second = `${original} (second)`;
    await other.getByLabel("Project title").fill(second);
    await other.getByRole("button", { name: "Save and continue" }).click();
    const summary = other.locator(".govuk-error-summary");
    await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
    await expect(summary).toContainText(/You changed this section on .+ in another tab or window after you opened this page\. Your changes have not been saved\./);
    await expect(other).toHaveURL(new RegExp(`/bids/${bidId}/edit/details$`));
    await expect(other).toHaveTitle(/^Error: /);
    await expect(other.getByLabel("Project title")).toHaveValue(second);
    await expectNoAxeViolations(other);

    // Saving again from the same stale page is still refused.
    await other.getByRole("button", { name: "Save and continue" }).click();
    await expect(summary).toContainText("Your changes have not been saved.");
    await expect(other.getByLabel("Project title")).toHaveValue(second);
    await expectNoAxeViolations(other);

    // The first save stands; reloading shows it.
    await other.goto(`/bids/${bidId}/edit/details`);
    await expect(other.getByLabel("Project title")).toHaveValue(first);
    await expect(other.locator(".govuk-error-summary")).toHaveCount(0);
    await expectNoAxeViolations(other);
  } finally {
    await otherContext.close();
  }
});

test("two people on two sections of one draft both save, and each sees the other's change", async ({ page, browser, baseURL }) => {
  await signInQuickly(page, USERS.meltonLead);
  const original = uniqueTitle("Two sections");
  const bidId = await createDraftQuickly(page, ROUNDS.current, original);
  await page.goto(`/bids/${bidId}/edit/details`);
  await expect(h1(page, "Project details")).toBeVisible();

  const otherContext = await browser.newContext({ baseURL });
  try {
    // The second browser opens the equality section before the first saves the details.
    const other = await otherContext.newPage();
    await signInQuickly(other, USERS.meltonLead);
    await other.goto(`/bids/${bidId}/edit/data-protection`);
    await expect(h1(other, "Data protection and equality")).toBeVisible();
    await expectNoAxeViolations(other);

    const renamed = `${original} (renamed)`;
    await page.getByLabel("Project title").fill(renamed);
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(h1(page, "Priorities")).toBeVisible();

    // Its save does not overwrite the details, so it goes through.
    await other.getByRole("group", { name: "Does the project use CCTV, or collect or hold personal data?" }).getByLabel("No").check();
    await other.getByLabel("Equality impact").fill("Open to everyone in the town centre.");
    await other.getByRole("button", { name: "Save and continue" }).click();
    await expect(h1(other, "Check your bid before you submit it")).toBeVisible();
    await expect(other.locator(".govuk-error-summary").filter({ hasText: "Your changes have not been saved" })).toHaveCount(0);
    await expectNoAxeViolations(other);

    // Both changes stand.
    await page.goto(`/bids/${bidId}/edit/details`);
    await expect(page.getByLabel("Project title")).toHaveValue(renamed);
    await page.goto(`/bids/${bidId}/edit/data-protection`);
    await expect(page.getByLabel("Equality impact")).toHaveValue("Open to everyone in the town centre.");
    await expectNoAxeViolations(page);
  } finally {
    await otherContext.close();
  }
});
