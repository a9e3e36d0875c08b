import { expect, test } from "./fixtures";
import { CHARNWOOD, h1, signInQuickly, uniqueTitle } from "./bid-journey";
import { otherUser, submitDrinkSafeCopy } from "./review-steps";
import { expectNoAxeViolations, USERS } from "./support";

test("a bid sent back for changes is put in front of its lead on the dashboard, with the OPCC's message and a link to it", async ({ page, browser, baseURL }) => {
  test.setTimeout(60_000);
  const title = uniqueTitle("Drink Safe sent back to the dashboard");
  const message = "Please add how many covers each premises will get.";
  const lead = await otherUser(browser, baseURL, USERS.meltonLead);
  try {
    // A bid of its own (made by the one helper that submits new bids), so no other spec's figures move.
    const bidId = await submitDrinkSafeCopy(lead.page, title);
    await signInQuickly(page, USERS.reviewer);
    await page.goto(`/bids/${bidId}/review`);
    await page.getByLabel("What the partnership needs to change").fill(message);
    await page.getByRole("button", { name: "Send back for changes" }).click();
    await expect(page.locator(".govuk-notification-banner--success")).toContainText("sent back");

    const leadPage = lead.page;
    await leadPage.setViewportSize({ width: 320, height: 640 });
    await leadPage.goto("/");
    const banner = leadPage.getByRole("region", { name: "Important" });
    await expect(banner).toContainText("The OPCC has asked for changes");
    const entry = banner.locator(".portal-sent-back").filter({ has: leadPage.getByRole("link", { name: title, exact: true }) });
    await expect(entry).toContainText(message);
    expect(await leadPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(leadPage);

    await entry.getByRole("link", { name: title, exact: true }).click();
    await expect(h1(leadPage, title)).toBeVisible();
    await expect(leadPage).toHaveURL(new RegExp(`/bids/${bidId}$`));
  } finally {
    await lead.context.close();
  }
});

test("the total requested on /bids leaves out withdrawn bids, and says so", async ({ page }) => {
  await signInQuickly(page, USERS.reviewer);
  await page.goto("/bids");
  await page.getByLabel("Partnership").selectOption({ label: CHARNWOOD });
  await page.getByRole("button", { name: "Apply filters" }).click();
  // Loughborough street pastors (£16,245.00) is still asked for; Shepshed youth diversion football was withdrawn.
  await expect(page.locator("#bid-totals")).toHaveText("2 bids, requesting £16,245.00 in all, not counting 1 withdrawn bid.");
  await expectNoAxeViolations(page);

  await page.goto("/bids?status=withdrawn");
  await expect(page.locator("#bid-totals")).toHaveText(/^(\d+) bids?, requesting £0\.00 in all, not counting \1 withdrawn bids?\.$/);
  await expectNoAxeViolations(page);
});

test("a grant says how it is paid as its payment basis, not as money paid", async ({ page }) => {
  await signInQuickly(page, USERS.meltonLead);
  await page.goto("/grants");
  await page.locator("main tbody a[href^='/grants/']").first().click();
  await expect(h1(page, /^Grant: /)).toBeVisible();
  const keys = page.locator(".govuk-summary-list__key");
  await expect(keys.filter({ hasText: /^Payment basis$/ })).toHaveCount(1);
  await expect(keys.filter({ hasText: /^Paid$/ })).toHaveCount(0);
  await expect(page.locator(".govuk-summary-list__row").filter({ has: keys.filter({ hasText: "Payment basis" }) }).locator("dd")).toHaveText(/^(Quarterly in arrears|In advance|On milestones)$/);
  await expectNoAxeViolations(page);
});
