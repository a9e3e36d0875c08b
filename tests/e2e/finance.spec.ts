import { expect, test, type Page } from "./fixtures";
import { MELTON, h1, signInQuickly } from "./bid-journey";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * A finance officer reads the reconciliation for 2023-24 (the demo's decided year: other specs
 * decide bids in this year's round, so the year is always named) and drills down from the
 * partnerships to Melton's grants, to Drink Safe's cost lines and to one line. Every chart is an
 * image with a title and a description, with its figures in a table; every page passes axe; the
 * same journey works with JavaScript off.
 */

/** Each chart on the page: an SVG image named by its <title> and described by its <desc>. */
async function expectCharts(page: Page, titles: (string | RegExp)[]) {
  const charts = page.locator("main svg[role=img]");
  await expect(charts).toHaveCount(titles.length);
  for (const [i, title] of titles.entries()) {
    const chart = charts.nth(i);
    const [titleId, descId] = ((await chart.getAttribute("aria-labelledby")) ?? "").split(" ");
    await expect(chart.locator(`title#${titleId}`)).toHaveText(title);
    await expect(chart.locator(`desc#${descId}`)).toHaveText(/\S.*The table that follows gives the same figures/);
    // Its figures, in a table straight after it.
    await expect(chart.locator("xpath=following-sibling::*[1]").getByRole("table")).toBeVisible();
    // Not colour alone: the first series is hatched, and every series is named in the key.
    await expect(chart.locator("pattern")).toHaveCount(1);
  }
}

async function drillDown(page: Page) {
  await page.goto("/finance?fy=2023-24");
  await expect(h1(page, "Reconciliation 2023-24")).toBeVisible();
  await expectCharts(page, ["Approved cost against spent to date by partnership, 2023-24", "Spend by quarter against the profile: the partnerships, 2023-24"]);
  const table = page.getByRole("table", { name: /^Reconciliation by partnership, 2023-24/ });
  await expect(table.getByRole("rowheader", { name: /^Safer Melton Partnership/ })).toBeVisible();
  await expect(table.getByRole("rowheader", { name: /^Total/ })).toBeVisible();
  await expectNoAxeViolations(page);

  await table.getByRole("link", { name: MELTON }).click();
  await expect(h1(page, MELTON)).toBeVisible();
  await expect(page).toHaveURL(/\/finance\/csp\/\d+\?fy=2023-24/);
  await expectCharts(page, [`Approved cost against spent to date by grant: ${MELTON}, 2023-24`, `Spend by quarter against the profile: ${MELTON}, 2023-24`]);
  const grants = page.getByRole("table", { name: /grants in 2023-24/ });
  await expect(grants.getByRole("link", { name: "Grant and returns for Drink Safe" })).toHaveAttribute("href", /^\/grants\/\d+$/);
  await expect(grants.getByRole("link", { name: "Payments for Drink Safe" })).toHaveAttribute("href", /^\/grants\/\d+\/payments$/);
  await expectNoAxeViolations(page);

  await grants.getByRole("link", { name: "Drink Safe", exact: true }).click();
  await expect(h1(page, "Drink Safe")).toBeVisible();
  await expectCharts(page, ["Spend by quarter against the profile: Drink Safe"]);
  const lines = page.getByRole("table", { name: /cost lines/ });
  const covers = lines.getByRole("row", { name: /^Drink covers/ });
  // Part-approved: half the covers, £767.50 of £1,535.00.
  await expect(covers.getByRole("cell").first()).toHaveText("£767.50");
  await expectNoAxeViolations(page);

  await lines.getByRole("link", { name: "Drink covers" }).click();
  await expect(page).toHaveURL(/\?line=\d+#line-figures$/);
  await expect(page.getByRole("heading", { level: 2, name: "Cost line: Drink covers" })).toBeVisible();
  await expectCharts(page, ["Spend by quarter against the profile: Drink covers"]);
  // £767.50 over the three quarters Drink Safe runs in (September to March): £255.83, £255.83, £255.84.
  const figures = page.getByRole("table", { name: "Spend by quarter against the profile: Drink covers" });
  await expect(figures.getByRole("row", { name: /^2023-24 Q4/ }).getByRole("cell").first()).toHaveText("£255.84");
  await expect(figures.getByRole("row", { name: /^Total/ }).getByRole("cell").first()).toHaveText("£767.50");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Back to the whole grant" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Spend by quarter" })).toBeVisible();
}

test("OPCC finance reads /finance and drills down to a partnership, a grant and a line", async ({ page }) => {
  test.setTimeout(60_000);
  await signInQuickly(page, USERS.finance);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 2, name: "Needs your attention" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Finance" })).toBeVisible();
  await expectNoAxeViolations(page);
  await drillDown(page);
});

test("Melton's council finance officer sees only Melton, and another partnership's page is not found", async ({ page }) => {
  await signInQuickly(page, USERS.meltonFinance);
  await page.goto("/finance?fy=2023-24");
  await expect(h1(page, "Reconciliation 2023-24")).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Your partnership" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Partnership" })).toHaveCount(0);
  const table = page.getByRole("table", { name: /^Reconciliation by partnership/ });
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("main")).not.toContainText("Charnwood");
  await expectNoAxeViolations(page);
  const melton = await table.getByRole("link", { name: MELTON }).getAttribute("href");
  const id = Number(/\/finance\/csp\/(\d+)/.exec(melton!)![1]);
  const other = await page.goto(`/finance/csp/${id === 1 ? 2 : id - 1}?fy=2023-24`);
  expect(other?.status()).toBe(404);
  await expect(h1(page, "Page not found")).toBeVisible();
});

test("a CSP lead has no Finance in the menu, and /finance is refused", async ({ page }) => {
  await signInQuickly(page, USERS.meltonLead);
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Finance" })).toHaveCount(0);
  const response = await page.goto("/finance");
  expect(response?.status()).toBe(403);
  await expect(h1(page, "You do not have permission to see this page")).toBeVisible();
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the filters and the drill-down work as plain forms and links", async ({ page }) => {
    test.setTimeout(60_000);
    await signInQuickly(page, USERS.reviewer);
    await page.goto("/finance?fy=2023-24");
    await page.getByLabel("Round").selectOption({ label: "Safer Streets 5" });
    await page.getByRole("button", { name: "Show figures" }).click();
    await expect(page).toHaveURL(/[?&]round=\d+/);
    await expect(page.getByLabel("Round").locator("option:checked")).toHaveText("Safer Streets 5");
    await expect(page.getByRole("table", { name: /^Reconciliation by partnership/ }).getByRole("link", { name: MELTON })).toBeVisible();
    await expectNoAxeViolations(page);
    await drillDown(page);
  });
});
