import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signInQuickly } from "./bid-journey";
import { expectNoAxeViolations, USERS } from "./support";
import { readCsv } from "../support/csv-read";

/**
 * An administrator reads the audit log (issue 12): from Settings, filters by kind of change and
 * by date, reads each entry's change in words, pages to older entries, is told what is wrong with
 * a filter that makes no sense, and downloads the filtered log as CSV. The demo's payments of
 * August 2023 (db/seed-payments.ts) and its entries of 2023 are fixed; other specs add entries
 * dated today, outside these filters.
 */

const entries = (page: Page) => page.locator("#audit-entries tbody tr");
const entryIds = (page: Page) => entries(page).evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-entry"))));

async function filterPaymentsOfAugust2023(page: Page) {
  await page.getByLabel("Kind of change").selectOption({ label: "Payment: recorded" });
  const from = page.getByRole("group", { name: "Made from" });
  await from.getByLabel("Day").fill("1");
  await from.getByLabel("Month").fill("8");
  await from.getByLabel("Year").fill("2023");
  const to = page.getByRole("group", { name: "Made to" });
  await to.getByLabel("Day").fill("31");
  await to.getByLabel("Month").fill("8");
  await to.getByLabel("Year").fill("2023");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]kind=payment\.recorded/);
}

test("an administrator filters the audit log by kind and date, reads a change and downloads it", async ({ page }) => {
  // Four axe scans of a long table: generous for a loaded two-core machine.
  test.setTimeout(60_000);
  await signInQuickly(page, USERS.admin);
  await page.goto("/settings");
  await page.getByRole("link", { name: "View the audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  expect(await entries(page).count()).toBe(50);
  await expectNoAxeViolations(page);

  await filterPaymentsOfAugust2023(page);
  await expect(page.getByLabel("Kind of change").locator("option:checked")).toHaveText("Payment: recorded");
  await expect(page.getByRole("group", { name: "Made from" }).getByLabel("Month")).toHaveValue("8");
  await expect(entries(page).first()).toBeVisible();
  for (const kind of await entries(page).locator("td:nth-child(3) strong").allTextContents()) expect(kind).toBe("Payment: recorded");
  const advance = entries(page).filter({ hasText: "Paid on: 3 August 2023" }).first();
  await expect(advance).toContainText("Amount: £2,267.50");
  await expect(advance).toContainText("Instalment: Advance payment");
  await expect(advance.locator("td").first()).toHaveText(/^3 August 2023 at /);
  await expectNoAxeViolations(page);

  // The download carries the filters: the same entries, the change in words and the stored JSON.
  const href = await page.getByRole("link", { name: /^Download as CSV/ }).getAttribute("href");
  expect(href).toMatch(/^\/settings\/audit\.csv\?.*kind=payment\.recorded/);
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const body = await response.text();
  expect(body.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = readCsv(body.slice(1));
  expect(header.slice(0, 4)).toEqual(["When", "Who", "Email", "Kind"]);
  expect(rows).toHaveLength(await entries(page).count());
  const row = rows.find((r) => r[8].includes("Amount: £2,267.50"))!;
  expect(row[3]).toBe("Payment: recorded");
  expect(row[4]).toBe("Payment");
  expect(JSON.parse(row[10])).toMatchObject({ amountPence: 226750, paidOn: "2023-08-03" });

});

test("an administrator pages to older entries and back to newer ones", async ({ page }) => {
  test.setTimeout(60_000);
  await signInQuickly(page, USERS.admin);
  // A whole year of the demo is more than a page: "Older" goes on from the last entry shown.
  await page.goto("/settings/audit?from.day=1&from.month=4&from.year=2023&until.day=31&until.month=12&until.year=2023");
  const newest = await entryIds(page);
  expect(newest).toHaveLength(50);
  await expect(page.getByRole("link", { name: "Newer entries" })).toHaveCount(0);
  await page.getByRole("link", { name: "Older entries" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]before=${newest[49]}(&|$)`));
  // With JavaScript on the address changes as the new page renders: wait for the older entries.
  await expect.poll(async () => {
    const older = await entryIds(page);
    return older.length > 0 && Math.max(...older) < newest[49];
  }).toBe(true);
  await expect(page.getByRole("group", { name: "Made to" }).getByLabel("Year")).toHaveValue("2023");
  await page.getByRole("link", { name: "Newer entries" }).click();
  await expect.poll(() => entryIds(page)).toEqual(newest);
  await page.getByRole("link", { name: "Older entries" }).click();
  // Checked once the older entries are drawn, not while the page is changing.
  await expect.poll(async () => {
    const older = await entryIds(page);
    return older.length > 0 && Math.max(...older) < newest[49];
  }).toBe(true);
  await expectNoAxeViolations(page);
});

test("a filter that makes no sense is refused with the error summary, and what was typed is kept", async ({ page }) => {
  await signInQuickly(page, USERS.admin);
  const response = await page.goto("/settings/audit?type=bid&record=twelve&person=nobody%40example.com");
  expect(response?.status()).toBe(400);
  await expect(page).toHaveTitle(/^Error: Audit log/);
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("link", { name: "Record number must be a whole number, like 123" })).toHaveAttribute("href", "#record");
  await expect(summary.getByRole("link", { name: /^No one has that e-mail address/ })).toHaveAttribute("href", "#person");
  await expect(page.getByLabel("Record number")).toHaveValue("twelve");
  await expect(page.getByLabel("Made by")).toHaveValue("nobody@example.com");
  await expect(page.locator("#audit-entries")).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the filters, the entries and the pages work as plain links and a GET form", async ({ page }) => {
    test.setTimeout(60_000);
    await signInQuickly(page, USERS.admin);
    await page.goto("/settings/audit");
    await filterPaymentsOfAugust2023(page);
    await expect(entries(page).filter({ hasText: "Amount: £2,267.50" }).first()).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/settings\/audit$/);
    await page.getByRole("link", { name: "Older entries" }).click();
    await expect(page).toHaveURL(/[?&]before=\d+/);
    expect(await entries(page).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
  });
});
