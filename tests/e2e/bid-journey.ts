import { financialYearBounds, financialYearStartYear } from "../../app/domain/financial-years";
import { ukDate } from "../../app/domain/round-window";
import { expect, type Page } from "./fixtures";
import { DEMO_PASSWORD, expectNoAxeViolations, formToken } from "./support";

/**
 * Steps of a CSP lead's bid, shared by the journeys. Every step that lands on a page checks the page
 * with axe before going on. Bids made here always belong to the test that made them: the database
 * is shared by both workers.
 */

/**
 * The financial year the tests run in. The demo seeds an annual round for it, open from the day the
 * portal's database is made: every journey that starts or submits a bid does it there (the 2023-24
 * rounds have closed), with dates worked out from this year, so the suite passes in any year.
 */
export const YEAR = financialYearBounds(financialYearStartYear(ukDate(new Date())));
/** The year after YEAR starts, as typed in a date's year box (the end of March falls in it). */
export const NEXT = String(YEAR.startYear + 1);
export const THIS = String(YEAR.startYear);

export const ROUNDS = {
  annual: "CSP annual allocation 2023-24",
  saferStreets: "Safer Streets 5",
  current: `CSP annual allocation ${YEAR.label}`,
} as const;

export const MELTON = "Safer Melton Partnership";
export const CHARNWOOD = "Charnwood Community Safety Partnership";
export const MELTON_LEAD_NAME = "Aysha Rahman";

/** A title no other test (or run) will use. */
export function uniqueTitle(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * Signs in by posting the sign-in form from the page's own browser context (so its cookie is set
 * there), without loading the sign-in page: sign-in.spec.ts covers the page itself. The caller
 * then goes where it wants.
 */
export async function signInQuickly(page: Page, email: string) {
  const csrf = await formToken(page.request, "/login");
  const response = await page.request.post("/login", { form: { csrf, email, password: DEMO_PASSWORD, redirectTo: "" }, maxRedirects: 0 });
  expect(response.status(), `signing in as ${email}`).toBe(302);
  expect((await page.context().cookies()).some((c) => c.name === "portal_session")).toBe(true);
}

export const h1 = (page: Page, name: string | RegExp) => page.getByRole("heading", { level: 1, name, exact: typeof name === "string" ? true : undefined });

export function bidIdFrom(page: Page): number {
  const m = /\/bids\/(\d+)/.exec(new URL(page.url()).pathname);
  if (!m) throw new Error(`Not on a bid page: ${page.url()}`);
  return Number(m[1]);
}

/** From the dashboard, "Start a bid" in the current round, give it a title: lands on the details section. */
export async function startDraft(page: Page, round: string, title: string, yearLabel: string = YEAR.label): Promise<number> {
  await page.goto("/");
  await expect(h1(page, "Dashboard")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: `Start a bid in ${round}` }).click();
  await expect(h1(page, "Start a bid")).toBeVisible();
  await expect(page.getByText(`${round}, ${yearLabel}`)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Project title").fill(title);
  await page.getByRole("button", { name: "Create draft bid" }).click();
  await expect(page).toHaveURL(/\/bids\/\d+\/edit\/details$/);
  await expect(h1(page, "Project details")).toBeVisible();
  await expect(page.getByLabel("Project title")).toHaveValue(title);
  return bidIdFrom(page);
}

/**
 * Starts a draft by posting the "Start a bid" form from the page's browser context, without
 * visiting the dashboard or the start page: for tests whose subject is what happens to a draft
 * (startDraft covers those pages). Returns the new bid's id.
 */
export async function createDraftQuickly(page: Page, round: string, title: string): Promise<number> {
  const dashboard = await (await page.request.get("/")).text();
  const escaped = round.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const roundId = new RegExp(`href="/bids/new\\?round=(\\d+)">Start a bid<span class="govuk-visually-hidden"> in (?:<!-- -->)?${escaped}<`).exec(dashboard)?.[1];
  expect(roundId, `a "Start a bid" link for ${round} on the dashboard`).toBeTruthy();
  const response = await page.request.post(`/bids/new?round=${roundId}`, { form: { csrf: await formToken(page.request, "/"), title }, maxRedirects: 0 });
  expect(response.status()).toBe(302);
  const location = response.headers()["location"] ?? "";
  const id = /^\/bids\/(\d+)\/edit\/details$/.exec(location)?.[1];
  expect(id, `the new draft's address (${location})`).toBeTruthy();
  return Number(id);
}

async function saveAndContinue(page: Page, bidId: number, next: string, heading: string) {
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/bids/${bidId}/${next}$`));
  await expect(h1(page, heading)).toBeVisible();
  await expectNoAxeViolations(page);
}

/** Section 1. Starts on the details page (already checked by axe by whoever got there). */
export async function completeDetails(page: Page, bidId: number) {
  await expect(page.getByText("Section 1 of 7.")).toBeVisible();
  await page.getByLabel("Summary", { exact: true }).fill("Drink covers and convex mirrors for the night-time economy in Melton Mowbray.");
  await page.getByLabel("The problem and the evidence of need", { exact: true }).fill("Reports of drink spiking, and blind corners where residents feel unsafe.");
  await page.getByLabel("What will be done", { exact: true }).fill("Hand out drink covers through licensed premises and fit convex mirrors.");
  await page.getByLabel("Delivery partners", { exact: true }).fill("Licensed premises; Melton Borough Council");
  await page.getByLabel("Where", { exact: true }).fill("Melton Mowbray town centre");
  await fillDate(page, "Start date", "1", "10", THIS);
  await fillDate(page, "End date", "31", "3", NEXT);
  const milestone = page.getByRole("group", { name: /^New milestone/ });
  await milestone.getByLabel("Quarter").selectOption({ label: `${YEAR.label} Q3 (Oct–Dec)` });
  await milestone.getByLabel("What will be done by then").fill("Drink covers with every licensed premises");
  await saveAndContinue(page, bidId, "edit/priorities", "Priorities");
}

export async function fillDate(page: Page, legend: string, day: string, month: string, year: string, scope = page.locator("body")) {
  const group = scope.getByRole("group", { name: legend, exact: true });
  await group.getByLabel("Day").fill(day);
  await group.getByLabel("Month").fill(month);
  await group.getByLabel("Year").fill(year);
}

/** Section 2: a Police and Crime Plan priority (needed to submit) and one of Melton's own. */
export async function completePriorities(page: Page, bidId: number) {
  await page.getByLabel("Safer communities: anti-social behaviour and neighbourhood crime").check();
  await page.getByLabel("ASB and environmental crime").check();
  await saveAndContinue(page, bidId, "edit/costs", "Costs");
}

export interface CostLine {
  description: string;
  quantity: string;
  unitPrice: string;
  year: string;
  type: "Capital" | "Revenue";
  recurrence: "One-off" | "Recurring";
}

export const DRINK_COVERS: CostLine = { description: "Drink covers", quantity: "10000", unitPrice: "0.1535", year: YEAR.label, type: "Revenue", recurrence: "One-off" };
export const MIRRORS: CostLine = { description: "450mm diameter convex mirror", quantity: "20", unitPrice: "38.39", year: YEAR.label, type: "Capital", recurrence: "One-off" };

/** Fills the blank "New cost line" row. */
export async function fillNewCostLine(page: Page, line: CostLine) {
  const row = page.getByRole("group", { name: /^New cost line/ });
  await row.getByLabel("Description").fill(line.description);
  await row.getByLabel("Quantity").fill(line.quantity);
  await row.getByLabel("Unit price").fill(line.unitPrice);
  await row.getByLabel("Financial year").selectOption({ label: line.year });
  await row.getByLabel("Capital or revenue").selectOption({ label: line.type });
  await row.getByLabel("One-off or recurring").selectOption({ label: line.recurrence });
}

export const costLine = (page: Page, n: number) => page.getByRole("group", { name: new RegExp(`^Cost line ${n}\\b`) });

/** Section 3: 10,000 drink covers at £0.1535, "Save and add another row", then 20 mirrors at £38.39. */
export async function completeCosts(page: Page, bidId: number) {
  await fillNewCostLine(page, DRINK_COVERS);
  await page.getByRole("button", { name: "Save and add another row" }).click();
  await expect(page).toHaveURL(new RegExp(`/bids/${bidId}/edit/costs\\?saved=1#add$`));
  await expect(page.getByRole("alert").filter({ hasText: "Costs saved." })).toBeVisible();
  await expect(costLine(page, 1)).toContainText("Line total: £1,535.00");
  await expect(costLine(page, 1).getByLabel("Unit price")).toHaveValue("0.1535");
  await expect(page.locator("#costs-total")).toContainText("Saved total cost: £1,535.00");
  await expectNoAxeViolations(page);
  await fillNewCostLine(page, MIRRORS);
  await saveAndContinue(page, bidId, "edit/match-funding", "Match funding");
  await expect(page.getByText("towards the total cost of £2,302.80")).toBeVisible();
}

/** Section 4: £302.80 cash from the council, so £2,000.00 is asked of the OPCC. */
export async function completeMatchFunding(page: Page, bidId: number) {
  const row = page.getByRole("group", { name: /^New match funding source/ });
  await row.getByLabel("Who provides it").fill("Melton Borough Council");
  await row.getByLabel("Cash or in kind").selectOption({ label: "Cash" });
  await row.getByLabel("Amount").fill("302.80");
  await saveAndContinue(page, bidId, "edit/outcomes", "Outcomes");
}

/** Section 5: one outcome with a baseline and a target. */
export async function completeOutcomes(page: Page, bidId: number) {
  const row = page.getByRole("group", { name: /^New outcome/ });
  await row.getByLabel("Measure", { exact: true }).fill("Licensed premises handing out drink covers");
  await row.getByLabel("Unit", { exact: true }).fill("premises");
  await row.getByLabel("Baseline", { exact: true }).fill("0");
  await row.getByLabel("Target", { exact: true }).fill("20");
  await fillDate(page, "Target date", "31", "3", NEXT, row);
  await saveAndContinue(page, bidId, "edit/risks", "Risks");
}

/** Section 6: one risk with its mitigation. */
export async function completeRisks(page: Page, bidId: number) {
  const row = page.getByRole("group", { name: /^New risk/ });
  await row.getByLabel("Description").fill("Premises do not take part");
  await row.getByLabel("Likelihood").selectOption({ label: "3 Low" });
  await row.getByLabel("Impact").selectOption({ label: "2 Marginal" });
  await row.getByLabel("Mitigation").fill("Promote through Pubwatch and licensing visits.");
  await saveAndContinue(page, bidId, "edit/data-protection", "Data protection and equality");
}

/** Section 7, the last: "Save and continue" goes to the check-your-answers page. */
export async function completeDataProtection(page: Page, bidId: number) {
  await page.getByRole("group", { name: "Does the project use CCTV, or collect or hold personal data?" }).getByLabel("No").check();
  await page.getByLabel("Equality impact").fill("Aimed at everyone using the night-time economy; no adverse impact.");
  await saveAndContinue(page, bidId, "submit", "Check your bid before you submit it");
}

/** On the check-your-answers page of a complete bid: nothing stops it, and the money adds up. */
export async function expectReadyToSubmit(page: Page) {
  await expect(page.getByText("Before you can submit")).toHaveCount(0);
  const money = page.locator("#bid-money");
  await expect(money.locator(".govuk-summary-list__row").filter({ hasText: "Total cost" })).toContainText("£2,302.80");
  await expect(money.locator(".govuk-summary-list__row").filter({ hasText: "Match funding" })).toContainText("£302.80");
  await expect(money.locator(".govuk-summary-list__row").filter({ hasText: "Requested from the OPCC" })).toContainText("£2,000.00");
  const costs = page.getByRole("table", { name: "Cost lines" });
  await expect(costs.getByRole("row", { name: /Drink covers/ }).getByRole("cell")).toHaveText(["Drink covers", "Revenue, one-off", YEAR.label, "10,000", "£0.1535", "£1,535.00"]);
  await expect(costs.getByRole("row", { name: /convex mirror/ }).getByRole("cell")).toHaveText(["450mm diameter convex mirror", "Capital, one-off", YEAR.label, "20", "£38.39", "£767.80"]);
  await expect(costs.getByRole("row", { name: /Total cost/ })).toContainText("£2,302.80");
  await expect(page.getByText(/asks the Police and Crime Commissioner for £2,000\.00/)).toBeVisible();
}

/**
 * On the confirmation page after submitting: the GOV.UK panel with the bid's reference, and what
 * happens next.
 */
export async function expectSubmittedPanel(page: Page, bidId: number, heading = "Bid submitted") {
  await expect(page).toHaveURL(new RegExp(`/bids/${bidId}/submitted$`));
  const panel = page.locator(".govuk-panel--confirmation");
  await expect(panel.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await expect(panel).toContainText(`Your reference is Bid ${bidId}`);
  await expect(page).toHaveTitle(new RegExp(`^${heading}`));
  await expect(page.getByRole("heading", { level: 2, name: "What happens next" })).toBeVisible();
  await expect(page.getByText(/A reviewer will check the bid and score it/)).toBeVisible();
  await expect(page.getByText(/leads will be told by e-mail when the Police and Crime Commissioner has decided, or if the OPCC sends the bid back for changes/)).toBeVisible();
  await expect(page.getByText("You cannot change the bid now unless the OPCC sends it back for changes.", { exact: false })).toBeVisible();
  await expectNoAxeViolations(page);
}

/** Submits from the check-your-answers page and checks what the lead then sees. */
export async function submitAndExpectAccepted(page: Page, bidId: number, title: string) {
  await page.getByRole("button", { name: "Submit bid" }).click();
  await expectSubmittedPanel(page, bidId);
  await page.getByRole("link", { name: "View your bid" }).click();
  await expect(page).toHaveURL(new RegExp(`/bids/${bidId}$`));
  await expect(h1(page, title)).toBeVisible();
  await expect(statusTag(page)).toHaveText("Submitted");
  const history = page.getByRole("table", { name: "History" });
  await expect(history.getByRole("row", { name: /Draft started/ })).toContainText(MELTON_LEAD_NAME);
  await expect(history.getByRole("row", { name: /Costs changed/ })).toHaveCount(2);
  await expect(history.getByRole("row", { name: /Data protection and equality changed/ })).toHaveCount(1);
  await expect(history.getByRole("row", { name: /Submitted/ })).toContainText(MELTON_LEAD_NAME);
  await expectNoAxeViolations(page);
}

/** The status tag in the line under a bid's title ("Bid 12, version 3. Last changed by ..."). */
export const statusTag = (page: Page) => page.locator("main p").filter({ hasText: /Bid \d+, version \d+/ }).locator(".govuk-tag");

/**
 * On a submitted bid's page (already checked by axe): no Change links, no Check and submit; and its
 * edit and submit addresses send you back to it.
 */
export async function expectReadOnly(page: Page, bidId: number) {
  await expect(page.getByRole("heading", { level: 2, name: "Costs" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Change/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Check and submit" })).toHaveCount(0);
  for (const path of [`/bids/${bidId}/edit/costs`, `/bids/${bidId}/submit`]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(302);
    expect(response.headers()["location"], path).toBe(`/bids/${bidId}`);
  }
}
