import { expect, test, type Page } from "./fixtures";
import { h1, signInQuickly, uniqueTitle } from "./bid-journey";
import { acceptedGrant, returnPath } from "./returns-fixture";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * Quarterly returns, in the browser: the CSP lead fills one in with a variance explained, the
 * council's finance officer certifies it and the lead submits it; without JavaScript, a refused
 * amount keeps what was typed and an unexplained variance stops the submission; the OPCC queries a
 * return, the lead answers and resubmits it, the OPCC accepts it. Each spec makes its own accepted
 * grant (tests/e2e/returns-fixture.ts), so they run in any order.
 */

const OUTREACH = "Outreach worker: two days a week";
const CAMERA = "Mobile CCTV camera";
const LIGHTS = "Solar lights, supply and installation";
const MAINTENANCE = "Lighting maintenance package";

const line = (page: Page, description: string) => page.getByRole("group", { name: description, exact: true });

/** Types the return's figures and words into its form (without saving). */
async function fillReturn(page: Page, spend: { line: string; actual: string; why?: string }[]) {
  for (const s of spend) {
    await line(page, s.line).getByLabel("Actual spend this quarter").fill(s.actual);
    if (s.why !== undefined) await line(page, s.line).getByLabel("Why the spend differs from the profile").fill(s.why);
  }
  await page.getByRole("group", { name: "ASB incidents reported at the hotspots" }).getByLabel(/^Actual to date/).fill("34");
  await page.getByRole("group", { name: /^Camera installed and working/ }).getByLabel("On track").check();
  await page.getByRole("group", { name: "How is spend going?" }).getByLabel("Amber", { exact: true }).check();
  await page.getByLabel("Why you gave spend that rating").fill("Over profile: more sessions than planned.");
  await page.getByRole("group", { name: "How is delivery going?" }).getByLabel("Green", { exact: true }).check();
  await page.getByLabel("Why you gave delivery that rating").fill("Every session ran.");
  await page.getByLabel("What went well", { exact: true }).fill("Young people came back week after week.");
  await page.getByLabel("What did not go well", { exact: true }).fill("The camera's first site had no power.");
  await page.getByLabel("What happens next", { exact: true }).fill("Move the camera to Wilton Road.");
}

test("the lead fills in a return with a variance explained; the council certifies the spend; the lead submits it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const grant = acceptedGrant(uniqueTitle("Hotspot outreach"), "annual");
  const path = returnPath(grant);
  await signInQuickly(page, USERS.meltonLead);

  // From the grant page's table of returns.
  await page.goto(`/grants/${grant.grantId}`);
  const returns = page.getByRole("table", { name: "Quarterly returns" });
  await expect(returns.getByRole("row")).toHaveCount(5);
  await expectNoAxeViolations(page);
  await returns.getByRole("link", { name: "2024-25 Q1 (April to June 2024)" }).click();
  await expect(h1(page, "Quarterly return: 2024-25 Q1 (April to June 2024)")).toBeVisible();
  await expect(page.getByRole("table", { name: "Revenue spend" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Capital spend" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Fill in the return" }).click();
  await expect(h1(page, "Fill in the return: 2024-25 Q1 (April to June 2024)")).toBeVisible();
  // The profile, and what counts as beyond it, are shown beside each line.
  await expect(line(page, OUTREACH)).toContainText("£3,000.00");
  await expect(line(page, OUTREACH)).toContainText("Needed if the actual is more than £3,300.00 or less than £2,700.00");
  await expectNoAxeViolations(page);
  await fillReturn(page, [
    { line: OUTREACH, actual: "3,600", why: "Extra sessions in the Easter holidays." },
    { line: CAMERA, actual: "950" },
  ]);
  await page.getByRole("button", { name: "Save and check your answers" }).click();

  // Only the council's certification stands in the way.
  await expect(h1(page, "Check your return before you submit it")).toBeVisible();
  const problems = page.locator("#return-problems");
  await expect(problems.getByRole("listitem")).toHaveText(["Melton Borough Council's finance officer must certify the spend before the return is submitted"]);
  await expect(page.getByRole("button", { name: "Submit the return" })).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Revenue spend" })).toContainText("Why it differs: Extra sessions in the Easter holidays.");
  await expectNoAxeViolations(page);

  // David Scott, Melton's Finance Manager, certifies it in a browser of his own.
  const financeContext = await browser.newContext();
  const finance = await financeContext.newPage();
  await signInQuickly(finance, USERS.meltonFinance);
  await finance.goto(path);
  await expect(finance.getByRole("link", { name: "Fill in the return" })).toHaveCount(0);
  await expect(finance.getByLabel("Your full name")).toHaveValue("David Scott");
  await finance.getByLabel("Your role").fill("Finance Manager");
  await expectNoAxeViolations(finance);
  await finance.getByRole("button", { name: "Certify the spend" }).click();
  await expect(finance.getByText("The spend has been certified.")).toBeVisible();
  await expect(finance.locator("#certification + p")).toContainText("certified by David Scott, Finance Manager, Melton Borough Council");
  await expectNoAxeViolations(finance);
  await financeContext.close();

  await page.reload();
  await expect(page.locator("#return-problems")).toHaveCount(0);
  await expect(page.getByText("Certified by David Scott, Finance Manager, Melton Borough Council")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Submit the return" }).click();
  await expect(page.getByText("Your return has been submitted to the OPCC.")).toBeVisible();
  await expect(page.locator(".govuk-summary-list").first()).toContainText("Submitted");
  await expect(page.getByRole("link", { name: "Change the return" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a refused amount keeps everything typed; an unexplained variance stops the submission; explained, it is submitted", async ({ page }) => {
    test.setTimeout(120_000);
    const grant = acceptedGrant(uniqueTitle("Solar lights without JavaScript"), "ss5");
    await signInQuickly(page, USERS.meltonLead);
    await page.goto(returnPath(grant));
    await expect(h1(page, "Quarterly return: 2024-25 Q3 (October to December 2024)")).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Fill in the return" }).click();
    // Forecasts for each of the five quarters still to come, at their profiles.
    await expect(line(page, LIGHTS).getByRole("group", { name: `Forecast spend on ${LIGHTS} in the quarters left` }).getByRole("textbox")).toHaveCount(5);
    await fillReturn(page, [
      { line: LIGHTS, actual: "3600" },
      { line: MAINTENANCE, actual: "12.345" },
    ]);
    await page.getByRole("button", { name: "Save and check your answers" }).click();

    const summary = page.locator(".govuk-error-summary");
    await expect(summary).toContainText("There is a problem");
    await expect(summary.getByRole("link", { name: `${MAINTENANCE}: actual spend must have no more than 2 decimal places` })).toHaveAttribute("href", "#lines-1-actual");
    await expect(line(page, LIGHTS).getByLabel("Actual spend this quarter")).toHaveValue("3600");
    await expect(line(page, MAINTENANCE).getByLabel("Actual spend this quarter")).toHaveValue("12.345");
    await expect(page.getByLabel("What went well", { exact: true })).toHaveValue("Young people came back week after week.");
    await expectNoAxeViolations(page);

    await line(page, MAINTENANCE).getByLabel("Actual spend this quarter").fill("0");
    await page.getByRole("button", { name: "Save and check your answers" }).click();
    await expect(h1(page, "Check your return before you submit it")).toBeVisible();
    const problem = page.locator("#return-problems").getByRole("link");
    await expect(problem).toHaveText([`Explain why the spend on ${LIGHTS} (£3,600.00) differs from its profile (£1,800.00) by more than 10%`]);
    await expect(page.getByRole("button", { name: "Submit the return" })).toHaveCount(0);
    await expectNoAxeViolations(page);

    await problem.click();
    await expect(h1(page, "Fill in the return: 2024-25 Q3 (October to December 2024)")).toBeVisible();
    await line(page, LIGHTS).getByLabel("Why the spend differs from the profile").fill("All twelve lights were installed in one visit.");
    await page.getByRole("button", { name: "Save and check your answers" }).click();
    await page.getByRole("button", { name: "Submit the return" }).click();
    await expect(page.getByText("Your return has been submitted to the OPCC.")).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test("the OPCC queries a return, the partnership is told why, the lead resubmits it and the OPCC accepts it", async ({ page, browser }) => {
  test.setTimeout(150_000);
  const title = uniqueTitle("Solar lights queried");
  const grant = acceptedGrant(title, "ss5");
  const path = returnPath(grant);
  await signInQuickly(page, USERS.meltonLead);
  await page.goto(`${path}/edit`);
  await fillReturn(page, [
    { line: LIGHTS, actual: "3600", why: "All twelve lights were installed in one visit." },
    { line: MAINTENANCE, actual: "0" },
  ]);
  await page.getByRole("button", { name: "Save and check your answers" }).click();
  await page.getByRole("button", { name: "Submit the return" }).click();
  await expect(page.getByText("Your return has been submitted to the OPCC.")).toBeVisible();

  // The reviewer finds it among the returns waiting for acceptance, and queries it.
  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await signInQuickly(reviewer, USERS.reviewer);
  await reviewer.goto("/returns?status=submitted");
  await expect(h1(reviewer, "Quarterly returns")).toBeVisible();
  await expectNoAxeViolations(reviewer);
  await reviewer.goto(path);
  await expect(reviewer.getByRole("heading", { name: "Review this return" })).toBeVisible();
  await expectNoAxeViolations(reviewer);
  await reviewer.getByRole("button", { name: "Send the query" }).click();
  await expect(reviewer.locator(".govuk-error-summary")).toContainText("Enter your comments for the partnership");
  await expectNoAxeViolations(reviewer);
  const comments = "Please send the installer's invoice and say where each light went.";
  // The same button again: GOV.UK's prevent-double-click ignores a second click within a second of the first.
  await reviewer.waitForTimeout(1_100);
  await reviewer.getByLabel("Query the return: your comments for the partnership").fill(comments);
  await reviewer.getByRole("button", { name: "Send the query" }).click();
  await expect(reviewer.getByText("The return has been sent back to the partnership with your comments.")).toBeVisible();

  // The lead sees why, answers and resubmits.
  await page.reload();
  await expect(page.locator("#query")).toContainText(comments);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Change the return" }).click();
  await line(page, LIGHTS).getByLabel("Why the spend differs from the profile").fill("All twelve lights were installed in one visit: six round the pond, six on the main path. Invoice attached.");
  await page.getByRole("button", { name: "Save and check your answers" }).click();
  await page.getByRole("button", { name: "Submit the return" }).click();
  await expect(page.getByText("Your return has been submitted to the OPCC.")).toBeVisible();
  await expect(page.getByText("Resubmitted", { exact: true })).toBeVisible();

  // The e-mail to the lead carried the OPCC's comments.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInQuickly(admin, USERS.admin);
  await admin.goto("/outbox?to=lead.melton");
  await admin.getByText(`Quarterly return queried: ${title}, 2024-25 Q3 (October to December 2024)`).click();
  await expect(admin.getByText(comments)).toBeVisible();
  await adminContext.close();

  await reviewer.reload();
  await reviewer.getByRole("button", { name: "Accept the return" }).click();
  await expect(reviewer.getByText("The return has been accepted.")).toBeVisible();
  await expect(reviewer.getByRole("heading", { name: "Reopen this return" })).toBeVisible();
  await expect(reviewer.locator("#history")).toBeVisible();
  await expectNoAxeViolations(reviewer);
  await reviewerContext.close();

  // The grant's table of returns shows it accepted; the lead's list of returns lists only accepted ones when asked.
  await page.goto(`/grants/${grant.grantId}`);
  await expect(page.getByRole("table", { name: "Quarterly returns" }).getByRole("row").nth(1)).toContainText("Accepted");
  await page.goto("/returns?status=accepted");
  await expect(h1(page, "Quarterly returns")).toBeVisible();
  const statuses = await page.getByRole("table", { name: "Quarterly returns, latest due first" }).locator("tbody .govuk-tag").allTextContents();
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(["Accepted"]));
  await expectNoAxeViolations(page);
});
