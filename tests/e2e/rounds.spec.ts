import { expect, test } from "./fixtures";
import { NEXT, THIS, YEAR } from "./bid-journey";
import { expectNoAxeViolations, formToken, signIn, USERS } from "./support";

// These tests create their own round: the seeded rounds' allocations are what other specs read.

test("an OPCC reviewer creates a round with a central fund, sets its allocations by a weighted formula, and opens it; a lead bids for the central fund", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  await signIn(page, USERS.reviewer);
  await page.getByRole("link", { name: "Rounds" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Funding rounds" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Create a round" }).click();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Create round" }).click();
  await expect(page.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectNoAxeViolations(page);

  const name = `Rural crime fund ${Date.now()}`;
  await page.getByLabel("Funding stream").selectOption({ label: "Annual CSP allocation" });
  // Open all this financial year, so the lead below can bid in it whatever day the tests run.
  await page.getByLabel("Financial year").selectOption({ label: YEAR.label });
  await page.getByLabel("Name of the round").fill(name);
  const opens = page.getByRole("group", { name: "Opens" });
  await opens.getByLabel("Day").fill("1");
  await opens.getByLabel("Month").fill("4");
  await opens.getByLabel("Year").fill(THIS);
  const closes = page.getByRole("group", { name: "Closes" });
  await closes.getByLabel("Day").fill("31");
  await closes.getByLabel("Month").fill("3");
  await closes.getByLabel("Year").fill(NEXT);
  await page.getByLabel("Total pot").fill("100000");
  await page.getByLabel("Central fund").fill("10000");
  await page.getByLabel("Over-programming margin (%)").fill("10");
  // The stream's settings after the award: the defaults shown, and a bad tolerance refused at its box with what was typed kept.
  await expect(page.getByText("These settings also belong to the stream and are shared by all its rounds")).toBeVisible();
  await expect(page.getByLabel("Days a partnership has to accept a grant offer")).toHaveValue("28");
  await expect(page.getByLabel("Days after each quarter that its return is due")).toHaveValue("30");
  await page.getByLabel("Spend tolerance (%)").fill("2.555");
  await page.getByRole("button", { name: "Create round" }).click();
  const problem = page.getByRole("link", { name: /^The tolerance must be a percentage from 0 to 100 with at most two decimal places/ });
  await expect(problem).toHaveAttribute("href", "#tolerance");
  await expect(page.getByLabel("Spend tolerance (%)")).toHaveValue("2.555");
  await expectNoAxeViolations(page);
  await page.getByLabel("Spend tolerance (%)").fill("10");
  await page.getByRole("button", { name: "Create round" }).click();

  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("Approvals may reach £110,000.00")).toBeVisible();
  const afterAward = page.locator(".govuk-summary-list__row", { hasText: "After the award" }).locator("dd");
  await expect(afterAward).toHaveText(
    "Offers accepted within 28 days; returns due 30 days after each quarter; spend within 10% of the profile needs no explanation; returns are not certified by the council's finance officer; virements of up to £5,000.00 within the tolerance approved automatically",
  );
  await expectNoAxeViolations(page);

  // Changed on the round page, for the stream; then put back, as other specs read the stream's defaults.
  await page.getByLabel("Days a partnership has to accept a grant offer").fill("21");
  await page.getByLabel("Days after each quarter that its return is due").fill("45");
  await page.getByLabel("Spend tolerance (%)").fill("2.5");
  await page.getByRole("group", { name: "Does the council's finance officer certify each return's spend?" }).getByLabel("Yes").check();
  await page.getByRole("button", { name: "Save the round" }).click();
  await expect(page.getByText("The round has been saved.")).toBeVisible();
  await expect(afterAward).toHaveText(
    "Offers accepted within 21 days; returns due 45 days after each quarter; spend within 2.5% of the profile needs no explanation; the council's finance officer certifies each return; virements of up to £5,000.00 within the tolerance approved automatically",
  );
  await expect(page.getByLabel("Spend tolerance (%)")).toHaveValue("2.5");
  await page.getByLabel("Days a partnership has to accept a grant offer").fill("400");
  await page.getByRole("button", { name: "Save the round" }).click();
  await expect(page.getByRole("link", { name: /^The days to accept an offer must be a whole number from 1 to 365/ })).toHaveAttribute("href", "#acceptByDays");
  await expect(page.getByLabel("Days a partnership has to accept a grant offer")).toHaveValue("400");
  await expectNoAxeViolations(page);
  await page.getByLabel("Days a partnership has to accept a grant offer").fill("28");
  await page.getByLabel("Days after each quarter that its return is due").fill("30");
  await page.getByLabel("Spend tolerance (%)").fill("10");
  await page.getByRole("group", { name: "Does the council's finance officer certify each return's spend?" }).getByLabel("No").check();
  await page.getByRole("button", { name: "Save the round" }).click();
  await expect(page.getByText("The round has been saved.")).toBeVisible();
  await expect(afterAward).toContainText("Offers accepted within 28 days; returns due 30 days");

  await page.getByRole("link", { name: /Set the allocations/ }).click();
  await expect(page.getByText("No indicators yet")).toBeVisible();
  await expectNoAxeViolations(page);

  // Population only, equal for every partnership: £90,000 shared nine ways is £10,000 each.
  const newIndicator = page.getByRole("group", { name: "New indicator" });
  await newIndicator.getByLabel("Name").fill("Population");
  await newIndicator.getByLabel("Weight").fill("1");
  for (const input of await newIndicator.getByRole("textbox").all()) {
    if ((await input.inputValue()) === "") await input.fill("1000");
  }
  await page.getByRole("button", { name: "Save the formula" }).click();
  await expect(page.getByText("The formula has been saved")).toBeVisible();
  await page.getByRole("button", { name: "Set the allocations by the formula" }).click();
  await expect(page.getByText("The allocations have been set by the formula.")).toBeVisible();
  const melton = page.locator("#formula-working tr", { hasText: "Safer Melton Partnership" });
  await expect(melton).toContainText("£10,000.00");
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Back to the round" }).click();
  await page.getByRole("button", { name: "Open the round to bids" }).click();
  await expect(page.getByText("The round is now open.")).toBeVisible();
  await expect(page.locator("#round-money")).toContainText("£90,000.00");
  await expect(page.locator("#round-money").getByRole("row", { name: /^Central fund/ }).getByRole("cell").first()).toHaveText("£10,000.00");
  await expectNoAxeViolations(page);

  // Any partnership may bid for the central fund: the Melton lead chooses what a new bid draws on.
  const lead = await (await browser.newContext({ baseURL })).newPage();
  await signIn(lead, USERS.meltonLead);
  await lead.getByRole("link", { name: `Start a bid in ${name}` }).click();
  await lead.getByLabel("Project title").fill("LLR rural crime watch");
  await lead.getByRole("button", { name: "Create draft bid" }).click();
  await expect(lead.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(lead.getByRole("link", { name: "Choose what the bid draws on" })).toBeVisible();
  await expect(lead.getByLabel("Project title")).toHaveValue("LLR rural crime watch");
  await expectNoAxeViolations(lead);
  await lead.getByLabel("The round's central fund").check();
  await lead.getByRole("button", { name: "Create draft bid" }).click();
  await expect(lead).toHaveURL(/\/bids\/\d+\/edit\/details$/);
  const bidId = /\/bids\/(\d+)\//.exec(lead.url())![1];
  await lead.goto(`/bids/${bidId}`);
  await expect(lead.getByText(/· central fund$/)).toBeVisible();
  await lead.close();
});

test("the seeded annual round shows the formula's working and last year's comparison", async ({ page }) => {
  await signIn(page, USERS.finance);
  await page.goto("/rounds");
  await page.getByRole("link", { name: "CSP annual allocation 2023-24" }).click();
  await expect(page.locator("#round-money")).toContainText("£471,000.00");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: /formula/ }).click();
  await expect(page.getByRole("columnheader", { name: /Population/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save the formula" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("the closed 2023-24 round's allocations are read-only, saying why, and a post of the formula changes nothing", async ({ page }) => {
  await signIn(page, USERS.reviewer);
  await page.goto("/rounds");
  await page.getByRole("link", { name: "CSP annual allocation 2023-24" }).click();
  await page.getByRole("link", { name: "See the allocations and the funding formula" }).click();
  const melton = page.locator("#formula-working tr", { hasText: "Safer Melton Partnership" });
  await expect(melton).toContainText("£31,000.00");
  await expect(page.locator("#allocations-locked")).toHaveText("This round closed on 31 July 2023, so its allocations can no longer be changed. To change them, reopen the round.");
  for (const button of ["Set the allocations by the formula", "Save the formula", "Save the allocations"]) await expect(page.getByRole("button", { name: button })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The form the page used to offer, posted anyway: refused with the reason, and Melton keeps its £31,000.
  const url = page.url();
  const version = /name="version" value="(\d+)"/.exec(await (await page.request.get(url.replace("/allocations", ""))).text())?.[1];
  const refused = await page.request.post(url, { form: { csrf: await formToken(page.request, "/"), intent: "apply", version: version! }, maxRedirects: 0 });
  expect(refused.status()).toBe(409);
  expect(await refused.text()).toContain("This round closed on 31 July 2023, so its allocations can no longer be changed.");
  await page.reload();
  await expect(melton).toContainText("£31,000.00");
});

test("an administrator reads the outbox of e-mails the portal would send", async ({ page }) => {
  await signIn(page, USERS.admin);
  await page.getByRole("link", { name: "Outbox" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a CSP lead is not shown rounds and cannot open them", async ({ page }) => {
  await signIn(page, USERS.meltonLead);
  await expect(page.getByRole("link", { name: "Rounds" })).toHaveCount(0);
  const response = await page.goto("/rounds");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
  await expectNoAxeViolations(page);
});
