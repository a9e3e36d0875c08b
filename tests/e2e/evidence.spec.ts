import fs from "node:fs";
import { expect, test, type Page } from "./fixtures";
import { h1, signInQuickly, uniqueTitle } from "./bid-journey";
import { evidencePageOf } from "./evidence-returns";
import { expectNoAxeViolations, USERS } from "./support";
import { samplePdf, samplePng } from "../../db/evidence-samples";

/**
 * Evidence files on a return, in the browser against the built server, with JavaScript on and
 * off: the lead uploads a file, sees it listed, downloads it and removes it; a file that is not
 * what its name says is refused with an error summary linking to the file input; council finance
 * reads and downloads but has no upload form; another partnership is not found.
 */

const table = (page: Page) => page.getByRole("table", { name: "Evidence files" });
const row = (page: Page, fileName: string) => table(page).getByRole("row").filter({ hasText: fileName });

async function uploadFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, description: string) {
  await page.getByLabel("Choose a file").setInputFiles(file);
  await page.getByLabel("Describe the file (optional)").fill(description);
  await page.getByRole("button", { name: "Upload file" }).click();
}

async function uploadListDownloadRemove(page: Page) {
  const path = evidencePageOf();
  await signInQuickly(page, USERS.meltonLead);
  await page.goto(path);
  await expect(h1(page, /^Evidence for the 20\d\d-\d\d Q\d .* return$/)).toBeVisible();
  await expectNoAxeViolations(page);

  const name = `${uniqueTitle("Invoice")}.pdf`;
  const content = samplePdf(["INVOICE", "CCTV camera: £4,843.00"]);
  await uploadFile(page, { name, mimeType: "application/pdf", buffer: content }, "The camera's invoice");
  await expect(page.getByRole("alert").filter({ hasText: `${name} has been uploaded` })).toBeVisible();
  await expect(row(page, name)).toContainText("The camera's invoice");
  await expect(row(page, name)).toContainText("PDF");
  await expect(row(page, name)).toContainText("Not scanned");
  await expect(row(page, name)).toContainText("Aysha Rahman");
  // The form is a fresh one: no file is still chosen.
  expect(await page.getByLabel("Choose a file").evaluate((input: HTMLInputElement) => input.files?.length ?? 0)).toBe(0);
  await expectNoAxeViolations(page);

  const [download] = await Promise.all([page.waitForEvent("download"), row(page, name).getByRole("link", { name }).click()]);
  expect(download.suggestedFilename()).toBe(name);
  expect(fs.readFileSync((await download.path())!).equals(content)).toBe(true);

  await row(page, name).getByRole("button", { name: `Remove ${name}` }).click();
  await expect(page.getByRole("alert").filter({ hasText: `${name} has been removed` })).toBeVisible();
  await expect(row(page, name)).toHaveCount(0);
  await expectNoAxeViolations(page);
}

async function refusedWithSummary(page: Page) {
  const path = evidencePageOf();
  await signInQuickly(page, USERS.meltonLead);
  await page.goto(path);
  const name = `${uniqueTitle("Not an invoice")}.pdf`;
  await uploadFile(page, { name, mimeType: "application/pdf", buffer: Buffer.from("<!DOCTYPE html><title>x</title><p>Not a PDF</p>") }, "Kept when refused");
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("There is a problem");
  const link = summary.getByRole("link", { name: /The selected file's name ends \.pdf but its content is not PDF/ });
  await expect(link).toHaveAttribute("href", "#file");
  await expect(page.locator("#file-error")).toContainText("its content is not PDF");
  await expect(page.getByLabel("Describe the file (optional)")).toHaveValue("Kept when refused");
  await expect(row(page, name)).toHaveCount(0);
  await expectNoAxeViolations(page);
}

test.describe("with JavaScript", () => {
  test("the lead uploads a PDF, sees it listed, downloads it and removes it", async ({ page }) => {
    await uploadListDownloadRemove(page);
  });

  test("a web page renamed .pdf is refused with an error summary linking to the file input, the description kept", async ({ page }) => {
    await refusedWithSummary(page);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the lead uploads a PDF, sees it listed, downloads it and removes it", async ({ page }) => {
    await uploadListDownloadRemove(page);
  });

  test("a web page renamed .pdf is refused with an error summary linking to the file input, the description kept", async ({ page }) => {
    await refusedWithSummary(page);
  });

  test("choosing no file says to select one", async ({ page }) => {
    await signInQuickly(page, USERS.meltonLead);
    await page.goto(evidencePageOf());
    await page.getByRole("button", { name: "Upload file" }).click();
    await expect(page.locator(".govuk-error-summary").getByRole("link", { name: "Select a file to upload" })).toHaveAttribute("href", "#file");
    await expectNoAxeViolations(page);
  });
});

test("council finance sees the files and downloads them, with no upload form or remove buttons; the download is an attachment, not sniffed, not cached", async ({ page, browser }) => {
  const path = evidencePageOf();
  await signInQuickly(page, USERS.meltonLead);
  const name = `${uniqueTitle("Photo")}.png`;
  await page.goto(path);
  await uploadFile(page, { name, mimeType: "image/png", buffer: samplePng() }, "The camera on its pole");
  await expect(row(page, name)).toBeVisible();
  const href = (await row(page, name).getByRole("link", { name }).getAttribute("href"))!;

  const finance = await browser.newContext();
  const financePage = await finance.newPage();
  await signInQuickly(financePage, USERS.meltonFinance);
  await financePage.goto(path);
  await expect(row(financePage, name)).toContainText("The camera on its pole");
  await expect(financePage.getByRole("button", { name: "Upload file" })).toHaveCount(0);
  await expect(financePage.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  await expectNoAxeViolations(financePage);
  const response = await financePage.request.get(href);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("image/png");
  expect(response.headers()["content-disposition"]).toBe(`attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  // Said by the route and by the server's own security headers (server/security-headers.ts): the same word twice.
  expect(new Set(response.headers()["x-content-type-options"].split(/,\s*/))).toEqual(new Set(["nosniff"]));
  expect(response.headers()["cache-control"]).toBe("private, no-store");
  expect((await response.body()).equals(samplePng())).toBe(true);
  await finance.close();

  const charnwood = await browser.newContext();
  const charnwoodPage = await charnwood.newPage();
  await signInQuickly(charnwoodPage, USERS.charnwoodLead);
  expect((await charnwoodPage.request.get(path)).status()).toBe(404);
  expect((await charnwoodPage.request.get(href)).status()).toBe(404);
  await charnwood.close();

  await row(page, name).getByRole("button", { name: `Remove ${name}` }).click();
  await expect(row(page, name)).toHaveCount(0);
});
