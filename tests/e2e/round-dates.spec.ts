import { addDays, format } from "date-fns";
import { parseIsoDate, toIsoDate } from "../../app/domain/financial-years";
import { ukDate } from "../../app/domain/round-window";
import { expect, test, type Page } from "./fixtures";
import { YEAR, fillDate, h1, signInQuickly, uniqueTitle } from "./bid-journey";
import { expectNoAxeViolations, formToken, USERS } from "./support";

/**
 * OPCC staff extend an open round's closing date, or reopen a closed one, with a reason; the round
 * page shows who did it and why. Plain forms: the whole journey works with JavaScript off. The test
 * makes a round of its own (other specs read the seeded rounds' dates).
 */
test.use({ javaScriptEnabled: false });

const today = ukDate(new Date());
const plus = (days: number) => toIsoDate(addDays(parseIsoDate(today), days));
const long = (iso: string) => format(parseIsoDate(iso), "d MMMM yyyy");
const parts = (iso: string) => iso.split("-").map(Number).reverse().map(String) as [string, string, string];

/** A round of the annual stream in this financial year, opening today and closing in four weeks, made and opened by posting the forms. */
async function openRoundOfOurOwn(page: Page, name: string): Promise<number> {
  const form = await (await page.request.get("/rounds/new")).text();
  const option = (label: string) => new RegExp(`<option value="(\\d+)">${label}</option>`).exec(form)?.[1];
  const [opensDay, opensMonth, opensYear] = parts(today);
  const [closesDay, closesMonth, closesYear] = parts(plus(28));
  const created = await page.request.post("/rounds/new", {
    form: {
      csrf: await formToken(page.request, "/rounds/new"),
      streamId: option("Annual CSP allocation")!, financialYearId: option(YEAR.label)!, name,
      "opensOn.day": opensDay, "opensOn.month": opensMonth, "opensOn.year": opensYear,
      "closesOn.day": closesDay, "closesOn.month": closesMonth, "closesOn.year": closesYear,
      totalPot: "50000", centralFund: "0", overProgramming: "0", maxPerCsp: "", maySpanYears: "no", maxDurationMonths: "12", matchFundingRequired: "no", acceptByDays: "28", returnDueDays: "30", tolerance: "10", certificationRequired: "no",
    },
    maxRedirects: 0,
  });
  expect(created.status(), "creating the round").toBe(302);
  const roundId = Number(/^\/rounds\/(\d+)$/.exec(created.headers()["location"] ?? "")?.[1]);
  const version = /name="version" value="(\d+)"/.exec(await (await page.request.get(`/rounds/${roundId}`)).text())?.[1];
  const opened = await page.request.post(`/rounds/${roundId}`, { form: { csrf: await formToken(page.request, `/rounds/${roundId}`), intent: "status", status: "open", version: version! }, maxRedirects: 0 });
  expect(opened.status(), "opening the round").toBe(302);
  return roundId;
}

test("an OPCC reviewer extends a round's closing date with a reason, closes it early with a reason, then reopens it; the round page says who and why", async ({ page }) => {
  test.setTimeout(60_000);
  await signInQuickly(page, USERS.reviewer);
  const name = uniqueTitle("Rural crime round");
  const roundId = await openRoundOfOurOwn(page, name);

  await page.goto(`/rounds/${roundId}`);
  await expect(h1(page, name)).toBeVisible();
  const status = page.locator(".govuk-summary-list__row").filter({ hasText: "Status" }).locator("dd");
  await expect(status).toHaveText(`Open to bids. Closes at midnight at the end of ${long(plus(28))}`);
  await expect(page.getByRole("heading", { level: 2, name: "Extend the closing date" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Reopen the round" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Nothing typed: both fields are named in the error summary, each linking to its field.
  await page.getByRole("button", { name: "Extend the closing date" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(summary.getByRole("link", { name: "Enter the new closing date" })).toHaveAttribute("href", "#closingDate-day");
  await expect(summary.getByRole("link", { name: "Enter why the closing date is being extended" })).toHaveAttribute("href", "#reason");
  await expect(page.getByLabel("Why is the closing date being extended?")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);

  // A date no later than the current one is refused at the date, with the reason kept.
  const reason = "Partnerships asked for two more weeks after the county council's budget was delayed.";
  const [day, month, year] = parts(plus(28));
  await fillDate(page, "New closing date", day, month, year);
  await page.getByLabel("Why is the closing date being extended?").fill(reason);
  await page.getByRole("button", { name: "Extend the closing date" }).click();
  await expect(summary.getByRole("link", { name: `The new closing date must be after the current one, ${long(plus(28))}` })).toBeVisible();
  await expect(page.getByLabel("Why is the closing date being extended?")).toHaveValue(reason);
  await expectNoAxeViolations(page);

  // Two weeks later: extended, and the round's history says who did it and why.
  await fillDate(page, "New closing date", ...parts(plus(42)));
  await page.getByRole("button", { name: "Extend the closing date" }).click();
  await expect(page).toHaveURL(new RegExp(`/rounds/${roundId}\\?done=extend$`));
  await expect(page.getByRole("alert").filter({ hasText: `The closing date is now ${long(plus(42))}.` })).toBeVisible();
  await expect(status).toHaveText(`Open to bids. Closes at midnight at the end of ${long(plus(42))}`);
  const history = page.locator("#round-history li");
  await expect(history.last()).toHaveText(new RegExp(`^Closing date extended from ${long(plus(28))} to ${long(plus(42))} by Rachel Ward on .+: ${reason}$`));
  await expectNoAxeViolations(page);

  // Closing it early needs a reason too, kept in the history.
  await page.getByRole("button", { name: "Close the round now" }).click();
  await expect(summary.getByRole("link", { name: "Enter why the round is being closed early" })).toHaveAttribute("href", "#closeReason");
  await expect(page.getByLabel("Why is the round being closed early?")).toHaveAttribute("aria-invalid", "true");
  await expect(status).toHaveText(`Open to bids. Closes at midnight at the end of ${long(plus(42))}`);
  await expectNoAxeViolations(page);
  const closeReason = "The PCC has paused the round while the budget is reviewed.";
  await page.getByLabel("Why is the round being closed early?").fill(closeReason);
  await page.getByRole("button", { name: "Close the round now" }).click();
  await expect(status).toHaveText("Closed by the OPCC: no new bids or submissions of drafts");
  await expect(history.last()).toHaveText(new RegExp(`^Closed early by Rachel Ward on .+ \\(it was to close on ${long(plus(42))}\\): ${closeReason}$`));
  await expect(page.getByRole("button", { name: "Close the round now" })).toHaveCount(0);

  // Closed by hand, the round offers reopening instead, with a closing date not in the past.
  await expect(page.getByRole("heading", { level: 2, name: "Reopen the round" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Extend the closing date" })).toHaveCount(0);
  await fillDate(page, "New closing date", ...parts(plus(-1)));
  await page.getByLabel("Why is the round being reopened?").fill("Two partnerships missed it during the elections.");
  await page.getByRole("button", { name: "Reopen the round" }).click();
  await expect(summary.getByRole("link", { name: "The new closing date must be today or in the future" })).toHaveAttribute("href", "#closingDate-day");
  await expectNoAxeViolations(page);
  await fillDate(page, "New closing date", ...parts(plus(49)));
  await page.getByRole("button", { name: "Reopen the round" }).click();
  await expect(page.getByRole("alert").filter({ hasText: `The round is open again until midnight at the end of ${long(plus(49))}.` })).toBeVisible();
  // Its closing date had not come: the history says the OPCC closed it early, not that it had closed on that date.
  await expect(history.last()).toHaveText(new RegExp(`^Reopened by Rachel Ward on .+, closing on ${long(plus(49))} \\(it had been closed early by the OPCC on ${long(today)}\\): Two partnerships missed it during the elections\\.$`));
  await expectNoAxeViolations(page);

  // The rounds list says where each round stands.
  await page.goto("/rounds");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(row.locator(".govuk-tag")).toHaveText("Open");
  await expect(row).toContainText(`Closes at midnight at the end of ${long(plus(49))}`);
  await expect(page.getByRole("row").filter({ has: page.getByRole("link", { name: "CSP annual allocation 2023-24", exact: true }) })).toContainText("Closed on 31 July 2023");
  await expectNoAxeViolations(page);
});

test("a lead opening a closed 2023-24 round's start page is told it closed, and offered no form", async ({ page }) => {
  await signInQuickly(page, USERS.meltonLead);
  // The round's id, from the bids list's Round filter (a lead sees no rounds pages).
  const list = await (await page.request.get("/bids")).text();
  const roundId = /<option value="(\d+)">CSP annual allocation 2023-24 \(2023-24\)<\/option>/.exec(list)?.[1];
  expect(roundId, "the 2023-24 round in the Round filter").toBeTruthy();
  await page.goto(`/bids/new?round=${roundId}`);
  await expect(h1(page, "Start a bid")).toBeVisible();
  await expect(page.getByText("This round closed on 31 July 2023. You can no longer start a bid in it.")).toBeVisible();
  await expect(page.locator(".govuk-summary-list__row").filter({ hasText: "Closing date" }).locator("dd")).toHaveText("Closed on 31 July 2023");
  await expect(page.getByRole("button", { name: "Create draft bid" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});
