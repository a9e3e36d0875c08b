import { expect, test } from "./fixtures";
import { h1, signInQuickly } from "./bid-journey";
import { DEMO_PASSWORD, expectNoAxeViolations, USERS } from "./support";

/** Made-up addresses only: wrong passwords for the demo users would lock them out for every test. */
const unknownEmail = () => `nobody-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;

test("the sign-in page asks for an email address and password", async ({ page }) => {
  await page.goto("/login");
  await expect(h1(page, "Sign in")).toBeVisible();
  await expect(page).toHaveTitle("Sign in – Community safety funding");
  await expect(page.getByLabel("Email address")).toHaveAttribute("autocomplete", "email");
  await expect(page.getByLabel("Password")).toHaveAttribute("type", "password");
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("wrong credentials show an error summary that links to the email field and keep the typed email", async ({ page }) => {
  const email = unknownEmail();
  await page.goto("/login");
  await expectNoAxeViolations(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();

  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  const link = summary.getByRole("link", { name: "Enter a correct email address and password" });
  await expect(link).toHaveAttribute("href", "#email");
  await expect(page).toHaveTitle(/^Error: Sign in/);
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expect(page.locator("#email-error")).toHaveText("Error: Enter a correct email address and password");
  await expectNoAxeViolations(page);

  await link.click();
  await expect(page.getByLabel("Email address")).toBeFocused();
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expect(summary).toBeVisible();
});

test("a sign-in with nothing typed asks for both fields", async ({ page }) => {
  await page.goto("/login");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Sign in" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("link")).toHaveText(["Enter your email address", "Enter your password"]);
  await expect(summary.getByRole("link", { name: "Enter your password" })).toHaveAttribute("href", "#password");
  await expectNoAxeViolations(page);
});

test("signing in lands on the dashboard", async ({ page }) => {
  await page.goto("/login");
  await expectNoAxeViolations(page);
  await page.getByLabel("Email address").fill(USERS.meltonLead);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(h1(page, "Dashboard")).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText("Aysha Rahman, Safer Melton Partnership")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a signed-out visit to a bid asks to sign in, then comes back to the bid", async ({ page }) => {
  await page.goto("/bids/1");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fbids%2F1$/);
  await expect(h1(page, "Sign in")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Email address").fill(USERS.meltonLead);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/bids\/1$/);
  await expect(h1(page, "Safer Communities and Partnership Officer")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("signing out ends the session: the dashboard then asks to sign in, even with the old cookie", async ({ page, context }) => {
  await signInQuickly(page, USERS.meltonLead);
  await page.goto("/");
  await expect(h1(page, "Dashboard")).toBeVisible();
  await expectNoAxeViolations(page);
  const before = await context.cookies();
  expect(before.some((c) => c.name === "portal_session")).toBe(true);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await expect(h1(page, "Sign in")).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "You have been signed out." })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2F$/);
  await expect(h1(page, "Sign in")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The old session cookie, put back, no longer signs anyone in.
  await context.addCookies(before.filter((c) => c.name === "portal_session"));
  await page.goto("/bids");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fbids$/);
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("wrong credentials come back from the server with the typed email kept and the password cleared", async ({ page }) => {
    const email = unknownEmail();
    await page.goto("/login");
    await expectNoAxeViolations(page);
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveTitle(/^Error: Sign in/);
    await expect(page.locator(".govuk-error-summary").getByRole("link", { name: "Enter a correct email address and password" })).toHaveAttribute("href", "#email");
    await expect(page.getByLabel("Email address")).toHaveValue(email);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expectNoAxeViolations(page);
  });
});
