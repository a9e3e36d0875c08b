import { expect, test, type Browser, type Page } from "./fixtures";
import { h1 } from "./bid-journey";
import { expectNoAxeViolations, pressAgain, signIn, USERS } from "./support";

/**
 * People (issue 12), in the browser: an administrator finds the people, invites someone of the
 * test's own (a unique e-mail address), who opens the link from the outbox in a browser of their
 * own, sets a password and signs in; the administrator then deactivates them, and their next page
 * is the sign-in page; the used link says so. Every page state has an axe scan. JavaScript on, and
 * once more off.
 */

const PASSWORD = "copper meadow lantern fig";
const summary = (page: Page) => page.locator(".govuk-error-summary");
const banner = (page: Page) => page.locator(".govuk-notification-banner--success");

async function inviteAcceptDeactivate(page: Page, browser: Browser, javaScriptEnabled: boolean) {
  test.setTimeout(60_000);
  const email = `invited.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@melton.example.gov.uk`;
  await signIn(page, USERS.admin);

  await page.goto("/settings");
  await page.getByRole("link", { name: /who can sign in/ }).click();
  await expect(h1(page, "People")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Status").selectOption("deactivated");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=deactivated/);
  // The list's states are the same pages with JavaScript off: scanned once, in the first pass.
  if (javaScriptEnabled) await expectNoAxeViolations(page);
  await page.goto("/settings/people");
  await page.getByLabel("Partnership", { exact: true }).selectOption({ label: "Safer Melton Partnership" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/csp=\d+/);
  await expect(page.getByRole("table")).toContainText("lead.melton@demo.opcc.test");
  await expect(page.getByRole("table")).not.toContainText("reviewer@demo.opcc.test");
  await page.goto("/settings/people?status=asleep");
  await expect(summary(page).getByRole("link", { name: "Choose a status from the list" })).toBeVisible();
  if (javaScriptEnabled) await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Invite someone" }).click();
  await expect(h1(page, "Invite someone")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Full name").fill("Robin Invitee");
  await page.getByLabel("CSP lead", { exact: true }).check();
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await expect(summary(page).getByRole("link", { name: "Enter the person's email address" })).toBeVisible();
  await expect(summary(page).getByRole("link", { name: "Select the partnership this person works for" })).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("Robin Invitee");
  await expectNoAxeViolations(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Partnership", { exact: true }).selectOption({ label: "Safer Melton Partnership" });
  await pressAgain(page, "Send the invitation");
  await expect(banner(page)).toContainText("The invitation has been sent");
  await expect(h1(page, "Robin Invitee")).toBeVisible();
  await expect(page.getByText("Invited", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  const personPage = new URL(page.url()).pathname;

  // The demo's outbox shows the link (a real installation's hides it).
  await page.goto(`/outbox?to=${encodeURIComponent(email)}`);
  const body = (await page.locator("pre").first().textContent()) ?? "";
  const link = /\/invitation\/[A-Za-z0-9_-]+/.exec(body)?.[0];
  expect(link, "the invitation link in the outbox").toBeTruthy();

  const theirs = await browser.newContext({ javaScriptEnabled });
  const them = await theirs.newPage();
  try {
    await them.goto(link!);
    await expect(h1(them, "Set your password")).toBeVisible();
    await expect(them.locator("#greeting")).toContainText("Dear Robin Invitee");
    await expectNoAxeViolations(them);
    await them.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await them.getByLabel("Type the password again").fill("something else entirely");
    await them.getByRole("button", { name: "Set the password" }).click();
    await expect(summary(them).getByRole("link", { name: "The two passwords are not the same: type the password again" })).toBeVisible();
    await expectNoAxeViolations(them);
    await them.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await them.getByLabel("Type the password again").fill(PASSWORD);
    await pressAgain(them, "Set the password");
    await expect(banner(them)).toContainText("Your password is set");
    await expectNoAxeViolations(them);
    await them.getByRole("link", { name: "Sign in" }).last().click();
    await signIn(them, email, PASSWORD);
    // The used link says so.
    await them.goto(link!);
    await expect(h1(them, "This invitation cannot be used")).toBeVisible();
    await expect(them.locator("#link-refused")).toContainText("already been used");
    await expectNoAxeViolations(them);

    // The administrator deactivates them; their next page is the sign-in page.
    await page.goto(personPage);
    await page.getByRole("button", { name: "Deactivate Robin Invitee" }).click();
    await expect(banner(page)).toContainText("The person has been deactivated");
    await expect(page.getByText("Deactivated", { exact: true })).toBeVisible();
    await expectNoAxeViolations(page);
    await them.goto("/bids");
    await expect(them).toHaveURL(/\/login/);
    await expect(h1(them, "Sign in")).toBeVisible();

  } finally {
    await theirs.close();
  }

  // Back again: reactivated.
  await page.getByRole("button", { name: "Reactivate Robin Invitee" }).click();
  await expect(banner(page)).toContainText("reactivated");
  await expectNoAxeViolations(page);
}

test("an administrator invites someone, who sets a password and signs in, then deactivates them", async ({ page, browser }) => {
  await inviteAcceptDeactivate(page, browser, true);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });
  test("the same, without JavaScript", async ({ page, browser }) => {
    await inviteAcceptDeactivate(page, browser, false);
  });
});
