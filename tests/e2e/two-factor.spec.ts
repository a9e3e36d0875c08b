import { execFileSync } from "node:child_process";
import { generateSync } from "otplib";
import { expect, test, type Page } from "./fixtures";
import { h1 } from "./bid-journey";
import { expectNoAxeViolations, pressAgain } from "./support";

/**
 * Two-factor sign-in in the browser (decision record 035), as a user of the test's own: set it up
 * from the key shown beside the QR code, see the recovery codes, sign out; signing in then asks for
 * a code, refuses a wrong one, takes the right one; a recovery code takes the user in once only.
 */

const PASSWORD = "quiet meadow lantern seven";

function inProcess(...args: string[]): any {
  const port = process.env.E2E_PORT;
  if (!port) throw new Error("E2E_PORT is not set: run this from Playwright");
  const out = execFileSync("npx", ["tsx", "tests/support/user-in-process.ts", ...args], { env: { ...process.env, DATABASE_PATH: `tests/.tmp/e2e-${port}/portal.db` }, encoding: "utf8", timeout: 60_000 });
  return JSON.parse(out.trim().split("\n").pop()!);
}

/**
 * The code an authenticator app shows `aheadSeconds` from now. Each 30-second step is taken once,
 * so a sign-in straight after setting up uses the next step's code, which the portal accepts (it
 * allows one step either side) without the test waiting for the clock.
 */
const codeFor = (secret: string, aheadSeconds = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + aheadSeconds });

const summary = (page: Page) => page.locator(".govuk-error-summary");

async function signInWithPassword(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(h1(page, "Enter your security code")).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/login/two-factor");
}

async function enterCode(page: Page, code: string) {
  await page.getByLabel("Security code").fill(code);
  await page.getByRole("button", { name: "Continue" }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
}

test("setting up two-factor sign-in, then signing in with a code and with a recovery code", async ({ page }) => {
  test.setTimeout(90_000);
  const email = `two.factor.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@melton.example.gov.uk`;
  inProcess("user", email, "Tariq Twofactor", PASSWORD);

  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(h1(page, "Dashboard")).toBeVisible();

  // Not yet on: the page explains it and offers to set it up.
  await page.goto("/account/two-factor");
  await expect(h1(page, "Two-factor sign-in")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();

  // The QR code and, beside it, the key as text.
  await expect(page.getByRole("img", { name: "QR code for setting up your authenticator app" })).toBeVisible();
  const secret = (await page.locator("#setup-key").innerText()).replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expectNoAxeViolations(page);

  // A wrong code is refused, with the error summary linking to the field.
  await page.getByLabel("Code from your authenticator app").fill("000000" === codeFor(secret) ? "111111" : "000000");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(summary(page).getByRole("link", { name: "The code is not right. Enter the code your app shows now" })).toHaveAttribute("href", "#code");
  await expectNoAxeViolations(page);

  await page.getByLabel("Code from your authenticator app").fill(codeFor(secret));
  await pressAgain(page, "Turn on two-factor sign-in");
  await expect(page.getByRole("heading", { name: "Two-factor sign-in is on" })).toBeVisible();
  const recovery = await page.locator("#recovery-codes li").allInnerTexts();
  expect(recovery).toHaveLength(10);
  await expectNoAxeViolations(page);
  await signOut(page);

  // Signing in now asks for the code; no session until it is right.
  await signInWithPassword(page, email);
  await expectNoAxeViolations(page);
  expect((await page.context().cookies()).some((c) => c.name === "portal_session")).toBe(false);
  await enterCode(page, "12345x");
  await expect(summary(page).getByRole("link", { name: "The code is not right. Enter the code your app shows now, or an unused recovery code" })).toHaveAttribute("href", "#code");
  await expect(page).toHaveTitle(/^Error: /);
  await expectNoAxeViolations(page);
  await enterCode(page, codeFor(secret, 30));
  await expect(h1(page, "Dashboard")).toBeVisible();

  // The account page now says it is on, with ten recovery codes unused.
  await page.goto("/account/two-factor");
  await expect(page.getByText("You have 10 unused recovery codes.")).toBeVisible();
  await expectNoAxeViolations(page);
  await signOut(page);

  // A recovery code instead of the app's code: once.
  await signInWithPassword(page, email);
  await enterCode(page, recovery[0]);
  await expect(h1(page, "Dashboard")).toBeVisible();
  await page.goto("/account/two-factor");
  await expect(page.getByText("You have 9 unused recovery codes.")).toBeVisible();
  await signOut(page);

  await signInWithPassword(page, email);
  await enterCode(page, recovery[0]);
  await expect(summary(page).getByRole("link", { name: /^The code is not right/ })).toBeVisible();
  await expectNoAxeViolations(page);
  // Another unused one still works.
  await enterCode(page, recovery[1]);
  await expect(h1(page, "Dashboard")).toBeVisible();
});
