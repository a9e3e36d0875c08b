import { expect, test, type Page } from "./fixtures";
import { h1, signInQuickly } from "./bid-journey";
import { downloadPdfText, expectNoAxeViolations, USERS } from "./support";

/**
 * Search (the header's box and /search) and the decision-meeting pack, from the built server on
 * the demo data: Drink Safe was reviewed with a comment for the OPCC only ("Suggest funding half
 * the drink covers…") and one shared with Melton ("The panel supports the testing strips…"), and
 * part-approved. Nothing here changes the demo.
 */

const searchBox = (page: Page) => page.getByRole("search", { name: "Search the portal" }).getByLabel("Search bids, grants and decisions");

async function searchFromHeader(page: Page, words: string) {
  await searchBox(page).fill(words);
  await page.getByRole("search", { name: "Search the portal" }).getByRole("button", { name: "Search" }).click();
  await expect(h1(page, "Search")).toBeVisible();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`searching with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a reviewer finds Drink Safe by its words and by its decision reference, and is told what to type when the search has no words", async ({ page }) => {
      await signInQuickly(page, USERS.reviewer);
      await page.goto("/");
      await searchFromHeader(page, "drink spiking");
      const result = page.locator(".portal-search-result").filter({ has: page.getByRole("link", { name: "Drink Safe", exact: true }) });
      await expect(result).toHaveCount(1);
      await expect(result).toContainText("Safer Melton Partnership");
      await expect(result).toContainText("Part-approved");
      await expect(result.locator("mark").first()).toHaveText(/drink/i);
      await expectNoAxeViolations(page);

      // The decision's reference, from the result's link to the record; searched for, Drink Safe comes first.
      const decisionLink = result.getByRole("link", { name: /^Decision PCC\/2023-24\/\d{3} \(PDF\)$/ }).first();
      const reference = (await decisionLink.textContent())!.match(/PCC\/2023-24\/\d{3}/)![0];
      await expect(result.getByRole("link", { name: "Grant for Drink Safe" })).toHaveAttribute("href", /^\/grants\/\d+$/);
      await page.getByLabel("Search bids, grants and decisions").first().fill(reference);
      await page.locator("main").getByRole("button", { name: "Search" }).click();
      await expect(page.locator(".portal-search-result").first().getByRole("link", { name: "Drink Safe", exact: true })).toBeVisible();

      // Nothing to search for: an error summary linking to the box, what was typed kept.
      await page.goto("/search?q=*");
      await expect(page.getByRole("heading", { name: "There is a problem" })).toBeVisible();
      await expect(page.locator(".govuk-error-summary a[href='#q']")).toHaveText("Enter words or a decision reference to search for, using letters or numbers");
      await expect(page.locator("main #q")).toHaveValue("*");
      await expect(page).toHaveTitle(/^Error: Search/);
      await expectNoAxeViolations(page);
    });

    test("the Melton lead finds Melton's bids and never another partnership's", async ({ page }) => {
      await signInQuickly(page, USERS.meltonLead);
      await page.goto("/bids");
      await searchFromHeader(page, "street pastors Loughborough");
      await expect(page.getByRole("heading", { level: 2, name: "No results" })).toBeVisible();
      await searchFromHeader(page, "Licensed premises");
      await expect(page.getByRole("link", { name: "Drink Safe", exact: true })).toBeVisible();
      await expectNoAxeViolations(page);
    });
  });
}

test("a reviewer downloads the decision-meeting pack from the round page: every bid, the shared comment, never the internal one", async ({ page }) => {
  await signInQuickly(page, USERS.reviewer);
  await page.goto("/rounds");
  await page.getByRole("link", { name: "CSP annual allocation 2023-24" }).first().click();
  await expect(h1(page, "CSP annual allocation 2023-24")).toBeVisible();
  const link = page.getByRole("link", { name: "Download the decision-meeting pack (PDF)" });
  const href = (await link.getAttribute("href"))!;
  expect(href).toMatch(/^\/rounds\/\d+\/pack\.pdf$/);
  await expectNoAxeViolations(page);

  const text = await downloadPdfText(page, href);
  expect(text).toContain("Decision meeting pack: CSP annual allocation 2023-24");
  for (const title of ["Drink Safe", "Play Close CCTV", "Convex mirrors at four sites", "Loughborough night-time economy street pastors", "Fosse Park retail crime partnership"]) expect(text).toContain(title);
  expect(text).toContain("The panel supports the testing strips in full.");
  expect(text).not.toContain("Suggest funding half the drink covers");

  // A partnership's lead is refused it, and has no link to it.
  await page.context().clearCookies();
  await signInQuickly(page, USERS.meltonLead);
  const refused = await page.request.get(href);
  expect(refused.status()).toBe(403);
  expect(refused.headers()["content-type"]).not.toBe("application/pdf");
});
