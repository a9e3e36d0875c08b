import { expect, test, type Page } from "./fixtures";
import { fillDate, h1, signInQuickly, uniqueTitle } from "./bid-journey";
import { acceptedGrant } from "./returns-fixture";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * Virements in the browser, each journey on an accepted grant of its own (returns-fixture.ts, with
 * a third line: the outreach worker £12,000, the camera £4,000 and leaflets £500): within the 10%
 * tolerance of the leaflets (£50.00) a virement is approved as it is made; £100.00 waits for the
 * OPCC, whose reviewer finds it in the queue and approves it with a reason. JavaScript on and off.
 */

const OUTREACH = "Outreach worker: two days a week";
const LEAFLETS = "Leaflets";

const banner = (page: Page) => page.locator(".govuk-notification-banner--success");
const summary = (page: Page) => page.locator(".govuk-error-summary");
const lineRow = (page: Page, description: string) => page.locator("#grant-lines").getByRole("row", { name: new RegExp(`^${description}`) });

async function askToMove(page: Page, grantId: number, amount: string) {
  await page.goto(`/grants/${grantId}`);
  await expect(page.getByRole("heading", { name: "Variations" })).toBeVisible();
  await page.getByRole("link", { name: "Ask to move money between lines" }).click();
  await expect(h1(page, "Ask to move money between lines")).toBeVisible();
  await expect(page.locator("#virement-rule")).toContainText("no more than 10% above the amount the PCC approved for it, and the amount is £5,000.00 or less");
  await expectNoAxeViolations(page);
  // Nothing chosen: each field is named in the summary.
  await page.getByRole("button", { name: "Ask to move the money" }).click();
  await expect(summary(page).getByRole("link", { name: "Choose the line the money comes from" })).toBeVisible();
  await expect(summary(page).getByRole("link", { name: "Enter why the money is moved" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Move money from").selectOption({ label: `${OUTREACH} (2024-25, revenue): £12,000.00 now, £0.00 spent` });
  await page.getByLabel("Move money to").selectOption({ label: `${LEAFLETS} (2024-25, revenue): £500.00 now, £0.00 spent` });
  await page.getByLabel("Amount to move").fill(amount);
  await page.getByLabel("Why is the money moved?").fill("A second print run for the new estate.");
  // The button ignores a second click within a second of the first (GOV.UK's data-prevent-double-click), as a person's would not come so soon.
  await page.waitForTimeout(1_000);
  await page.getByRole("button", { name: "Ask to move the money" }).click();
}

async function withinTolerance(page: Page) {
  const grant = acceptedGrant(uniqueTitle("Virement within tolerance"), "annual", { extraLine: true });
  await signInQuickly(page, USERS.meltonLead);
  await askToMove(page, grant.grantId, "50.00");
  await expect(banner(page)).toContainText("approved automatically");
  await expect(page.locator("#variation-summary")).toContainText("Approved automatically");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Back to the grant" }).click();
  await expect(lineRow(page, LEAFLETS)).toContainText("+£50.00");
  await expect(lineRow(page, LEAFLETS)).toContainText("£550.00");
  await expect(lineRow(page, OUTREACH)).toContainText("£11,950.00");
  await expectNoAxeViolations(page);
}

async function approvedByTheOpcc(page: Page, browserPage: () => Promise<Page>) {
  const grant = acceptedGrant(uniqueTitle("Virement above tolerance"), "annual", { extraLine: true });
  await signInQuickly(page, USERS.meltonLead);
  await askToMove(page, grant.grantId, "100");
  await expect(banner(page)).toContainText("Your request has been sent to the OPCC.");
  await expect(page.locator("#needs-approval")).toContainText("it would take Leaflets more than 10% (£50.00) over its approved £500.00");
  await expect(page.getByRole("button", { name: "Withdraw the request" })).toBeVisible();
  await expectNoAxeViolations(page);
  const variationPath = new URL(page.url()).pathname;

  // The OPCC's reviewer, in a browser of their own, finds it in the queue and approves it.
  const reviewer = await browserPage();
  await signInQuickly(reviewer, USERS.reviewer);
  await reviewer.goto("/variations");
  await expect(h1(reviewer, "Variations")).toBeVisible();
  await expectNoAxeViolations(reviewer);
  await reviewer.locator(`a[href="${variationPath}"]`).click();
  await expect(h1(reviewer, "Virement")).toBeVisible();
  await expectNoAxeViolations(reviewer);
  await reviewer.getByRole("button", { name: "Save the decision" }).click();
  await expect(summary(reviewer).getByRole("link", { name: "Choose whether to approve or refuse it" })).toBeVisible();
  await expectNoAxeViolations(reviewer);
  await reviewer.getByLabel("Approve").check();
  await reviewer.getByLabel("Reason for the decision").fill("The new estate's residents asked for the leaflets.");
  await reviewer.waitForTimeout(1_000);
  await reviewer.getByRole("button", { name: "Save the decision" }).click();
  await expect(banner(reviewer)).toContainText("The variation is approved.");
  await expect(reviewer.locator("#variation-summary")).toContainText("Approved");
  await expectNoAxeViolations(reviewer);

  // The lead sees it approved, as the OPCC's decision, and the lines moved.
  await page.goto(variationPath);
  await expect(page.locator("#variation-summary")).toContainText("The OPCC on");
  await page.goto(`/grants/${grant.grantId}`);
  await expect(lineRow(page, LEAFLETS)).toContainText("£600.00");
  await expectNoAxeViolations(page);
}

/**
 * Money released from a grant for a new project: the lead asks, the OPCC's reviewer approves it as
 * a PCC decision (the particulars asked, a correcting decision recorded with its reference), and
 * the grant's line shows the smaller amount.
 */
async function transferApprovedAsADecision(page: Page, browserPage: () => Promise<Page>) {
  const grant = acceptedGrant(uniqueTitle("Transfer released"), "annual");
  await signInQuickly(page, USERS.meltonLead);
  await page.goto(`/grants/${grant.grantId}`);
  await page.getByRole("link", { name: "Ask to move money to another grant or a new project" }).click();
  await expect(h1(page, "Ask to move money to another grant")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Ask to move the money" }).click();
  await expect(summary(page).getByRole("link", { name: "Choose where the money goes" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Move money from").selectOption({ label: `${OUTREACH} (2024-25, revenue): £12,000.00 unspent` });
  await page.getByLabel("Move it to").selectOption({ label: "Release it to the partnership's allocation for a new project" });
  await page.getByLabel("Amount to move").fill("1000");
  await page.getByLabel("Why is the money moved?").fill("A knife-crime project needs it more.");
  await page.waitForTimeout(1_000);
  await page.getByRole("button", { name: "Ask to move the money" }).click();
  await expect(banner(page)).toContainText("Your request has been sent to the OPCC.");
  await expect(h1(page, "Transfer to another grant")).toBeVisible();
  const variationPath = new URL(page.url()).pathname;

  const reviewer = await browserPage();
  await signInQuickly(reviewer, USERS.reviewer);
  await reviewer.goto(variationPath);
  await expect(reviewer.getByRole("heading", { name: "Approve it as a PCC decision" })).toBeVisible();
  await expectNoAxeViolations(reviewer);
  await reviewer.getByRole("button", { name: "Record the decision and approve" }).click();
  await expect(summary(reviewer).getByRole("link", { name: "Enter the reasons for the decision" })).toBeVisible();
  await expectNoAxeViolations(reviewer);
  await reviewer.getByLabel("Reasons for the decision").fill("The partnership's new project meets the plan's priority on knife crime.");
  await reviewer.waitForTimeout(1_000);
  await reviewer.getByRole("button", { name: "Record the decision and approve" }).click();
  await expect(banner(reviewer)).toContainText("The variation is approved.");
  await expect(reviewer.locator("#variation-summary")).toContainText(/PCC decision\s*PCC\//);
  await expectNoAxeViolations(reviewer);

  await page.goto(`/grants/${grant.grantId}`);
  await expect(lineRow(page, OUTREACH)).toContainText("£11,000.00");
}

test("a virement within the tolerance is approved as it is made", async ({ page }) => {
  test.setTimeout(90_000);
  await withinTolerance(page);
});

test("money released from a grant for a new project is approved as a PCC decision", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await transferApprovedAsADecision(page, async () => (await browser.newContext()).newPage());
});

test("a virement above the tolerance waits for the OPCC, whose reviewer approves it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await approvedByTheOpcc(page, async () => (await browser.newContext()).newPage());
});

test("the lead asks for more time, with the date refused while it breaks the fund's rules", async ({ page }) => {
  test.setTimeout(90_000);
  const grant = acceptedGrant(uniqueTitle("Extension request"), "annual");
  await signInQuickly(page, USERS.meltonLead);
  await page.goto(`/grants/${grant.grantId}`);
  await page.getByRole("link", { name: "Ask for more time" }).click();
  await expect(h1(page, "Ask for more time")).toBeVisible();
  await expectNoAxeViolations(page);
  await fillDate(page, "New end date", "30", "6", "2025");
  await page.getByLabel("Why does the grant need more time?").fill("The outreach worker started late.");
  await page.getByRole("button", { name: "Ask for more time" }).click();
  await expect(summary(page).getByRole("link", { name: /does not span financial years.*needs a new PCC decision/ })).toBeVisible();
  await expect(page.getByRole("group", { name: "New end date" }).getByLabel("Day")).toHaveValue("30");
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a virement within the tolerance is approved as it is made", async ({ page }) => {
    test.setTimeout(90_000);
    await withinTolerance(page);
  });

  test("a virement above the tolerance waits for the OPCC, whose reviewer approves it", async ({ page, browser }) => {
    test.setTimeout(120_000);
    await approvedByTheOpcc(page, async () => (await browser.newContext({ javaScriptEnabled: false })).newPage());
  });

  test("money released from a grant for a new project is approved as a PCC decision", async ({ page, browser }) => {
    test.setTimeout(120_000);
    await transferApprovedAsADecision(page, async () => (await browser.newContext({ javaScriptEnabled: false })).newPage());
  });
});
