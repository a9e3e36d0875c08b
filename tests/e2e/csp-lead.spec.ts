import { expect, test, type Page } from "./fixtures";
import {
  DRINK_COVERS,
  MIRRORS,
  ROUNDS,
  completeCosts,
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
import { expectNoAxeViolations, formToken, USERS } from "./support";

test.beforeEach(async ({ page }) => {
  await signInQuickly(page, USERS.meltonLead);
});

const roundCard = (page: Page, round: string) =>
  page.locator(".govuk-summary-card").filter({ has: page.getByRole("heading", { level: 3, name: new RegExp(`^${round}`) }) });
const summaryRow = (scope: ReturnType<Page["locator"]>, key: string) => scope.locator(".govuk-summary-list__row").filter({ has: scope.page().getByText(key, { exact: true }) });

test("the Melton lead's dashboard shows the annual allocation, what the PCC approved, what remains, and the latest decisions; only this year's round takes bids", async ({ page }) => {
  await page.goto("/");
  await expect(h1(page, "Dashboard")).toBeVisible();
  await expect(page.getByText("Safer Melton Partnership", { exact: true })).toBeVisible();
  const annual = roundCard(page, ROUNDS.annual);
  await expect(summaryRow(annual, "Provisional allocation").locator("dd")).toHaveText("£31,000.00");
  // Five bids approved in full and Drink Safe part-approved (£2,267.50 of £3,035.00).
  await expect(summaryRow(annual, "Approved by the PCC").locator("dd")).toHaveText("£29,460.30");
  await expect(summaryRow(annual, "Waiting for a decision").locator("dd")).toHaveText("£0.00");
  await expect(summaryRow(annual, "Remaining allocation").locator("dd")).toHaveText("£1,539.70");
  const decisions = page.getByRole("table", { name: "The latest decisions on your partnership's bids" });
  // The latest of the demo's decisions: Safer Streets 5's body cameras, approved in November 2023.
  await expect(decisions.getByRole("row", { name: /PCC\/2023-24\/010/ }).getByRole("cell")).toHaveText([/PCC\/2023-24\/010/, "Body cameras and training for officers", "Approved", "£13,500.00"]);
  // The 2023-24 rounds have closed: they say when, and take no new bids.
  await expect(summaryRow(annual, "Closing date").locator("dd")).toHaveText("Closed on 31 July 2023");
  await expect(annual.getByRole("link", { name: /^Start a bid/ })).toHaveCount(0);
  const ss5 = roundCard(page, ROUNDS.saferStreets);
  await expect(summaryRow(ss5, "Provisional allocation").locator("dd")).toHaveText("£300,000.00");
  await expect(summaryRow(ss5, "Closing date").locator("dd")).toHaveText("Closed on 31 December 2023");
  await expect(ss5.getByRole("link", { name: /^Start a bid/ })).toHaveCount(0);
  const current = roundCard(page, ROUNDS.current);
  await expect(summaryRow(current, "Provisional allocation").locator("dd")).toHaveText("£31,000.00");
  await expect(summaryRow(current, "Closing date").locator("dd")).toHaveText(/^Closes at midnight at the end of \d{1,2} \w+ \d{4}$/);
  await expect(current.getByRole("link", { name: `Start a bid in ${ROUNDS.current}` })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("the bids list filters by status and round, totals what it shows, and keeps the filters when sorted", async ({ page }) => {
  await page.goto("/bids");
  await expect(h1(page, "Bids")).toBeVisible();
  await expect(page.locator("#bid-totals")).toContainText(/^\d+ bids, requesting £[\d,]+\.\d\d in all/);
  await expectNoAxeViolations(page);

  await page.getByLabel("Round").selectOption({ label: `${ROUNDS.annual} (2023-24)` });
  await page.getByLabel("Status").selectOption({ label: "Approved" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=approved/);
  await expect(page.locator("#bid-totals")).toHaveText("5 bids, requesting £27,192.80 in all.");
  await expect(page.locator("tbody .govuk-table__row")).toHaveCount(5);
  for (const tag of await page.locator("tbody .govuk-tag").allTextContents()) expect(tag).toBe("Approved");
  // The filters persist: the selects show what was chosen.
  await expect(page.getByLabel("Round")).toHaveValue(/^\d+$/);
  await expect(page.getByLabel("Round").locator("option:checked")).toHaveText(`${ROUNDS.annual} (2023-24)`);
  await expect(page.getByLabel("Status")).toHaveValue("approved");
  await expect(page.getByRole("link", { name: "Clear filters" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Sorting by title keeps the filters, and says which way it is sorted.
  await page.getByRole("link", { name: "Title", exact: true }).click();
  await expect(page).toHaveURL(/sort=title/);
  await expect(page).toHaveURL(/status=approved/);
  await expect(page.locator("#bid-totals")).toHaveText("5 bids, requesting £27,192.80 in all.");
  await expect(page.getByRole("columnheader", { name: "Title" })).toHaveAttribute("aria-sort", "ascending");
  await expect(page.getByLabel("Status")).toHaveValue("approved");
  const titles = await page.locator("tbody .govuk-table__row td:first-child").allTextContents();
  expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));
  expect(titles).toContain("Convex mirrors at four sites");
  await expectNoAxeViolations(page);
});

test("a lead completes a new bid in this year's round section by section, then submits it", async ({ page }) => {
  test.setTimeout(90_000);
  const title = uniqueTitle("Drink Safe and mirrors");
  const bidId = await startDraft(page, ROUNDS.current, title);
  await expectNoAxeViolations(page);
  await completeDetails(page, bidId);
  await completePriorities(page, bidId);
  await completeCosts(page, bidId);
  await completeMatchFunding(page, bidId);
  await completeOutcomes(page, bidId);
  await completeRisks(page, bidId);
  await completeDataProtection(page, bidId);
  await expectReadyToSubmit(page);
  // Each card on the check-your-answers page can be changed.
  await expect(page.getByRole("link", { name: "Change costs" })).toHaveAttribute("href", `/bids/${bidId}/edit/costs`);

  await submitAndExpectAccepted(page, bidId, title);
  await expectReadOnly(page, bidId);
  await expect(statusTag(page)).toHaveText("Submitted");
});

test("check and submit on an unfinished draft lists what is missing, each linking to where it is fixed, and offers no declaration or Submit", async ({ page }) => {
  const bidId = await createDraftQuickly(page, ROUNDS.current, uniqueTitle("Only a title"));
  await page.goto(`/bids/${bidId}`);
  await expect(statusTag(page)).toHaveText("Draft");
  await expect(page.locator("#tasks").getByRole("link", { name: "Project details" })).toHaveAttribute("href", `/bids/${bidId}/edit/details`);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Check and submit" }).click();
  await expect(h1(page, "Check your bid before you submit it")).toBeVisible();
  const missing = page.locator("#submission-problems");
  await expect(missing.getByRole("heading", { name: "Before you can submit" })).toBeVisible();
  await expect(page.getByText("You cannot submit this bid yet.")).toBeVisible();
  // Nothing to declare or submit yet: no "£0.00" declaration, no button.
  await expect(page.getByRole("button", { name: "Submit bid" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Now submit your bid" })).toHaveCount(0);
  await expect(page.getByText(/By submitting this bid/)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Go back to the bid's task list" }).first()).toHaveAttribute("href", `/bids/${bidId}`);
  await expectNoAxeViolations(page);

  const expected: [string, string][] = [
    ["Enter a summary of the project", "details#summary"],
    ["Describe the problem and the evidence of need", "details#need"],
    ["Describe what will be done", "details#activities"],
    ["Enter where the project will take place", "details#locations"],
    ["Enter the start date", "details#startDate-day"],
    ["Enter the end date", "details#endDate-day"],
    ["Select at least one Police and Crime Plan priority", "priorities#priorities"],
    ["Add at least one cost line", "costs#costs-0-description"],
    ["Add at least one outcome with a baseline and a target", "outcomes#outcomes-0-measure"],
    ["Add at least one risk", "risks#risks-0-description"],
    ["Say whether the project uses CCTV or holds personal data", "data-protection#holdsPersonalData"],
    ["Describe the equality impact", "data-protection#equalityImpact"],
  ];
  await expect(missing).toContainText("12 things need to be done:");
  await expect(missing.getByRole("link")).toHaveText(expected.map(([text]) => text));
  for (const [text, target] of expected) {
    await expect(missing.getByRole("link", { name: text, exact: true })).toHaveAttribute("href", `/bids/${bidId}/edit/${target}`);
  }

  // Every link's target is a field on its section's page...
  for (const [, target] of expected) {
    const [section, field] = target.split("#");
    const html = await (await page.request.get(`/bids/${bidId}/edit/${section}`)).text();
    expect(html, `${section} has a field with id ${field}`).toContain(` id="${field}"`);
  }
  // ...and following one lands there.
  await missing.getByRole("link", { name: "Enter the start date" }).click();
  await expect(page).toHaveURL(new RegExp(`/bids/${bidId}/edit/details#startDate-day$`));
  await expect(h1(page, "Project details")).toBeVisible();
  await expect(page.getByRole("group", { name: "Start date", exact: true }).getByLabel("Day")).toBeVisible();
  await expectNoAxeViolations(page);

  // A submit posted anyway (from a copy of the page made while it was ready) is refused, with the same list.
  const refused = await page.request.post(`/bids/${bidId}/submit`, { form: { csrf: await formToken(page.request, "/"), version: "1" }, maxRedirects: 0 });
  expect(refused.status()).toBe(400);
  expect(await refused.text()).toContain("The bid was not submitted.");
});

test("a lead deletes a draft that was never submitted, after seeing what will be deleted", async ({ page }) => {
  const title = uniqueTitle("Draft to delete");
  const bidId = await createDraftQuickly(page, ROUNDS.current, title);
  await page.goto(`/bids/${bidId}/delete`);
  await expect(h1(page, "Are you sure you want to delete this draft?")).toBeVisible();
  await expect(page).toHaveTitle(/^Delete draft bid/);
  const what = page.locator("#what-is-deleted");
  await expect(what.locator(".govuk-summary-list__row").filter({ hasText: "Title" })).toContainText(title);
  await expect(what.locator(".govuk-summary-list__row").filter({ hasText: "Costs" })).toContainText("None");
  await expect(page.locator(".govuk-warning-text")).toContainText("You cannot undo this.");
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Delete draft" }).click();
  await expect(page).toHaveURL(/\/bids\?done=deleted$/);
  await expect(h1(page, "Bids")).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "The draft bid has been deleted." })).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);
  await expectNoAxeViolations(page);
  expect((await page.request.get(`/bids/${bidId}`)).status()).toBe(404);
});

test("cost lines with JavaScript on: a saved line shows what was saved, errors say which line, and a removed line goes", async ({ page }) => {
  const bidId = await createDraftQuickly(page, ROUNDS.current, uniqueTitle("Rows with JavaScript"));
  await page.goto(`/bids/${bidId}/edit/costs`);
  await expect(h1(page, "Costs")).toBeVisible();
  await expect(page.locator("body.js-enabled")).toHaveCount(1);
  await expectNoAxeViolations(page);

  // Typed with a pound sign and a thousands comma: once saved, the boxes show the saved amounts,
  // without a second "£" beside the one drawn before the box.
  await fillNewCostLine(page, { ...DRINK_COVERS, quantity: "10,000", unitPrice: "£0.1535" });
  await page.getByRole("button", { name: "Save and add another row" }).click();
  await expect(page).toHaveURL(new RegExp(`/bids/${bidId}/edit/costs\\?saved=1#add$`));
  await expect(page.getByRole("alert").filter({ hasText: "Costs saved." })).toBeVisible();
  await expect(costLine(page, 1)).toContainText("Line total: £1,535.00");
  // A screen reader hears the saved line's name once ("Cost line 1"), not twice.
  await expect(page.getByRole("group", { name: "Cost line 1", exact: true })).toHaveCount(1);
  await expect(costLine(page, 1).getByLabel("Unit price")).toHaveValue("0.1535");
  await expect(costLine(page, 1).getByLabel("Quantity")).toHaveValue("10000");
  await expect(page.getByRole("group", { name: /^New cost line/ }).getByLabel("Description")).toHaveValue("");
  await expectNoAxeViolations(page);

  // A quantity with three decimal places in the second line: the message says so, and which line.
  await fillNewCostLine(page, { ...MIRRORS, quantity: "1.234", unitPrice: "£38.39" });
  await page.getByRole("button", { name: "Save and continue" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(summary.getByRole("link")).toHaveText(["Cost line 2: quantity must have no more than 2 decimal places"]);
  await expect(summary.getByRole("link")).toHaveAttribute("href", "#costs-1-quantity");
  await expect(page).toHaveTitle(/^Error: /);
  const second = costLine(page, 2);
  await expect(second.locator("#costs-1-quantity-error")).toHaveText("Error: Cost line 2: quantity must have no more than 2 decimal places");
  await expect(second.getByLabel("Quantity")).toHaveValue("1.234");
  await expect(second.getByLabel("Unit price")).toHaveValue("38.39");
  await expect(costLine(page, 1).getByLabel("Unit price")).toHaveValue("0.1535");
  await expectNoAxeViolations(page);

  // Remove the first line and fix the second: the saved mirrors are now line 1, and the new row is blank.
  await costLine(page, 1).getByLabel("Remove cost line 1").check();
  await second.getByLabel("Quantity").fill(MIRRORS.quantity);
  await page.getByRole("button", { name: "Save and add another row" }).click();
  await expect(page).toHaveURL(new RegExp(`/bids/${bidId}/edit/costs\\?saved=1#add$`));
  await expect(page.getByRole("alert").filter({ hasText: "Costs saved." })).toBeVisible();
  await expect(page.locator(".govuk-error-summary")).toHaveCount(0);
  await expect(page.locator("#costs-total")).toContainText("Saved total cost: £767.80");
  const first = costLine(page, 1);
  await expect(first).toContainText("Line total: £767.80");
  await expect(first.getByLabel("Description")).toHaveValue(MIRRORS.description);
  await expect(first.getByLabel("Unit price")).toHaveValue("38.39");
  await expect(first.getByLabel("Remove cost line 1")).not.toBeChecked();
  await expect(costLine(page, 2)).toHaveCount(0);
  const blank = page.getByRole("group", { name: /^New cost line/ });
  await expect(blank.getByLabel("Description")).toHaveValue("");
  await expect(blank.getByLabel("Quantity")).toHaveValue("");
  await expectNoAxeViolations(page);
});
