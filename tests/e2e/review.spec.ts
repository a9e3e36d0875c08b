import { expect, test } from "./fixtures";
import { THIS, YEAR, expectSubmittedPanel, signInQuickly, uniqueTitle } from "./bid-journey";
import {
  PARTNERSHIPS,
  REVIEWER_NAME,
  banner,
  expectNotFound,
  expectPrimaryAction,
  fillDecisionDate,
  h1,
  moderateQuickly,
  openDecision,
  openQueue,
  openQueueFiltered,
  openReviewFromQueue,
  otherUser,
  signInAndCheck,
  statusLine,
  submitDrinkSafeCopy,
} from "./review-steps";
import { downloadPdfText, expectNoAxeViolations, USERS } from "./support";
import { submittedBid } from "./returns-fixture";

/**
 * The OPCC's side of a bid: the review queue, reviewing and scoring, sending a bid back for
 * changes, the PCC decision and the grant it makes. The database is shared by both workers, so
 * each test works on a bid of its own that no other spec changes (the other specs make their own
 * bids and only read the seeded ones):
 *   Fosse Park (Blaby): reviewed and scored;
 *   a Drink Safe copy of its own (Melton): sent back, changed and resubmitted;
 *   a new Melton bid in this year's round with Drink Safe's costs, made by the test: part-approved, with
 *   its grant (not Drink Safe itself: a decided bid holds its grant rather than its request against
 *   the allocation, and the dashboards' annual figures are read by other specs);
 *   Knife crime prevention (Leicester): a refused decision, so nothing changes;
 *   a new Melton bid in this year's round decided without a moderated score, with the reason why.
 * Every page visited is checked with axe. The longest journeys come first, so that the two workers
 * finish together.
 */

const BIDS = {
  scored: "Fosse Park retail crime partnership",
  refused: "Knife crime prevention in schools",
} as const;

test("a reviewer sends a bid back; the Melton lead sees why, changes its title and resubmits; the reviewer sees what changed", async ({ page, browser, baseURL }) => {
  test.setTimeout(60_000);
  const message = "Please say which premises get how many covers, and name the bid for the town centre.";
  // A bid of its own: a seeded Melton bid leaving "submitted", even for seconds, would change what other specs count.
  const sentBack = `Drink Safe to send back ${Date.now()}`;
  const newTitle = `${sentBack}, Melton town centre`;
  const lead = await otherUser(browser, baseURL, USERS.meltonLead);
  const bidId = await submitDrinkSafeCopy(lead.page, sentBack);

  await signInQuickly(page, USERS.reviewer);
  await page.goto(`/bids/${bidId}/review`);
  await page.getByLabel("What the partnership needs to change").fill(message);
  await page.getByRole("button", { name: "Send back for changes" }).click();
  await expect(banner(page)).toContainText("The bid has been sent back to the partnership for changes.");
  await expect(statusLine(page)).toHaveText("Changes requested");
  await expect(page.getByText(message)).toBeVisible();
  // No longer waiting for review: nothing more to do here until it comes back.
  await expect(page.getByRole("button", { name: "Send back for changes" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Record the PCC decision" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The Melton lead, in a browser of their own, sees the message on the bid's page.
  try {
    const leadPage = lead.page;
    await leadPage.goto(`/bids/${bidId}`);
    await expect(h1(leadPage, sentBack)).toBeVisible();
    await expect(statusLine(leadPage)).toHaveText("Changes requested");
    // A notification banner at the top with the OPCC's message; the partnership is not told who wrote it.
    const asked = leadPage.getByRole("region", { name: "Important" });
    await expect(asked).toContainText("The OPCC has asked for changes to this bid");
    await expect(asked).toContainText(message);
    await expect(leadPage.locator("main")).not.toContainText(REVIEWER_NAME);
    // Its sections as a task list, each completed, with Check and submit as the way on.
    const tasks = leadPage.locator("#tasks");
    await expect(tasks.locator(":scope > li")).toHaveCount(7);
    await expect(tasks.locator(":scope > li").filter({ hasText: "Project details" })).toContainText("Completed");
    await expectNoAxeViolations(leadPage);

    // Change the title in the details section.
    await tasks.getByRole("link", { name: "Project details" }).click();
    await expect(h1(leadPage, "Project details")).toBeVisible();
    await expect(leadPage.getByLabel("Project title")).toHaveValue(sentBack);
    await expectNoAxeViolations(leadPage);
    await leadPage.getByLabel("Project title").fill(newTitle);
    await leadPage.getByRole("button", { name: "Save and continue" }).click();
    await expect(h1(leadPage, "Priorities")).toBeVisible();
    await expectNoAxeViolations(leadPage);

    // Back to the bid, then Check and submit.
    await leadPage.goto(`/bids/${bidId}`);
    await expect(h1(leadPage, newTitle)).toBeVisible();
    await expectNoAxeViolations(leadPage);
    await leadPage.getByRole("link", { name: "Check and submit" }).click();
    await expect(h1(leadPage, "Check your bid before you submit it")).toBeVisible();
    await expect(leadPage.getByText("Before you can submit")).toHaveCount(0);
    await expectNoAxeViolations(leadPage);
    await leadPage.getByRole("button", { name: "Submit bid" }).click();
    await expectSubmittedPanel(leadPage, bidId, "Bid resubmitted");
    await leadPage.goto(`/bids/${bidId}`);
    await expect(statusLine(leadPage)).toHaveText("Submitted");
    await expectNoAxeViolations(leadPage);
  } finally {
    await lead.context.close();
  }

  // The reviewer's page now shows the second submission and what changed since the first.
  await page.goto(`/bids/${bidId}/review`);
  await expect(h1(page, `Review: ${newTitle}`)).toBeVisible();
  await expect(statusLine(page)).toHaveText("Submitted");
  await expect(page.getByText("(submission 2)")).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "What changed from submission 1 to 2" })).toBeVisible();
  const changes = page.getByRole("table", { name: "Changes between submissions" });
  await expect(changes.getByRole("row", { name: /^Title/ }).getByRole("cell")).toHaveText(["Title", sentBack, newTitle]);
  await expectNoAxeViolations(page);
});

test("a reviewer part-approves a Drink Safe bid; the decision and its grant reach the Melton lead, and not Charnwood", async ({ page, browser, baseURL }) => {
  test.setTimeout(60_000);
  const reasons = "Tackles drink spiking under the VAWG duty; half the drink covers are enough for the first year.";

  // The Melton lead submits a bid of Drink Safe's costs in a browser of their own.
  const melton = await otherUser(browser, baseURL, USERS.meltonLead);
  try {
    const title = uniqueTitle("Drink Safe at events");
    const bidId = await submitDrinkSafeCopy(melton.page, title);

    await signInQuickly(page, USERS.reviewer);
    await moderateQuickly(page, bidId);
    await openQueue(page);
    expect(await openReviewFromQueue(page, PARTNERSHIPS.melton, title)).toBe(bidId);
    // The review is done: the decision is the next step.
    await expect(page.locator("#next-step")).toContainText("The review is done: Rachel Ward recorded the moderated score, 80.0 out of 100 (Recommend).");
    await expectPrimaryAction(page, "Record the PCC decision");
    await openDecision(page, title);
    // The decision page shows the review the decision follows.
    const reviewRow = (label: string) => page.locator(".govuk-summary-list__row").filter({ has: page.locator("dt", { hasText: label }) }).locator("dd");
    await expect(reviewRow("Moderated score")).toHaveText("80.0 out of 100");
    await expect(reviewRow("Band and recommendation")).toHaveText("Recommend");
    await expect(reviewRow("Moderated by")).toContainText(`${REVIEWER_NAME}, lead reviewer, on `);
    await expect(reviewRow("Submission")).toHaveText("Submission 1, the latest");
    await expect(page.getByLabel("Why is the PCC deciding without a moderated score?")).toHaveCount(0);
    const costs = page.getByRole("table", { name: "Cost lines and the amount approved" });
    await expect(costs.getByLabel("Approved for Drink-spiking testing strips")).toHaveValue("1500.00");
    await expect(costs.getByLabel("Approved for Drink covers")).toHaveValue("1535.00");

    await page.getByRole("group", { name: "Decision", exact: true }).getByLabel("Part-approve").check();
    await costs.getByLabel("Approved for Drink covers").fill("767.50");
    await fillDecisionDate(page, "20", "7", THIS);
    await page.getByLabel("Reasons", { exact: true }).fill(reasons);
    await page.getByRole("button", { name: "Record the decision" }).click();

    // The bid's page: the decision, what it grants per line, and a link to the grant.
    await expect(page).toHaveURL(new RegExp(`/bids/${bidId}\\?done=decided$`));
    await expect(banner(page)).toContainText("The PCC decision has been recorded.");
    const card = page.locator("#decision");
    // Numbered in the financial year of the bid's round: this year's.
    await expect(card.getByRole("heading", { level: 2 })).toHaveText(new RegExp(`^PCC decision PCC/${YEAR.label}/\\d{3}$`));
    const reference = (await card.getByRole("heading", { level: 2 }).textContent())!.replace("PCC decision ", "");
    await expect(card).toContainText(`Part-approved on 20 July ${THIS} by Police and Crime Commissioner for Leicestershire`);
    await expect(card).toContainText("£2,267.50 of £3,035.00 requested");
    await expect(card).toContainText("Drink-spiking testing strips: £1,500.00");
    await expect(card).toContainText("Drink covers: £767.50 (asked £1,535.00)");
    await expect(card).toContainText(reasons);
    await expect(statusLine(page)).toHaveText("Part-approved");
    await expectNoAxeViolations(page);

    // The grant, with its payment schedule: quarterly in arrears, from September to March.
    await card.getByRole("link", { name: "The grant and its payment schedule" }).click();
    await expect(h1(page, `Grant: ${title}`)).toBeVisible();
    const grantPath = new URL(page.url()).pathname;
    expect(grantPath).toMatch(/^\/grants\/\d+$/);
    await expect(page.locator(".govuk-summary-list__row").filter({ hasText: "Granted" }).locator("dd")).toHaveText("£2,267.50");
    await expect(page.locator(".govuk-summary-list__row").filter({ hasText: "PCC decision" }).locator("dd")).toHaveText(`${reference}, 20 July ${THIS} (part-approved)`);
    const schedule = page.getByRole("table", { name: "Payment schedule" });
    await expect(schedule.locator("tbody tr")).toHaveCount(3);
    await expect(schedule.locator("tbody td:nth-child(2)")).toHaveText([`${YEAR.label} Q2`, `${YEAR.label} Q3`, `${YEAR.label} Q4`]);
    await expect(schedule.locator("tbody td:nth-child(3)")).toHaveText(["£755.83", "£755.83", "£755.84"]);
    await expectNoAxeViolations(page);

    // The Melton lead sees the decision on the bid and the grant in their list.
    const lead = melton.page;
    await lead.goto(`/bids/${bidId}`);
    await expect(h1(lead, title)).toBeVisible();
    await expect(statusLine(lead)).toHaveText("Part-approved");
    const leadCard = lead.locator("#decision");
    await expect(leadCard.getByRole("heading", { level: 2 })).toHaveText(`PCC decision ${reference}`);
    await expect(leadCard).toContainText("£2,267.50 of £3,035.00 requested");
    await expect(leadCard).toContainText(reasons);
    await expectNoAxeViolations(lead);

    await lead.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Grants", exact: true }).click();
    await expect(h1(lead, "Grants")).toBeVisible();
    const grantRow = lead.getByRole("row", { name: new RegExp(`^${title}`) });
    await expect(grantRow).toContainText(`${reference}`);
    await expect(grantRow).toContainText("(part-approved)");
    await expect(grantRow).toContainText("£2,267.50");
    // A CSP's list has no Partnership column: it is all its own.
    await expect(lead.getByRole("columnheader", { name: "Partnership" })).toHaveCount(0);
    await expect(grantRow.getByRole("link", { name: title })).toHaveAttribute("href", grantPath);
    await expectNoAxeViolations(lead);

    // The Charnwood lead typing the grant's address gets Page not found.
    const charnwood = await otherUser(browser, baseURL, USERS.charnwoodLead);
    try {
      await expectNotFound(charnwood.page, grantPath);
    } finally {
      await charnwood.context.close();
    }
  } finally {
    await melton.context.close();
  }
});

test("a reviewer takes a bid from the queue, leads its review, declares no conflict, scores and moderates it, each next step the primary action", async ({ page }) => {
  // Through the sign-in page, to the dashboard, then the queue filtered to Blaby.
  await signInAndCheck(page, USERS.reviewer);
  await openQueueFiltered(page, PARTNERSHIPS.blaby);
  await openReviewFromQueue(page, PARTNERSHIPS.blaby, BIDS.scored);
  await expect(page.getByText("No reviewers assigned yet.")).toBeVisible();
  await expect(page.getByText("No scores yet.")).toBeVisible();
  // The first step is the page's primary action; deciding comes last, as a secondary button.
  await expect(page.locator("#next-step")).toContainText("Assign the reviewers, one of them as lead reviewer.");
  await expectPrimaryAction(page, "Assign reviewer");
  await expect(page.getByRole("link", { name: "Record the PCC decision" })).toHaveClass(/govuk-button--secondary/);
  // No score form before a reviewer is assigned and has declared no conflict.
  await expect(page.getByRole("button", { name: "Save score" })).toHaveCount(0);

  // Assign themselves as lead reviewer: the bid goes into review.
  await page.getByLabel("Assign a reviewer").selectOption({ label: REVIEWER_NAME });
  await page.getByLabel("Lead reviewer (records the moderated score)").check();
  await page.getByRole("button", { name: "Assign reviewer" }).click();
  await expect(banner(page)).toContainText("Reviewer assigned.");
  await expect(page.getByRole("listitem").filter({ hasText: `${REVIEWER_NAME} (lead reviewer): conflict of interest not yet declared` })).toBeVisible();
  await expect(statusLine(page)).toHaveText("Under review");
  await expect(page.getByRole("button", { name: "Save score" })).toHaveCount(0);
  await expect(page.locator("#next-step")).toContainText("Say whether you have a conflict of interest with this bid.");
  await expectPrimaryAction(page, "Save declaration");
  await expectNoAxeViolations(page);

  // Declare no conflict of interest: the score form appears.
  await page.getByRole("group", { name: "Do you have a conflict of interest with this bid?" }).getByLabel("No, I have no conflict of interest").check();
  await page.getByRole("button", { name: "Save declaration" }).click();
  await expect(banner(page)).toContainText("Your answer about conflicts of interest has been recorded.");
  await expect(page.getByRole("listitem").filter({ hasText: `${REVIEWER_NAME} (lead reviewer): no conflict of interest` })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Your score" })).toBeVisible();
  await expect(page.locator("#next-step")).toContainText("Score submission 1.");
  await expectPrimaryAction(page, "Save score");
  await expectNoAxeViolations(page);

  // Saving with nothing chosen: every gate and criterion is named in the summary and on its field.
  await page.getByRole("button", { name: "Save score" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(summary.getByRole("link")).toHaveText([
    "Choose pass or fail for the gate: Eligible for this fund",
    "Choose pass or fail for the gate: Governance and accountable body in place",
    "Choose a score for Alignment with the Police and Crime Plan",
    "Enter why you gave this score for Alignment with the Police and Crime Plan",
    "Choose a score for Evidence of need",
    "Enter why you gave this score for Evidence of need",
    "Choose a score for Measurable outcomes",
    "Enter why you gave this score for Measurable outcomes",
    "Choose a score for Value for money",
    "Enter why you gave this score for Value for money",
    "Choose a score for Deliverability",
    "Enter why you gave this score for Deliverability",
    "Choose a score for Risk management",
    "Enter why you gave this score for Risk management",
  ]);
  await expect(summary).not.toContainText("Required");
  const eligibility = page.getByRole("group", { name: "Gate: Eligible for this fund" });
  await expect(eligibility.locator(".govuk-error-message")).toHaveText("Error: Choose pass or fail for the gate: Eligible for this fund");
  await expectNoAxeViolations(page);
  await summary.getByRole("link", { name: "Choose pass or fail for the gate: Eligible for this fund" }).click();
  await expect(eligibility.getByLabel("Pass")).toBeFocused();

  // Score every criterion, with a reason for each.
  await page.getByRole("group", { name: "Gate: Eligible for this fund" }).getByLabel("Pass").check();
  await page.getByRole("group", { name: "Gate: Governance and accountable body in place" }).getByLabel("Pass").check();
  const scores: [string, string][] = [
    ["Alignment with the Police and Crime Plan (weight 25)", "4"],
    ["Evidence of need (weight 20)", "3"],
    ["Measurable outcomes (weight 20)", "4"],
    ["Value for money (weight 15)", "5"],
    ["Deliverability (weight 10)", "3"],
    ["Risk management (weight 10)", "4"],
  ];
  for (const [criterion, score] of scores) {
    const group = page.getByRole("group", { name: criterion, exact: true });
    await group.getByLabel("Score", { exact: true }).selectOption(score);
    await group.getByLabel("Why this score", { exact: true }).fill(`Scored ${score}: the bid's evidence for this is clear.`);
  }
  await page.getByRole("button", { name: "Save score" }).click();
  await expect(banner(page)).toContainText("Score recorded.");

  // (25×4 + 20×3 + 20×4 + 15×5 + 10×3 + 10×4) / 500 = 77.0 out of 100: Recommend.
  const table = page.getByRole("table", { name: "Scores", exact: true });
  await expect(page.getByRole("heading", { level: 2, name: "Scores for submission 1" })).toBeVisible();
  const row = table.getByRole("row", { name: new RegExp(`^${REVIEWER_NAME}`) });
  await expect(row.getByRole("rowheader")).toHaveText(REVIEWER_NAME);
  await expect(row.getByRole("cell")).toHaveText(["4", "3", "4", "5", "3", "4", "77.0", "Recommend"]);
  // The form starts from the reviewer's own score, so a re-score need not start again.
  // The only reviewer has scored: the lead's moderated score is next, and the form starts from their own.
  await page.reload();
  await expect(page.locator("#next-step")).toContainText("Every reviewer has scored: record the moderated score.");
  await expectPrimaryAction(page, "Save score");
  await expect(page.getByRole("group", { name: "Record this as" }).getByLabel("The moderated score")).toBeChecked();
  await expect(page.getByText(/^Every reviewer has scored\. The form starts from your own score/)).toBeVisible();
  const plan = page.getByRole("group", { name: "Alignment with the Police and Crime Plan (weight 25)", exact: true });
  await expect(plan.getByLabel("Score", { exact: true })).toHaveValue("4");
  await expect(plan.getByLabel("Why this score", { exact: true })).toHaveValue("Scored 4: the bid's evidence for this is clear.");
  await expect(page.getByRole("group", { name: "Gate: Eligible for this fund" }).getByLabel("Pass")).toBeChecked();
  await expectNoAxeViolations(page);

  // Record the moderated score: the review is done, and the decision is the primary action.
  await page.getByRole("button", { name: "Save score" }).click();
  await expect(banner(page)).toContainText("Score recorded.");
  await expect(table.getByRole("row", { name: /^Moderated/ }).getByRole("cell")).toHaveText(["4", "3", "4", "5", "3", "4", "77.0", "Recommend"]);
  await expect(page.locator("#next-step")).toContainText("The review is done: Rachel Ward recorded the moderated score, 77.0 out of 100 (Recommend).");
  await expectPrimaryAction(page, "Record the PCC decision");
  await expect(page.getByRole("link", { name: "Record the PCC decision" })).toHaveCount(1);
  await expectNoAxeViolations(page);
});

test("a decision without reasons on a bid nobody has reviewed is refused: the error summary links to the reason for deciding without a moderated score and to Reasons, and nothing is recorded", async ({ page }) => {
  // A bid of its own in an open year's round: the demo's 2023-24 is closed, and no decision is recorded in it.
  const title = uniqueTitle("City schools knife crime workshops");
  submittedBid(title, "leicester-city");
  await signInQuickly(page, USERS.reviewer);
  await openQueue(page);
  const bidId = await openReviewFromQueue(page, PARTNERSHIPS.city, title);
  await openDecision(page, title);
  await expect(page.locator(".govuk-warning-text")).toContainText("There is no moderated score to decide on: no reviewer has been assigned.");

  await page.getByRole("group", { name: "Decision", exact: true }).getByLabel("Approve", { exact: true }).check();
  await fillDecisionDate(page, "20", "7", "2024");
  await expect(page.getByLabel("Reasons", { exact: true })).toHaveValue("");
  await page.getByRole("button", { name: "Record the decision" }).click();

  const summary = page.locator(".govuk-error-summary");
  await expect(summary.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: PCC decision: /);
  await expect(page).toHaveURL(new RegExp(`/bids/${bidId}/decision$`));
  // Both what the bid lacks and what the form lacks, in the form's order.
  await expect(summary.getByRole("link")).toHaveText(["Enter why the PCC is deciding without a moderated score (no reviewer has been assigned)", "Enter the reasons for the decision"]);
  const link = summary.getByRole("link", { name: "Enter the reasons for the decision" });
  await expect(link).toHaveAttribute("href", "#reasons");
  await expect(page.locator("#reasons-error")).toContainText("Enter the reasons for the decision");
  await expect(page.getByLabel("Reasons", { exact: true })).toHaveAttribute("aria-invalid", "true");
  // What was chosen is kept.
  await expect(page.getByRole("group", { name: "Decision", exact: true }).getByLabel("Approve", { exact: true })).toBeChecked();
  await expectNoAxeViolations(page);

  await link.click();
  await expect(page.getByLabel("Reasons", { exact: true })).toBeFocused();

  // Nothing was recorded: the bid is still waiting, with no decision.
  await page.goto(`/bids/${bidId}`);
  await expect(h1(page, title)).toBeVisible();
  await expect(statusLine(page)).toHaveText("Submitted");
  await expect(page.locator("#decision")).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("deciding on a bid nobody has reviewed needs a reason: the decision is recorded with it, and its decision record prints it", async ({ page, browser, baseURL }) => {
  test.setTimeout(60_000);
  const why = "The PCC agreed the bid at the partnership board, before the review panel could meet.";
  const melton = await otherUser(browser, baseURL, USERS.meltonLead);
  try {
    const title = uniqueTitle("Drink Safe at the show");
    const bidId = await submitDrinkSafeCopy(melton.page, title);

    await signInQuickly(page, USERS.reviewer);
    await page.goto(`/bids/${bidId}/review`);
    await expect(h1(page, `Review: ${title}`)).toBeVisible();
    // Assigning reviewers is the next step; deciding is offered last, as a secondary button.
    await expectPrimaryAction(page, "Assign reviewer");
    await expect(page.getByRole("heading", { level: 2, name: "PCC decision" })).toBeVisible();
    await expectNoAxeViolations(page);
    await openDecision(page, title);

    // The page says there is no moderated score, why, and where to finish the review.
    await expect(page.locator(".govuk-warning-text")).toContainText("There is no moderated score to decide on: no reviewer has been assigned.");
    await expect(page.getByRole("link", { name: "Finish the review on the review page" })).toHaveAttribute("href", `/bids/${bidId}/review`);
    await page.getByRole("group", { name: "Decision", exact: true }).getByLabel("Approve", { exact: true }).check();
    await fillDecisionDate(page, "20", "7", "2023");
    await page.getByLabel("Reasons", { exact: true }).fill("Tackles drink spiking under the VAWG duty.");
    await page.getByRole("button", { name: "Record the decision" }).click();

    const summary = page.locator(".govuk-error-summary");
    const link = summary.getByRole("link", { name: "Enter why the PCC is deciding without a moderated score (no reviewer has been assigned)" });
    await expect(link).toHaveAttribute("href", "#withoutReviewReason");
    await expect(page.locator("#withoutReviewReason-error")).toContainText("Enter why the PCC is deciding without a moderated score");
    await expect(page.getByLabel("Reasons", { exact: true })).toHaveValue("Tackles drink spiking under the VAWG duty.");
    await expectNoAxeViolations(page);
    await link.click();
    const reason = page.getByLabel("Why is the PCC deciding without a moderated score?");
    await expect(reason).toBeFocused();
    await reason.fill(why);
    await page.waitForTimeout(1_100);
    await page.getByRole("button", { name: "Record the decision" }).click();

    await expect(page).toHaveURL(new RegExp(`/bids/${bidId}\\?done=decided$`));
    await expect(banner(page)).toContainText("The PCC decision has been recorded.");
    await expect(statusLine(page)).toHaveText("Approved");
    await expectNoAxeViolations(page);
    const record = await downloadPdfText(page, (await page.locator("#decision").getByRole("link", { name: "Decision record (PDF)" }).getAttribute("href"))!);
    expect(record).toContain("Decided without a moderated score from the OPCC's review.");
    expect(record).toContain(`Why: ${why}`);

    // Back on the decision page, the decision recorded says what it followed.
    await page.goto(`/bids/${bidId}/decision`);
    await expect(page.getByRole("listitem").filter({ hasText: "Decided without a moderated score." })).toHaveCount(1);
    await expectNoAxeViolations(page);
  } finally {
    await melton.context.close();
  }
});
