import { expect, test, type Page } from "./fixtures";
import { THIS, signInQuickly, uniqueTitle } from "./bid-journey";
import { banner, fillDecisionDate, h1, moderateQuickly, openDecision, otherUser, statusLine, submitDrinkSafeCopy } from "./review-steps";
import { downloadPdfText, expectNoAxeViolations, USERS } from "./support";

/**
 * A PCC decision is final: a reviewer corrects one by recording a new decision that supersedes it.
 * The test makes its own Melton bid in this year's round (no other spec reads its figures), reviews
 * it (a decision follows the lead reviewer's moderated score), approves it,
 * then corrects the approval to a part-approval, and reads the decision records and the grant offer
 * letter back out of the PDFs the portal serves.
 */

const cardHeading = (page: Page) => page.locator("#decision").getByRole("heading", { level: 2 });

test("a reviewer corrects an approval to a part-approval; both decision records and the new offer letter say so", async ({ page, browser, baseURL }) => {
  test.setTimeout(60_000);
  const melton = await otherUser(browser, baseURL, USERS.meltonLead);
  try {
    const title = uniqueTitle("Drink Safe at festivals");
    const bidId = await submitDrinkSafeCopy(melton.page, title);

    // The first decision: approved as asked.
    await signInQuickly(page, USERS.reviewer);
    await moderateQuickly(page, bidId);
    await page.goto(`/bids/${bidId}/review`);
    await openDecision(page, title);
    await page.getByRole("group", { name: "Decision", exact: true }).getByLabel("Approve", { exact: true }).check();
    await fillDecisionDate(page, "20", "7", THIS);
    await page.getByLabel("Reasons", { exact: true }).fill("Tackles drink spiking under the VAWG duty.");
    await page.getByRole("button", { name: "Record the decision" }).click();
    await expect(banner(page)).toContainText("The PCC decision has been recorded.");
    const first = (await cardHeading(page).textContent())!.replace("PCC decision ", "");
    const firstPdf = await page.locator("#decision").getByRole("link", { name: "Decision record (PDF)" }).getAttribute("href");

    // The correction starts from what the decision said, and must say why.
    await page.locator("#decision").getByRole("link", { name: `Correct decision ${first}` }).click();
    await expect(h1(page, `Correct PCC decision ${first}`)).toBeVisible();
    await expect(page.getByLabel("Reasons", { exact: true })).toHaveValue("Tackles drink spiking under the VAWG duty.");
    await expect(page.getByRole("group", { name: "The corrected decision" }).getByLabel("Approve", { exact: true })).toBeChecked();
    await expectNoAxeViolations(page);

    await page.getByRole("group", { name: "The corrected decision" }).getByLabel("Part-approve").check();
    const costs = page.getByRole("table", { name: "Cost lines and the amount approved" });
    await costs.getByLabel("Approved for Drink covers").fill("767.50");
    await fillDecisionDate(page, "27", "7", THIS);
    await page.getByRole("button", { name: "Record the correcting decision" }).click();

    const summary = page.locator(".govuk-error-summary");
    await expect(summary.getByRole("link", { name: "Enter why the decision is corrected" })).toBeVisible();
    await expect(costs.getByLabel("Approved for Drink covers")).toHaveValue("767.50");
    await expectNoAxeViolations(page);
    await summary.getByRole("link", { name: "Enter why the decision is corrected" }).click();
    await expect(page.getByLabel("Why is the decision corrected?")).toBeFocused();
    await page.getByLabel("Why is the decision corrected?").fill("Half the drink covers are enough for the first year.");
    // GOV.UK's double-click guard ignores a second press of the same button within a second; a
    // person takes longer than that to read the error and type.
    await page.waitForTimeout(1_100);
    await page.getByRole("button", { name: "Record the correcting decision" }).click();

    // The bid shows the correcting decision, and the one it corrects as superseded.
    await expect(page).toHaveURL(new RegExp(`/bids/${bidId}\\?done=corrected$`));
    await expect(banner(page)).toContainText("The correcting PCC decision has been recorded.");
    await expect(statusLine(page)).toHaveText("Part-approved");
    const second = (await cardHeading(page).textContent())!.replace("PCC decision ", "");
    expect(second).not.toBe(first);
    const card = page.locator("#decision");
    await expect(card).toContainText(`Decision ${first}: Half the drink covers are enough for the first year.`);
    await expect(card).toContainText("£2,267.50 of £3,035.00 requested");
    await expect(card).toContainText(`${first} (PDF), 20 July ${THIS}: approved, superseded by ${second}`);
    await expectNoAxeViolations(page);

    // The decision records, as published.
    const secondPdf = await card.getByRole("link", { name: "Decision record (PDF)" }).getAttribute("href");
    const secondText = await downloadPdfText(page, secondPdf!);
    expect(secondText).toContain(`Decision ${second}`);
    expect(secondText).toContain(`This decision supersedes decision ${first}.`);
    expect(secondText).toContain("Why it is corrected: Half the drink covers are enough for the first year.");
    expect(secondText).toMatch(/Amount\s+£2,267\.50/);
    // The correction follows the same moderated score as the decision it corrects.
    expect(secondText).toContain("Moderated score 80.0 out of 100 Band and recommendation Recommend Moderated by Rachel Ward, lead reviewer");
    const firstText = await downloadPdfText(page, firstPdf!);
    expect(firstText).toContain(`This decision no longer stands: decision ${second} corrects it.`);
    expect(firstText).toMatch(/Amount\s+£3,035\.00/);

    // The grant follows the correction: a new offer letter for the part-approved amount.
    await card.getByRole("link", { name: "The grant and its payment schedule" }).click();
    await expect(page.locator(".govuk-summary-list__row").filter({ hasText: "Granted" }).locator("dd")).toHaveText("£2,267.50");
    await expect(page.locator(".govuk-summary-list__row").filter({ hasText: "Varied" }).locator("dd")).toContainText(`${second} corrects decision ${first}`);
    await expectNoAxeViolations(page);
    const offerPath = await page.getByRole("link", { name: "Grant offer letter (PDF)" }).getAttribute("href");
    const offer = await downloadPdfText(page, offerPath!);
    expect(offer).toContain(`Decision ${second} corrects decision ${first}. This letter replaces the offer made under decision ${first}.`);
    expect(offer).toContain("£2,267.50");

    // The Melton lead sees the correction; Charnwood can fetch neither document.
    await melton.page.goto(`/bids/${bidId}`);
    await expect(cardHeading(melton.page)).toHaveText(`PCC decision ${second}`);
    await expect(melton.page.locator("#decision").getByRole("link", { name: /^Correct/ })).toHaveCount(0);
    await expectNoAxeViolations(melton.page);
    const charnwood = await otherUser(browser, baseURL, USERS.charnwoodLead);
    try {
      for (const href of [secondPdf!, firstPdf!, offerPath!]) expect((await charnwood.page.request.get(href)).status(), href).toBe(404);
    } finally {
      await charnwood.context.close();
    }
  } finally {
    await melton.context.close();
  }
});
