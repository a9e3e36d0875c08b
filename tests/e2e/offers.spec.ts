import { expect, test, type Page } from "./fixtures";
import { h1, signInQuickly, uniqueTitle } from "./bid-journey";
import { banner, moderateQuickly, otherUser, submitDrinkSafeCopy } from "./review-steps";
import { expectNoAxeViolations, formToken, USERS } from "./support";
import { ukDate } from "../../app/domain/round-window";
import { formatDate } from "../../app/domain/financial-years";

/**
 * The CSP lead accepts a grant offer (decision record 18). Each test makes its own Melton bid in this
 * year's round (no other spec reads its figures), has the reviewer moderate and approve it today,
 * then the lead finds the grant, reads the offer and accepts it with a declaration on behalf of
 * Melton Borough Council: first leaving out what must be given, then in full. Once with JavaScript,
 * once without: every form is a plain HTML form.
 */

const TODAY = ukDate(new Date());

/** The reviewer approves the bid today by posting the decision page's form, without loading it (review.spec.ts covers that page). */
async function approveQuickly(reviewer: Page, bidId: number) {
  await moderateQuickly(reviewer, bidId);
  const html = await (await reviewer.request.get(`/bids/${bidId}/decision`)).text();
  const version = /name="version" value="(\d+)"/.exec(html)?.[1];
  const reviewSeen = /name="reviewSeen" value="([^"]*)"/.exec(html)?.[1];
  expect(version && reviewSeen !== undefined, "the decision page's version and review").toBeTruthy();
  const [year, month, day] = TODAY.split("-");
  const response = await reviewer.request.post(`/bids/${bidId}/decision`, {
    form: {
      csrf: await formToken(reviewer.request, "/"), version: version!, reviewSeen: reviewSeen!, outcome: "approve",
      "decidedOn.day": String(Number(day)), "decidedOn.month": String(Number(month)), "decidedOn.year": year,
      decisionMaker: "Police and Crime Commissioner for Leicestershire", leadOfficer: "Rachel Ward", reasons: "Tackles drink spiking under the VAWG duty.",
      declarationOfInterests: "None", publishable: "yes", paymentBasis: "quarterly_arrears",
    },
    maxRedirects: 0,
  });
  expect(response.status(), "recording the decision").toBe(302);
}

/** A Melton grant on offer today, for a bid of the test's own. */
async function grantOnOffer(browser: Parameters<typeof otherUser>[0], baseURL: string | undefined, prefix: string) {
  const title = uniqueTitle(prefix);
  const melton = await otherUser(browser, baseURL, USERS.meltonLead);
  const reviewer = await otherUser(browser, baseURL, USERS.reviewer);
  try {
    const bidId = await submitDrinkSafeCopy(melton.page, title);
    await approveQuickly(reviewer.page, bidId);
  } finally {
    await melton.context.close();
    await reviewer.context.close();
  }
  return title;
}

/** The lead's journey from the grants list to an accepted offer. */
async function acceptFromTheList(page: Page, title: string) {
  await page.goto("/grants");
  await expect(h1(page, "Grants")).toBeVisible();
  const row = page.locator("tbody .govuk-table__row").filter({ has: page.getByRole("link", { name: title, exact: true }) });
  await expect(row.locator(".govuk-tag")).toHaveText("Offered");
  await expectNoAxeViolations(page);
  await row.getByRole("link", { name: title, exact: true }).click();

  // The grant page: the offer, its accept-by date, and the lead's next step.
  await expect(h1(page, `Grant: ${title}`)).toBeVisible();
  const offer = page.locator("#offer");
  await expect(offer.locator(".govuk-tag")).toHaveText("Offered");
  await expect(offer).toContainText(`Melton Borough Council must accept this offer by`);
  await expect(page.getByRole("link", { name: "Extend the accept-by date" })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await offer.getByRole("link", { name: "Accept or decline this offer" }).click();

  // The accept page: the offer's summary and conditions, and the declaration, prefilled with the lead's name and today.
  await expect(h1(page, "Accept or decline the grant offer")).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: title })).toBeVisible();
  await expect(page.getByLabel("Your full name")).toHaveValue("Aysha Rahman");
  const date = page.getByRole("group", { name: /Date of the declaration/ });
  await expect(date.getByLabel("Year")).toHaveValue(TODAY.slice(0, 4));
  await expectNoAxeViolations(page);

  // Without a role or the box ticked, the acceptance is refused: each problem linked, what was typed kept.
  await page.getByLabel("Your full name").fill("Aysha Rahman MBE");
  await page.getByRole("button", { name: "Accept the offer" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("link", { name: "Enter your role" })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Confirm that you accept this offer and its conditions on behalf of Melton Borough Council" })).toBeVisible();
  await expect(page.getByLabel("Your full name")).toHaveValue("Aysha Rahman MBE");
  await expect(page).toHaveTitle(/^Error: Accept or decline the grant offer/);
  await expectNoAxeViolations(page);
  await summary.getByRole("link", { name: "Enter your role" }).click();
  // With JavaScript, GOV.UK's error summary moves the focus to the field; without, the link goes to it.
  if (await page.locator("body.js-enabled").count()) await expect(page.getByLabel("Your role")).toBeFocused();
  else await expect(page).toHaveURL(/#declarationRole$/);

  // At 320 px the form and its errors fit the screen.
  const width = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  if (width) await page.setViewportSize(width);

  await page.getByLabel("Your role").fill("Community Safety Manager");
  await page.getByLabel("I accept this offer on behalf of Melton Borough Council and its conditions").check();
  await page.waitForTimeout(1_100); // GOV.UK's double-click guard: a person takes longer than this
  await page.getByRole("button", { name: "Accept the offer" }).click();

  // Back on the grant page: accepted, with the declaration as made.
  await expect(h1(page, `Grant: ${title}`)).toBeVisible();
  await expect(banner(page)).toContainText("You have accepted the offer.");
  await expect(page.locator("#offer .govuk-tag")).toHaveText("Accepted");
  await expect(page.locator("#offer")).toContainText(`On ${formatDate(TODAY)} by Aysha Rahman MBE, Community Safety Manager, on behalf of Melton Borough Council`);
  await expect(page.getByRole("link", { name: "Accept or decline this offer" })).toHaveCount(0);
  await expectNoAxeViolations(page);
}

test("the Melton lead accepts a grant offer with a declaration on behalf of the council", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const title = await grantOnOffer(browser, baseURL, "Offer accepted");
  // OPCC staff see the offer waiting, and may give it more time.
  const reviewer = await otherUser(browser, baseURL, USERS.reviewer);
  try {
    await reviewer.page.goto("/grants");
    await reviewer.page.getByRole("link", { name: title, exact: true }).click();
    await reviewer.page.getByRole("link", { name: "Extend the accept-by date" }).click();
    await expect(h1(reviewer.page, "Extend the accept-by date")).toBeVisible();
    await expectNoAxeViolations(reviewer.page);
  } finally {
    await reviewer.context.close();
  }
  await signInQuickly(page, USERS.meltonLead);
  await acceptFromTheList(page, title);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the Melton lead accepts a grant offer with plain forms", async ({ page, browser, baseURL }) => {
    test.setTimeout(90_000);
    const title = await grantOnOffer(browser, baseURL, "No-JS offer accepted");
    await signInQuickly(page, USERS.meltonLead);
    await acceptFromTheList(page, title);
  });
});
