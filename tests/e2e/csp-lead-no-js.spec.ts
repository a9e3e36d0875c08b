import { expect, test } from "./fixtures";
import {
  DRINK_COVERS,
  MIRRORS,
  ROUNDS,
  completeDataProtection,
  completeDetails,
  completeMatchFunding,
  completeOutcomes,
  completePriorities,
  completeRisks,
  costLine,
  createDraftQuickly,
  expectReadOnly,
  expectReadyToSubmit,
  fillNewCostLine,
  h1,
  signInQuickly,
  startDraft,
  statusTag,
  submitAndExpectAccepted,
  uniqueTitle,
} from "./bid-journey";
import { expectNoAxeViolations, USERS } from "./support";

// Every form is a plain HTML form: the whole journey works with JavaScript off.
test.use({ javaScriptEnabled: false });

test("without JavaScript, a lead checks too early and is told what is missing, fixes a refused quantity, and submits", async ({ page }) => {
  test.setTimeout(90_000);
  await signInQuickly(page, USERS.meltonLead);
  const title = uniqueTitle("No-JS drink covers");
  const bidId = await startDraft(page, ROUNDS.current, title);
  await expectNoAxeViolations(page);

  // Check and submit on a draft with only a title lists what is missing, with links, and no Submit.
  await page.getByRole("link", { name: "Back to the bid" }).click();
  await expect(statusTag(page)).toHaveText("Draft");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Check and submit" }).click();
  const missing = page.locator("#submission-problems");
  await expect(missing.getByRole("heading", { name: "Before you can submit" })).toBeVisible();
  await expect(missing).toContainText("12 things need to be done:");
  await expect(missing.getByRole("link", { name: "Add at least one cost line" })).toHaveAttribute("href", `/bids/${bidId}/edit/costs#costs-0-description`);
  await expect(missing.getByRole("link", { name: "Describe the equality impact" })).toHaveAttribute("href", `/bids/${bidId}/edit/data-protection#equalityImpact`);
  await expect(page.getByRole("button", { name: "Submit bid" })).toHaveCount(0);
  await expect(page.getByText(/By submitting this bid/)).toHaveCount(0);
  await expectNoAxeViolations(page);
  await missing.getByRole("link", { name: "Enter a summary of the project" }).click();
  await expect(page).toHaveURL(new RegExp(`/bids/${bidId}/edit/details#summary$`));
  await expect(h1(page, "Project details")).toBeVisible();
  await expectNoAxeViolations(page);

  await completeDetails(page, bidId);
  await completePriorities(page, bidId);

  // A quantity with too many decimal places is refused: the error summary says so and which line,
  // links to it, and what was typed stays (a typed "£" is not shown twice beside the drawn one).
  await fillNewCostLine(page, { ...DRINK_COVERS, quantity: "1.234", unitPrice: `£${DRINK_COVERS.unitPrice}` });
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/bids/${bidId}/edit/costs$`));
  await expect(h1(page, "Costs")).toBeVisible();
  await expect(page).toHaveTitle(/^Error: Costs: /);
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(summary.getByRole("link")).toHaveText(["Cost line 1: quantity must have no more than 2 decimal places"]);
  await expect(summary.getByRole("link")).toHaveAttribute("href", "#costs-0-quantity");
  const row = costLine(page, 1);
  await expect(row.getByLabel("Quantity")).toHaveValue("1.234");
  await expect(row.getByLabel("Quantity")).toHaveAttribute("aria-invalid", "true");
  await expect(row.locator("#costs-0-quantity-error")).toHaveText("Error: Cost line 1: quantity must have no more than 2 decimal places");
  await expect(row.getByLabel("Description")).toHaveValue(DRINK_COVERS.description);
  await expect(row.getByLabel("Unit price")).toHaveValue(DRINK_COVERS.unitPrice);
  await expect(row.getByLabel("Financial year").locator("option:checked")).toHaveText(DRINK_COVERS.year);
  await expectNoAxeViolations(page);

  // Fix it, and add the second line with "Save and add another row".
  await row.getByLabel("Quantity").fill(DRINK_COVERS.quantity);
  await page.getByRole("button", { name: "Save and add another row" }).click();
  await expect(page).toHaveURL(new RegExp(`/bids/${bidId}/edit/costs\\?saved=1#add$`));
  await expect(page.getByRole("alert").filter({ hasText: "Costs saved." })).toBeVisible();
  await expect(costLine(page, 1)).toContainText("Line total: £1,535.00");
  await expect(page.locator(".govuk-error-summary")).toHaveCount(0);
  await expectNoAxeViolations(page);
  await fillNewCostLine(page, MIRRORS);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(h1(page, "Match funding")).toBeVisible();
  await expect(page.getByText("towards the total cost of £2,302.80")).toBeVisible();
  await expectNoAxeViolations(page);

  await completeMatchFunding(page, bidId);
  await completeOutcomes(page, bidId);
  await completeRisks(page, bidId);
  await completeDataProtection(page, bidId);
  await expectReadyToSubmit(page);
  await submitAndExpectAccepted(page, bidId, title);
  await expectReadOnly(page, bidId);
});

test("without JavaScript, a lead deletes a draft that was never submitted", async ({ page }) => {
  await signInQuickly(page, USERS.meltonLead);
  const title = uniqueTitle("No-JS draft to delete");
  const bidId = await createDraftQuickly(page, ROUNDS.current, title);
  await page.goto(`/bids/${bidId}/delete`);
  await expect(h1(page, "Are you sure you want to delete this draft?")).toBeVisible();
  await expect(page.locator("#what-is-deleted")).toContainText(title);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Delete draft" }).click();
  await expect(page).toHaveURL(/\/bids\?done=deleted$/);
  await expect(page.getByRole("alert").filter({ hasText: "The draft bid has been deleted." })).toBeVisible();
  await expectNoAxeViolations(page);
  expect((await page.request.get(`/bids/${bidId}`)).status()).toBe(404);
});
