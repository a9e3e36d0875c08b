import { expect, type Browser, type Page } from "./fixtures";
import { NEXT, ROUNDS, THIS, YEAR, createDraftQuickly, signInQuickly } from "./bid-journey";
import { expectNoAxeViolations, formToken, signIn } from "./support";

/**
 * Steps of the OPCC's review and decision journeys (review.spec.ts). Every step that lands on a
 * page checks it with axe. Each test works on a seeded bid of its own: the database is shared by
 * both workers, and a bid's review, decision and grant belong to the test that made them.
 */

export const PARTNERSHIPS = {
  melton: "Safer Melton Partnership",
  blaby: "Blaby Community Safety Partnership",
  city: "Safer Leicester Partnership",
} as const;

export const REVIEWER_NAME = "Rachel Ward";

export const h1 = (page: Page, name: string | RegExp) => page.getByRole("heading", { level: 1, name, exact: typeof name === "string" ? true : undefined });

/** The bid's id, from a /bids/:id… address. */
export function bidIdFrom(page: Page): number {
  const m = /\/bids\/(\d+)/.exec(new URL(page.url()).pathname);
  if (!m) throw new Error(`Not on a bid's page: ${page.url()}`);
  return Number(m[1]);
}

/** Signs in through the sign-in page and checks the dashboard it lands on. */
export async function signInAndCheck(page: Page, email: string) {
  await signIn(page, email);
  await expectNoAxeViolations(page);
}

/**
 * A second person, in a browser of their own, signed in without loading the sign-in page (which
 * sign-in.spec.ts covers): the caller goes where it wants. The caller closes the context.
 */
export async function otherUser(browser: Browser, baseURL: string | undefined, email: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInQuickly(page, email);
  return { context, page };
}

/** The success banner a page shows after a form is accepted. */
export const banner = (page: Page) => page.locator(".govuk-notification-banner--success");

/** The queue, from the Review link in the navigation, filtered to one partnership. */
export async function openQueueFiltered(page: Page, partnership: string) {
  await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Review", exact: true }).click();
  await expect(h1(page, "Bids to review")).toBeVisible();
  await expect(page.getByText(/^\d+ bids? (is|are) waiting for review, oldest first\.$/)).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Partnership").selectOption({ label: partnership });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]csp=\d+/);
  await expect(page.getByLabel("Partnership").locator("option:checked")).toHaveText(partnership);
  const rows = page.locator("tbody .govuk-table__row");
  await expect(rows.first()).toBeVisible();
  for (const cell of await rows.locator("td:nth-child(2)").allTextContents()) expect(cell).toBe(partnership);
  await expectNoAxeViolations(page);
}

/** The whole queue, straight from its address. */
export async function openQueue(page: Page) {
  await page.goto("/review");
  await expect(h1(page, "Bids to review")).toBeVisible();
  await expectNoAxeViolations(page);
}

/** From the queue on the page, a bid's review page. Returns the bid's id. */
export async function openReviewFromQueue(page: Page, partnership: string, title: string): Promise<number> {
  const row = page.locator("tbody .govuk-table__row").filter({ has: page.getByRole("link", { name: title, exact: true }) });
  await expect(row.locator("td:nth-child(2)")).toHaveText(partnership);
  await row.getByRole("link", { name: title, exact: true }).click();
  await expect(h1(page, `Review: ${title}`)).toBeVisible();
  await expect(page.locator(".govuk-caption-l")).toHaveText(new RegExp(`^${partnership} · `));
  await expectNoAxeViolations(page);
  return bidIdFrom(page);
}

/** The status tag in the line under a page's heading. */
export const statusLine = (page: Page) => page.locator("main p").filter({ has: page.locator(".govuk-tag") }).first().locator(".govuk-tag");

/** From a bid's review page, the decision page. */
export async function openDecision(page: Page, title: string) {
  await page.getByRole("link", { name: "Record the PCC decision" }).click();
  await expect(h1(page, `PCC decision: ${title}`)).toBeVisible();
  await expectNoAxeViolations(page);
}

/**
 * The page's one primary (green) button: the step the bid needs next. Every other action on the
 * review page is a secondary or warning button.
 */
export async function expectPrimaryAction(page: Page, name: string) {
  const primary = page.locator("main .govuk-button:not(.govuk-button--secondary):not(.govuk-button--warning)");
  await expect(primary).toHaveCount(1);
  await expect(primary).toHaveText(name);
}

/**
 * Takes a bid through review by posting the review page's forms from the signed-in reviewer's
 * browser context, without loading the pages (review.spec.ts covers those): Rachel Ward leads,
 * declares no conflict, scores 4 on every criterion and records that as the moderated score
 * (80.0 out of 100: Recommend). A decision follows a moderated score (decision record 15).
 */
export async function moderateQuickly(page: Page, bidId: number) {
  const html = await (await page.request.get(`/bids/${bidId}/review`)).text();
  const version = /name="version" value="(\d+)"/.exec(html)?.[1];
  const reviewerId = new RegExp(`<option value="(\\d+)"[^>]*>${REVIEWER_NAME}</option>`).exec(html)?.[1];
  expect(version && reviewerId, "the review page's version and reviewer").toBeTruthy();
  const csrf = await formToken(page.request, "/");
  const post = async (what: string, form: Record<string, string>) => {
    const response = await page.request.post(`/bids/${bidId}/review`, { form: { ...form, csrf }, maxRedirects: 0 });
    expect(response.status(), what).toBe(302);
  };
  const sheet = {
    "gates.eligibility": "pass",
    "gates.governance": "pass",
    ...Object.fromEntries(["plan", "need", "outcomes", "value", "deliverability", "risk"].flatMap((k) => [[`scores.${k}`, "4"], [`justifications.${k}`, "The bid's evidence for this is clear."]])),
  };
  await post("assigning the lead reviewer", { intent: "assign", version: version!, reviewerId: reviewerId!, lead: "yes" });
  await post("declaring no conflict", { intent: "conflict", conflict: "none" });
  await post("scoring", { intent: "score", kind: "individual", ...sheet });
  await post("moderating", { intent: "score", kind: "moderated", ...sheet });
}

/** Fills the decision's date boxes. */
export async function fillDecisionDate(page: Page, day: string, month: string, year: string) {
  const group = page.getByRole("group", { name: "Date of the decision" });
  await group.getByLabel("Day").fill(day);
  await group.getByLabel("Month").fill(month);
  await group.getByLabel("Year").fill(year);
}

/** Expects a "Page not found" answer, checked with axe. */
export async function expectNotFound(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(404);
  await expect(h1(page, "Page not found")).toBeVisible();
  await expect(page).toHaveTitle(/^Page not found/);
  await expectNoAxeViolations(page);
}

/**
 * A new Melton bid in this year's annual round with Drink Safe's project and cost lines (1,000
 * testing strips at £1.50 and 10,000 drink covers at £0.1535: £3,035.00, no match funding, from
 * 1 September to 31 March), made and submitted by posting each section's form from the lead's
 * browser context, without loading the pages (the CSP lead specs cover those). A decision on a
 * seeded 2023-24 bid would change the allocation figures that other specs read (a decided bid holds
 * its grant, not its request, against the allocation); the current round's figures are read by
 * none. Returns the bid's id.
 */
export async function submitDrinkSafeCopy(lead: Page, title: string): Promise<number> {
  const bidId = await createDraftQuickly(lead, ROUNDS.current, title);
  const html = async (section: string) => {
    const response = await lead.request.get(`/bids/${bidId}/edit/${section}`);
    expect(response.status(), `the ${section} section`).toBe(200);
    return response.text();
  };
  const match = (text: string, re: RegExp, what: string) => {
    const m = re.exec(text);
    expect(m, what).toBeTruthy();
    return m![1];
  };
  const save = async (section: string, form: Record<string, string>) => {
    const version = match(await html(section), /name="version" value="(\d+)"/, `the ${section} section's version`);
    const response = await lead.request.post(`/bids/${bidId}/edit/${section}`, { form: { ...form, version, csrf: await formToken(lead.request, "/") }, maxRedirects: 0 });
    expect(response.status(), `saving the ${section} section`).toBe(302);
  };
  const date = (name: string, day: string, month: string, year: string) => ({ [`${name}.day`]: day, [`${name}.month`]: month, [`${name}.year`]: year });

  await save("details", {
    title,
    summary: "Drink-spiking testing strips and drink covers for licensed premises and events.",
    need: "Reports of drink spiking in the night-time economy; part of the VAWG duty.",
    activities: "Buy 1,000 testing strips and 10,000 drink covers and distribute them through licensed premises and events.",
    deliveryPartners: "Licensed premises; Leicestershire Police licensing team",
    locations: "Melton Mowbray town centre licensed premises",
    ...date("startDate", "1", "9", THIS),
    ...date("endDate", "31", "3", NEXT),
  });
  const priority = match(await html("priorities"), /value="(\d+)"\/><label[^>]*>Safer communities: anti-social behaviour/, "a Police and Crime Plan priority");
  await save("priorities", { "priorities[]": priority });
  const year = match(await html("costs"), new RegExp(`<option value="(\\d+)"[^>]*>${YEAR.label}</option>`), `the ${YEAR.label} financial year`);
  const line = (i: number, description: string, quantity: string, unitPrice: string) => ({
    [`costs.${i}.description`]: description,
    [`costs.${i}.quantity`]: quantity,
    [`costs.${i}.unitPrice`]: unitPrice,
    [`costs.${i}.expenditureType`]: "revenue",
    [`costs.${i}.recurrence`]: "one_off",
    [`costs.${i}.financialYearId`]: year,
  });
  await save("costs", { ...line(0, "Drink-spiking testing strips", "1000", "1.50"), ...line(1, "Drink covers", "10000", "0.1535") });
  await save("outcomes", {
    "outcomes.0.measure": "Licensed premises distributing covers and strips",
    "outcomes.0.unit": "premises",
    "outcomes.0.baseline": "0",
    "outcomes.0.target": "20",
    ...date("outcomes.0.targetDate", "31", "3", NEXT),
  });
  await save("risks", {
    "risks.0.description": "Premises do not take part",
    "risks.0.likelihood": "3",
    "risks.0.impact": "2",
    "risks.0.mitigation": "Promoted through Pubwatch and licensing visits.",
  });
  await save("data-protection", { holdsPersonalData: "no", equalityImpact: "Aimed at everyone using the night-time economy; materials in plain English." });

  const check = await lead.request.get(`/bids/${bidId}/submit`);
  const version = match(await check.text(), /name="version" value="(\d+)"/, "the submit page's version");
  const submitted = await lead.request.post(`/bids/${bidId}/submit`, { form: { version, csrf: await formToken(lead.request, "/") }, maxRedirects: 0 });
  expect(submitted.status(), "submitting the bid").toBe(302);
  expect(submitted.headers()["location"]).toBe(`/bids/${bidId}/submitted`);
  return bidId;
}
