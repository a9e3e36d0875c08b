import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "./fixtures";
import { h1 } from "./bid-journey";
import { expectNoAxeViolations } from "./support";

/**
 * Forgot your password, in the browser, as a user of the test's own: ask for a link, follow it,
 * be refused a weak password, set a good one, sign in with it; the link then answers that it has
 * been used. Then change the password while signed in. JavaScript on and off.
 */

function inProcess(...args: string[]): any {
  const port = process.env.E2E_PORT;
  if (!port) throw new Error("E2E_PORT is not set: run this from Playwright");
  const out = execFileSync("npx", ["tsx", "tests/support/user-in-process.ts", ...args], { env: { ...process.env, DATABASE_PATH: `tests/.tmp/e2e-${port}/portal.db` }, encoding: "utf8", timeout: 60_000 });
  return JSON.parse(out.trim().split("\n").pop()!);
}

const summary = (page: Page) => page.locator(".govuk-error-summary");

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function forgotAndReset(page: Page) {
  const email = `reset.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@melton.example.gov.uk`;
  inProcess("user", email, "Robin Resetter", "the first long password");
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(h1(page, "Reset your password")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(summary(page).getByRole("link", { name: "Enter your email address" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Email address").fill(email);
  await page.waitForTimeout(1_000);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.locator(".govuk-notification-banner--success")).toContainText("If that address has an account, we have sent it an e-mail");

  const { link } = inProcess("reset-link", email);
  await page.goto(link);
  await expect(h1(page, "Set a new password")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("New password", { exact: true }).fill("Password1234");
  await page.getByLabel("Type the new password again").fill("Password1234");
  await page.getByRole("button", { name: "Set the password" }).click();
  await expect(summary(page).getByRole("link", { name: /^Choose a password that is harder to guess/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("New password", { exact: true }).fill("lantern orchard pebble drum");
  await page.getByLabel("Type the new password again").fill("lantern orchard pebble drum");
  await page.waitForTimeout(1_000);
  await page.getByRole("button", { name: "Set the password" }).click();
  await expect(page.locator(".govuk-notification-banner--success")).toContainText("Your password has been set");
  await signIn(page, email, "lantern orchard pebble drum");
  await expect(page.getByRole("link", { name: "Your account" })).toBeVisible();

  // The link has been used.
  await page.goto(link);
  await expect(page.locator("#link-refused")).toContainText("This password reset link has already been used");
  await expectNoAxeViolations(page);

  // Changed while signed in, with the current one.
  await page.goto("/account/password");
  await expect(h1(page, "Change your password")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Current password").fill("not the password");
  await page.getByLabel("New password", { exact: true }).fill("violet harbour candle map");
  await page.getByLabel("Type the new password again").fill("violet harbour candle map");
  await page.getByRole("button", { name: "Change the password" }).click();
  await expect(summary(page).getByRole("link", { name: "Your current password is not right" })).toBeVisible();
  await page.getByLabel("Current password").fill("lantern orchard pebble drum");
  await page.getByLabel("New password", { exact: true }).fill("violet harbour candle map");
  await page.getByLabel("Type the new password again").fill("violet harbour candle map");
  await page.waitForTimeout(1_000);
  await page.getByRole("button", { name: "Change the password" }).click();
  await expect(page.locator(".govuk-notification-banner--success")).toContainText("Your password has been changed");
  await expectNoAxeViolations(page);
}

test("a forgotten password is reset with the e-mailed link, which then works no more; a signed-in user changes theirs", async ({ page }) => {
  test.setTimeout(120_000);
  await forgotAndReset(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("a forgotten password is reset with the e-mailed link, which then works no more; a signed-in user changes theirs", async ({ page }) => {
    test.setTimeout(120_000);
    await forgotAndReset(page);
  });
});
