import { expect, test, type Page } from "./fixtures";
import {
  ROUNDS,
  completeCosts,
  completeDataProtection,
  completeDetails,
  completeMatchFunding,
  completeOutcomes,
  completePriorities,
  completeRisks,
  createDraftQuickly,
  expectReadOnly,
  expectReadyToSubmit,
  h1,
  signInQuickly,
  startDraft,
  statusTag,
  submitAndExpectAccepted,
  uniqueTitle,
} from "./bid-journey";
import { expectNoAxeViolations, USERS } from "./support";

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
  await expect(decisions.getByRole("row", { name: /PCC\/2023-24\/006/ }).getByRole("cell")).toHaveText([/PCC\/2023-24\/006/, "Drink Safe", "Part-approved", "£2,267.50"]);
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

test("a submit with sections missing is refused, and each problem links to where it is fixed", async ({ page }) => {
  const bidId = await createDraftQuickly(page, ROUNDS.current, uniqueTitle("Only a title"));
  await page.goto(`/bids/${bidId}`);
  await expect(statusTag(page)).toHaveText("Draft");
  await expect(page.getByRole("link", { name: "Change project details" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Check and submit" }).click();
  await expect(h1(page, "Check your bid before you submit it")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Before you can submit" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Submit bid" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(summary).toContainText("The bid was not submitted.");
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole("heading", { name: "Before you can submit" })).toHaveCount(0);

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
  const links = summary.getByRole("link");
  await expect(links).toHaveText(expected.map(([text]) => text));
  for (const [text, target] of expected) {
    await expect(summary.getByRole("link", { name: text, exact: true })).toHaveAttribute("href", `/bids/${bidId}/edit/${target}`);
  }
  await expectNoAxeViolations(page);

  // Every link's target is a field on its section's page...
  for (const [, target] of expected) {
    const [section, field] = target.split("#");
    const html = await (await page.request.get(`/bids/${bidId}/edit/${section}`)).text();
    expect(html, `${section} has a field with id ${field}`).toContain(` id="${field}"`);
  }
  // ...and following one lands there.
  await summary.getByRole("link", { name: "Enter the start date" }).click();
  await expect(page).toHaveURL(new RegExp(`/bids/${bidId}/edit/details#startDate-day$`));
  await expect(h1(page, "Project details")).toBeVisible();
  await expect(page.getByRole("group", { name: "Start date", exact: true }).getByLabel("Day")).toBeVisible();
  await expectNoAxeViolations(page);
});
