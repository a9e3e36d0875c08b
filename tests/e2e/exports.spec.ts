import fs from "node:fs";
import ExcelJS from "exceljs";
import { expect, test, type Page } from "./fixtures";
import { MELTON, h1, signInQuickly } from "./bid-journey";
import { expectNoAxeViolations, USERS } from "./support";
import { readCsv } from "../support/csv-read";

/**
 * Finance takes the reconciliation and a year's cost lines into Excel, and anyone takes a list
 * they have filtered: each a plain link that downloads the file, with JavaScript on and off.
 * Read-only: nothing here changes the demo other specs read.
 */

/** Clicks the link and returns the download's suggested name and its bytes. */
async function download(page: Page, name: string | RegExp) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  const saved = await file.path();
  return { filename: file.suggestedFilename(), bytes: fs.readFileSync(saved!) };
}

function csvOf(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)], "a byte-order mark").toEqual([0xef, 0xbb, 0xbf]);
  return readCsv(bytes.subarray(3).toString("utf8"));
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("OPCC finance downloads 2023-24's cost lines as a workbook and as CSV, and the reconciliation as CSV", async ({ page }) => {
      test.setTimeout(90_000);
      await signInQuickly(page, USERS.finance);
      await page.goto("/finance?fy=2023-24");
      await expect(h1(page, "Reconciliation 2023-24")).toBeVisible();
      await expect(page.getByRole("heading", { name: "Downloads" })).toBeVisible();
      await expectNoAxeViolations(page);

      const workbook = await download(page, "2023-24's grant cost lines as an Excel workbook");
      expect(workbook.filename).toMatch(/^finance-cost-lines-2023-24-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(workbook.bytes as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      expect(sheet.name).toBe("Cost lines 2023-24");
      expect(sheet.getRow(1).getCell(1).value).toBe("Partnership");
      const drink: unknown[] = [];
      sheet.eachRow((row) => row.getCell(3).value === "Drink Safe" && drink.push(row.getCell(11).value));
      // Drink Safe's two lines as approved: £1,500 and £767.50 (£2,267.50 of the £3,035 asked).
      expect(drink).toEqual([1500, 767.5]);

      const lines = csvOf((await download(page, "2023-24's grant cost lines as CSV")).bytes);
      expect(lines[0]).toContain("Underspend outcome (the line's year)");
      expect(lines.some((r) => r[2] === "Drink Safe" && r.at(-1) === "Returned £142.50 (clawback of £142.50 received)")).toBe(true);

      const reconciliation = await download(page, /^Download as CSV/);
      expect(reconciliation.filename).toMatch(/^reconciliation-2023-24-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(csvOf(reconciliation.bytes).map((r) => r[0])).toContain(MELTON);
    });

    test("a CSP lead downloads the bids list as filtered, every page of it", async ({ page }) => {
      await signInQuickly(page, USERS.meltonLead);
      await page.goto("/bids?status=approved&sort=title&dir=asc");
      await expectNoAxeViolations(page);
      const link = page.getByRole("link", { name: /^Download as CSV/ });
      await expect(link).toHaveAttribute("href", "/bids.csv?status=approved&sort=title&dir=asc");
      const { filename, bytes } = await download(page, /^Download as CSV/);
      expect(filename).toMatch(/^bids-\d{4}-\d{2}-\d{2}\.csv$/);
      const rows = csvOf(bytes);
      const total = Number(/^(\d+) bids?/.exec((await page.locator("#bid-totals").textContent()) ?? "")?.[1]);
      expect(rows.length - 1).toBe(total);
      expect(new Set(rows.slice(1).map((r) => r[rows[0].indexOf("Status")]))).toEqual(new Set(["Approved"]));
      const titles = rows.slice(1).map((r) => r[1]);
      expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
    });

    test("OPCC staff download the grants and the review queue", async ({ page }) => {
      await signInQuickly(page, USERS.reviewer);
      await page.goto("/grants");
      await expectNoAxeViolations(page);
      const grants = csvOf((await download(page, /^Download as CSV/)).bytes);
      expect(grants[0].slice(0, 3)).toEqual(["Grant ID", "Project", "Partnership"]);
      expect(grants.length).toBeGreaterThan(1);
      await page.goto("/review");
      const queue = page.getByRole("link", { name: /^Download as CSV/ });
      if (await queue.count()) {
        await expectNoAxeViolations(page);
        const rows = csvOf((await download(page, /^Download as CSV/)).bytes);
        expect(rows[0][0]).toBe("Bid ID");
      }
    });
  });
}

test("a year the portal does not have is refused in words, never a 500; a CSP lead may not have the finance exports", async ({ page }) => {
  await signInQuickly(page, USERS.finance);
  for (const path of ["/exports/finance.xlsx?year=nonsense", "/exports/finance.csv", "/exports/finance.csv?year=2099-00"]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(400);
    expect(await response.text()).toContain("There is no such financial year");
  }
  await page.context().clearCookies();
  await signInQuickly(page, USERS.meltonLead);
  expect((await page.request.get("/exports/finance.xlsx?year=2023-24")).status()).toBe(403);
  expect((await page.request.get("/finance.csv")).status()).toBe(403);
});
