import { expect, test, type Page } from "./fixtures";
import { expectNoAxeViolations } from "./support";

/**
 * The published grants, browsed signed out with JavaScript on and off: the list with the demo's
 * Melton grants (Drink Safe part-approved), a filter chosen with the form, a value not among the
 * choices refused with an error summary, a decision's public record, and both 360Giving files
 * downloaded. Nothing here writes: the demo's decisions are only read.
 */

async function browse(page: Page) {
  const response = await page.goto("/transparency");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toBe("public, max-age=300");
  expect(response?.headers()["set-cookie"]).toBeUndefined();
  await expect(page.getByRole("heading", { level: 1, name: "Published grants" })).toBeVisible();
  await expectNoAxeViolations(page);

  // The form's filters: Melton in 2023-24.
  await page.getByLabel("Financial year").selectOption("2023-24");
  await page.getByLabel("Partnership").selectOption({ label: "Safer Melton Partnership" });
  await page.getByRole("button", { name: "Show grants" }).click();
  await expect(page).toHaveURL(/fy=2023-24/);
  await expect(page).toHaveURL(/csp=melton/);
  const drinkSafe = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Drink Safe" }) });
  await expect(drinkSafe).toContainText("Melton Borough Council");
  await expect(drinkSafe).toContainText("Part-approved");
  await expect(page.getByRole("table", { name: /allocation/ })).toContainText("£31,000.00");
  await expectNoAxeViolations(page);

  // Its public record.
  await drinkSafe.getByRole("link", { name: "Drink Safe" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Drink Safe" })).toBeVisible();
  await expect(page.locator("main")).toContainText("Why it will reduce crime and disorder");
  await expect(page.locator("main")).toContainText("Melton Borough Council");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Published grants" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Published grants" })).toBeVisible();
}

async function refused(page: Page) {
  const response = await page.goto("/transparency?fy=1999-00&csp=melton");
  expect(response?.status()).toBe(400);
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Select a financial year from the list");
  await summary.getByRole("link", { name: "Select a financial year from the list" }).click();
  await expect(page.getByLabel("Financial year")).toBeFocused();
  await expect(page.getByLabel("Financial year")).toHaveValue("1999-00");
  await expect(page).toHaveTitle(/^Error: Published grants/);
  await expectNoAxeViolations(page);
}

async function downloads(page: Page) {
  await page.goto("/transparency");
  const [json] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "download as JSON" }).click()]);
  expect(json.suggestedFilename()).toBe("360giving.json");
  const data = JSON.parse(await streamText(await json.createReadStream()));
  expect(data.grants.length).toBeGreaterThan(0);
  expect(data.grants.every((g: { id: string }) => /^360G-[^/]+$/.test(g.id))).toBe(true);
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "download as CSV" }).click()]);
  expect(csv.suggestedFilename()).toBe("360giving.csv");
  const text = await streamText(await csv.createReadStream());
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.slice(1).split("\r\n")[0]).toMatch(/^Identifier,Title,Description,Currency,/);
}

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

test.describe("published grants, signed out, with JavaScript", () => {
  test("browse, filter and open a decision", async ({ page }) => browse(page));
  test("a filter not among the choices is refused", async ({ page }) => refused(page));
  test("download both 360Giving files", async ({ page }) => downloads(page));
  test("the footer links to them from every page", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("link", { name: "Published grants" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Published grants" })).toBeVisible();
  });
});

test.describe("published grants, signed out, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("browse, filter and open a decision", async ({ page }) => browse(page));
  test("a filter not among the choices is refused", async ({ page }) => refused(page));
  test("download both 360Giving files", async ({ page }) => downloads(page));
});
