import { expect, test, type Page } from "./fixtures";
import { signInQuickly } from "./bid-journey";
import { downloadPdfText, expectNoAxeViolations, USERS } from "./support";

/**
 * The scrutiny committee's annual report (decision record 026), from the built server: the Melton
 * lead opens Melton's report, writes its introduction (refused first when empty) and downloads the
 * PDF; an OPCC reviewer chooses another partnership's on /reports. With JavaScript and without.
 *
 * The demo's 2023-24 introduction is read here, never changed: the journeys write the
 * introductions of 2024-25 (with JavaScript) and 2025-26 (without), each from the copy it opened,
 * so they are independent of each other and of a second run.
 */

const MELTON = "Safer Melton Partnership";

async function openOwnReport(page: Page, fy: string) {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Reports", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: `${MELTON}: ${fy}`, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${MELTON}: funding from the Police and Crime Commissioner, ${fy}` })).toBeVisible();
}

async function writeIntroduction(page: Page, fy: string) {
  await signInQuickly(page, USERS.meltonLead);
  await openOwnReport(page, fy);
  const box = page.getByLabel(/^(Write|Change) the introduction/);
  // Empty: refused, with the error summary linking to the box.
  await box.fill("");
  await page.getByRole("button", { name: "Save the introduction" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("Enter an introduction");
  await expect(summary.getByRole("link", { name: "Enter an introduction" })).toHaveAttribute("href", "#introduction");
  await expectNoAxeViolations(page);
  const words = `Our partnership's ${fy} in brief, written ${Date.now().toString(36)}.`;
  await page.getByLabel(/^(Write|Change) the introduction/).fill(`${words}\n\nWhat the committee may wish to ask.`);
  await page.waitForTimeout(1_100); // GOV.UK's double-click guard: a person takes longer than this
  await page.getByRole("button", { name: "Save the introduction" }).click();
  await expect(page.getByText("The introduction has been saved.")).toBeVisible();
  await expect(page.locator("#introduction-section")).toContainText(words);
  await expectNoAxeViolations(page);
  // The PDF carries it at the top, and every figure names its record.
  const href = await page.getByRole("link", { name: "Download the report (PDF)" }).getAttribute("href");
  expect(href).toMatch(new RegExp(`^/reports/scrutiny/\\d+/${fy}\\.pdf$`));
  const text = await downloadPdfText(page, href!);
  expect(text).toContain(words);
  expect(text).toContain(`${MELTON}: funding from the Police and Crime Commissioner, ${fy}`);
}

test("the Melton lead opens the 2023-24 report: the six bids from their own lines, Drink Safe's part-approval, the clawback received, and the PDF", async ({ page }) => {
  await signInQuickly(page, USERS.meltonLead);
  await openOwnReport(page, "2023-24");
  await expect(page.locator("#introduction-section p").filter({ hasText: "This report sets out the funding the Safer Melton Partnership received" })).toBeVisible();
  const bids = page.getByRole("table", { name: "The bids" }).first();
  await expect(bids.getByRole("row").last()).toContainText("£30,227.80");
  await expect(bids.getByRole("row").last()).toContainText("£29,460.30");
  await expect(bids).toContainText("Drink covers (10,000 at £0.1535): £767.50 approved of £1,535.00 asked");
  await expect(bids.getByRole("link", { name: "PCC/2023-24/006" })).toHaveAttribute("href", /^\/decisions\/\d+\.pdf$/);
  await expect(page.locator("#clawback-list")).toContainText("£142.50 repaid on 14 June 2024 (invoice INV-MBC-24-0193)");
  await expect(page.getByRole("heading", { name: /Safer Streets 5$/ })).toBeVisible();
  await expectNoAxeViolations(page);
  const text = await downloadPdfText(page, (await page.getByRole("link", { name: "Download the report (PDF)" }).getAttribute("href"))!);
  expect(text).toContain("£30,227.80");
  expect(text).toContain("PCC/2023-24/006");
  expect(text).toContain("INV-MBC-24-0193");
  // The Drink Safe link goes to its bid.
  await page.getByRole("table", { name: "The bids" }).first().getByRole("link", { name: "Drink Safe", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Drink Safe" })).toBeVisible();
});

test("the Melton lead writes the introduction to the 2024-25 report and downloads the PDF", async ({ page }) => {
  test.setTimeout(60_000);
  await writeIntroduction(page, "2024-25");
});

test("an OPCC reviewer chooses Charnwood's report on /reports, and reads the introduction without a form", async ({ page }) => {
  await signInQuickly(page, USERS.reviewer);
  await page.goto("/reports");
  await page.getByLabel("Partnership").selectOption({ label: "Charnwood Community Safety Partnership" });
  await page.getByLabel("Financial year").selectOption("2023-24");
  await page.getByRole("button", { name: "Open the report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Charnwood Community Safety Partnership: funding from the Police and Crime Commissioner, 2023-24" })).toBeVisible();
  await expect(page.getByText("The partnership has not written an introduction yet.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save the introduction" })).toHaveCount(0);
  await expectNoAxeViolations(page);
  // A choice left out: the error summary, 400.
  const response = await page.goto("/reports?csp=&fy=2023-24");
  expect(response?.status()).toBe(400);
  await expect(page.locator(".govuk-error-summary").getByRole("link", { name: "Choose a partnership" })).toHaveAttribute("href", "#csp");
  await expectNoAxeViolations(page);
});

test("a Charnwood lead cannot open Melton's report", async ({ page }) => {
  await signInQuickly(page, USERS.meltonLead);
  await openOwnReport(page, "2023-24");
  const melton = new URL(page.url()).pathname;
  await page.context().clearCookies();
  await signInQuickly(page, USERS.charnwoodLead);
  expect((await page.goto(melton))?.status()).toBe(404);
  expect((await page.request.get(`${melton}.pdf`)).status()).toBe(404);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the Melton lead writes the introduction to the 2025-26 report and downloads the PDF", async ({ page }) => {
    test.setTimeout(60_000);
    await writeIntroduction(page, "2025-26");
  });
});
