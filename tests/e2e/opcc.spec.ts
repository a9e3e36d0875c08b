import { expect, test, type Browser, type Page } from "./fixtures";
import { CHARNWOOD, MELTON, ROUNDS, createDraftQuickly, h1, signInQuickly, uniqueTitle } from "./bid-journey";
import { expectNoAxeViolations, USERS } from "./support";

/** Melton's first demo bid: "Safer Communities and Partnership Officer", approved (PCC/2023-24/001). */
const MELTON_DECIDED = { id: 1, title: "Safer Communities and Partnership Officer" };

/** A Melton lead, in a browser of their own, starts a draft; returns its id. */
async function meltonDraft(browser: Browser, baseURL: string | undefined): Promise<number> {
  const context = await browser.newContext({ baseURL });
  try {
    const lead = await context.newPage();
    await signInQuickly(lead, USERS.meltonLead);
    return await createDraftQuickly(lead, ROUNDS.current, uniqueTitle("Melton draft OPCC cannot see"));
  } finally {
    await context.close();
  }
}

async function expectNotFound(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status()).toBe(404);
  await expect(h1(page, "Page not found")).toBeVisible();
  await expect(page).toHaveTitle(/^Page not found/);
  await expectNoAxeViolations(page);
}

test.describe("OPCC reviewer", () => {
  test.beforeEach(async ({ page }) => {
    await signInQuickly(page, USERS.reviewer);
  });

  test("the dashboard sums each open round on one line, and the round page lists each partnership's money", async ({ page }) => {
    await page.goto("/");
    await expect(h1(page, "Dashboard")).toBeVisible();
    await expect(page.getByText("Office of the Police and Crime Commissioner for Leicestershire", { exact: true })).toBeVisible();
    const rounds = page.getByRole("table", { name: /^Bids in open rounds/ });
    // Bids, pot, allocation (with the central fund), approved by the PCC, waiting for a decision.
    await expect(rounds.getByRole("row", { name: new RegExp(`^${ROUNDS.annual} \\(2023-24\\)`) }).getByRole("cell")).toHaveText([`9 bids in ${ROUNDS.annual}`, "£471,000.00", "£471,000.00", "£29,460.30", "£69,345.00"]);
    // OPCC staff never count drafts.
    await expect(page.getByRole("link", { name: /with status draft/ })).toHaveCount(0);
    await expectNoAxeViolations(page);

    // The round's line leads to its page, where each partnership has its own row.
    await rounds.getByRole("link", { name: `${ROUNDS.annual} (2023-24)` }).click();
    const partnerships = page.getByRole("table", { name: /^Partnerships/ });
    await expect(partnerships.getByRole("row", { name: new RegExp(`^${MELTON}`) }).getByRole("cell").first()).toHaveText("£31,000.00");
    await expect(partnerships.getByRole("row", { name: new RegExp(`^${CHARNWOOD}`) }).getByRole("cell").first()).toHaveText("£62,000.00");
    await expectNoAxeViolations(page);
  });

  test("the reviewer cannot open a Melton draft, but can read a decided Melton bid", async ({ page, browser, baseURL }) => {
    const draftId = await meltonDraft(browser, baseURL);
    await expectNotFound(page, `/bids/${draftId}`);
    await expectNotFound(page, `/bids/${draftId}/edit/details`);

    await page.goto(`/bids/${MELTON_DECIDED.id}`);
    await expect(h1(page, MELTON_DECIDED.title)).toBeVisible();
    await expect(page.getByText(`${MELTON} · ${ROUNDS.annual}, 2023-24`)).toBeVisible();
    await expect(page.getByRole("table", { name: "History" }).getByRole("row", { name: /Submitted/ })).toBeVisible();
    await expect(page.getByRole("link", { name: /^Change/ })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Check and submit" })).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test("the Partnership filter shows one partnership's bids, and never its drafts", async ({ page }) => {
    // From the round page's Melton row to the list, filtered to Melton in that round.
    await page.goto("/");
    await page.getByRole("table", { name: /^Bids in open rounds/ }).getByRole("link", { name: `${ROUNDS.annual} (2023-24)` }).click();
    await page.getByRole("table", { name: /^Partnerships/ }).getByRole("link", { name: MELTON }).click();
    await expect(h1(page, "Bids")).toBeVisible();
    await expect(page.getByLabel("Partnership").locator("option:checked")).toHaveText(MELTON);
    await expect(page.getByLabel("Round").locator("option:checked")).toHaveText(`${ROUNDS.annual} (2023-24)`);
    await expect(page.locator("#bid-totals")).toHaveText("6 bids, requesting £30,227.80 in all.");
    await expect(page.locator("tbody .govuk-table__row td:nth-child(2)")).toHaveText(Array(6).fill(MELTON));
    await expectNoAxeViolations(page);

    await page.getByLabel("Partnership").selectOption({ label: CHARNWOOD });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByLabel("Partnership").locator("option:checked")).toHaveText(CHARNWOOD);
    await expect(page.locator("#bid-totals")).toContainText(/^2 bids, requesting /);
    await expect(page.getByRole("link", { name: "Loughborough night-time economy street pastors" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Shepshed youth diversion football" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Domestic abuse awareness in workplaces" })).toHaveCount(0);
    await expect(page.locator("tbody .govuk-table__row td:nth-child(2)")).toHaveText([CHARNWOOD, CHARNWOOD]);
    // Draft is not a status OPCC staff can filter by.
    const statuses = page.getByLabel("Status").locator("option");
    await expect(statuses.filter({ hasText: "Submitted" })).toHaveCount(1);
    await expect(statuses.filter({ hasText: "Draft" })).toHaveCount(0);
    await expectNoAxeViolations(page);
  });
});

test("the Charnwood lead opening a Melton bid's address gets Page not found", async ({ page }) => {
  await signInQuickly(page, USERS.charnwoodLead);
  await expectNotFound(page, `/bids/${MELTON_DECIDED.id}`);
  await expectNotFound(page, `/bids/${MELTON_DECIDED.id}/withdraw`);
});
