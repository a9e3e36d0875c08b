import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { h1, signInQuickly } from "./bid-journey";
import { banner } from "./review-steps";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * An administrator sets up the OPCC and adds a partnership (issue 12). A settings spec: it runs
 * before the journeys and leaves things as it found them — the OPCC's name is put back, and each
 * partnership it adds is retired at the end, so no round offers it an allocation.
 */

const DEMO_NAME = "Leicestershire Police and Crime Commissioner";
const headerName = (page: Page) => page.locator("header[role=banner] .govuk-generic-header__homepage-link");
const errorLink = (page: Page, text: string | RegExp) => page.locator(".govuk-error-summary").getByRole("link", { name: text });
// GOV.UK's double-click guard: a person takes longer than this between two presses.
const pause = (page: Page) => page.waitForTimeout(1_100);

async function addPartnership(page: Page) {
  const stamp = Date.now().toString(36);
  const name = `Safer Test Vale ${stamp} Partnership`;
  await page.goto("/settings");
  await page.getByRole("link", { name: "Change the partnerships" }).click();
  await expect(h1(page, "Partnerships")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Add a partnership" }).click();
  await expect(h1(page, "Add a partnership")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Partnership's name").fill(name);
  await page.getByLabel("Accountable council").fill("Test Vale District Council");
  await page.getByLabel("Council's ONS code (optional)").fill("E10000018");
  await page.getByLabel("Council's organisation identifier (optional)").fill("gb-lae-tvx");
  await page.getByRole("button", { name: "Add the partnership" }).click();
  await errorLink(page, /^Enter the council's ONS code as 9 characters/).click();
  await expect(page.getByLabel("Council's ONS code (optional)")).toBeFocused();
  await expect(page.getByLabel("Partnership's name")).toHaveValue(name);
  await expectNoAxeViolations(page);

  await page.getByLabel("Council's ONS code (optional)").fill("E07000999");
  await pause(page);
  await page.getByRole("button", { name: "Add the partnership" }).click();
  await expect(banner(page)).toContainText("The partnership has been added.");
  await expect(h1(page, name)).toBeVisible();
  await expect(page.getByLabel("Code", { exact: true })).toHaveValue(`safer-test-vale-${stamp}-partnership`);
  await expect(page.getByLabel("Council's organisation identifier (optional)")).toHaveValue("GB-LAE-TVX");
  await expectNoAxeViolations(page);

  await page.getByLabel("The priority", { exact: true }).fill("Rural crime");
  await pause(page);
  await page.getByRole("button", { name: "Add the priority" }).click();
  await expect(banner(page)).toContainText("The priority has been added.");
  await expect(page.getByRole("row").filter({ hasText: "Rural crime" })).toContainText("Yes");
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Retire the partnership" }).click();
  await expect(banner(page)).toContainText("The partnership has been retired.");
  await expect(page.getByRole("button", { name: "Make the partnership active again" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Back to partnerships" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Retired");
}

async function changeName(page: Page) {
  const name = `Test Vale Police and Crime Commissioner ${Date.now().toString(36)}`;
  await signInQuickly(page, USERS.admin);
  await page.goto("/settings");
  await page.getByRole("link", { name: "Change the OPCC's names, contact and 360Giving details" }).click();
  await expect(h1(page, "The OPCC")).toBeVisible();
  await expectNoAxeViolations(page);
  const field = page.getByLabel("The OPCC's name, as the header of every page shows it");
  await expect(field).toHaveValue(DEMO_NAME);
  try {
    await field.fill("");
    await page.getByRole("button", { name: "Save the settings" }).click();
    await errorLink(page, "Enter the OPCC's name as the header shows it").click();
    await expect(field).toBeFocused();
    await expectNoAxeViolations(page);

    await field.fill(name);
    await pause(page);
    await page.getByRole("button", { name: "Save the settings" }).click();
    await expect(banner(page)).toContainText("The OPCC's settings are saved.");
    await expect(headerName(page)).toHaveText(name);
    await expect(page.locator("footer")).toContainText(`Run by the Office of the ${name}.`);
    await expectNoAxeViolations(page);
  } finally {
    await page.goto("/settings/opcc");
    await field.fill(DEMO_NAME);
    await page.getByRole("button", { name: "Save the settings" }).click();
    await expect(headerName(page)).toHaveText(DEMO_NAME);
  }
}

// The two name changes would refuse each other as stale if they ran at once.
test.describe.configure({ mode: "serial" });

test.describe("with JavaScript", () => {
  test("an administrator adds a partnership with a priority, is told of a wrong ONS code, and retires it", async ({ page }) => {
    test.setTimeout(60_000);
    await signInQuickly(page, USERS.admin);
    await addPartnership(page);
  });
  test("an administrator changes the OPCC's name, sees it in the header, and puts it back", async ({ page }) => {
    test.setTimeout(60_000);
    await changeName(page);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("an administrator adds a partnership with a priority, is told of a wrong ONS code, and retires it", async ({ page }) => {
    test.setTimeout(60_000);
    await signInQuickly(page, USERS.admin);
    await addPartnership(page);
  });
  test("an administrator changes the OPCC's name, sees it in the header, and puts it back", async ({ page }) => {
    test.setTimeout(60_000);
    await changeName(page);
  });
});
