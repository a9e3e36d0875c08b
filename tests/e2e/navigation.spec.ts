import { expect, test, type Page } from "./fixtures";
import { signInQuickly } from "./bid-journey";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * The menu shows which section a page belongs to: a bid's review and decision pages are part of
 * Review (the queue leads to them), although their addresses start /bids/. The section's own page
 * is the current page; a page inside the section is marked as being in it.
 */
const menu = (page: Page) => page.getByRole("navigation", { name: "Menu" });
const active = (page: Page) => menu(page).locator(".govuk-service-navigation__item--active");

async function expectSection(page: Page, path: string, section: string, current: "page" | "true") {
  await page.goto(path);
  await expect(active(page), `the menu on ${path}`).toHaveText(section);
  await expect(menu(page).getByRole("link", { name: section, exact: true })).toHaveAttribute("aria-current", current);
  await expect(menu(page).locator("[aria-current]")).toHaveCount(1);
}

test("the menu highlights Review on the review queue, a bid's review page and its decision page, and Bids on the bid", async ({ page }) => {
  await signInQuickly(page, USERS.reviewer);
  await page.goto("/review");
  const review = await page.locator("tbody a[href$='/review']").first().getAttribute("href");
  expect(review).toMatch(/^\/bids\/\d+\/review$/);
  const bid = review!.replace(/\/review$/, "");

  await expectSection(page, "/review", "Review", "page");
  await expectSection(page, review!, "Review", "true");
  await expectNoAxeViolations(page);
  await expectSection(page, `${bid}/decision`, "Review", "true");
  await expectNoAxeViolations(page);
  await expectSection(page, bid, "Bids", "true");
  await expectSection(page, "/bids", "Bids", "page");
  await expectSection(page, "/", "Dashboard", "page");
  await expectSection(page, "/rounds/new", "Rounds", "true");
  await expectNoAxeViolations(page);
});
