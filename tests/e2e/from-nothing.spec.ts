import { expect, test, type Browser, type Page } from "./fixtures";
import {
  completeCosts,
  completeDataProtection,
  completeDetails,
  completeMatchFunding,
  completeOutcomes,
  completePriorities,
  completeRisks,
  expectReadyToSubmit,
  h1,
  MELTON,
  MELTON_LEAD_NAME,
  NEXT,
  startDraft,
  submitAndExpectAccepted,
  THIS,
  YEAR,
} from "./bid-journey";
import { banner } from "./review-steps";
import { expectNoAxeViolations } from "./support";
import { startOwnPortal, type OwnPortal } from "../support/own-portal";

/**
 * Issue 12's journey from nothing, on a portal of its own (not the shared demo server): an empty
 * database served from the production build with PORTAL_DEMO=0, as `PORTAL_DEMO=0 npm start` runs
 * it; `npm run admin:create`; the administrator sets up the OPCC, a Police and Crime Plan
 * priority, a partnership, a funding stream and a round with an allocation for the partnership,
 * and invites the partnership's lead; the lead accepts the invitation, sets a password and submits
 * a bid. On the way, the empty portal's pages say what to do first.
 *
 * The partnership and its lead are named as the demo's Melton ones, so the bid can be filled and
 * checked with the same helpers as the demo's bid journey (tests/e2e/bid-journey.ts).
 */

const ADMIN = { email: "admin@opcc.example.gov.uk", name: "Alex Administrator", password: "a long first admin password" };
const LEAD = { email: "lead@melton.example.gov.uk", name: MELTON_LEAD_NAME, password: "copper kettle harbour dawn" };
const OPCC_NAME = "Test Shire Police and Crime Commissioner";
const PCC_NAME = "Pat Commissioner";
const STREAM = "Community safety fund";
const ROUND = `Community safety fund ${YEAR.label}`;
const PCP_PRIORITY = "Safer communities: anti-social behaviour and neighbourhood crime";
const OWN_PRIORITY = "ASB and environmental crime";

const errorLink = (page: Page, text: string | RegExp) => page.locator(".govuk-error-summary").getByRole("link", { name: text });

let portal: OwnPortal;
let admin: Page;

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: portal.baseURL });
  return context.newPage();
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(h1(page, "Dashboard")).toBeVisible();
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  portal = await startOwnPortal();
});

test.afterAll(async () => {
  await admin?.context().close();
  await portal?.stop();
});

test("an empty portal: a sign-in page nobody can use yet, then `npm run admin:create` makes the first administrator", async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  // No demo: the demo's sign-ins are not offered, and do not work.
  await expect(page.getByText("demo-portal-2023")).toHaveCount(0);
  await page.getByLabel("Email address").fill("admin@demo.opcc.test");
  await page.getByLabel("Password", { exact: true }).fill("demo-portal-2023");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(errorLink(page, "Enter a correct email address and password")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.context().close();

  const printed = portal.createAdmin(ADMIN);
  expect(printed).toContain(`Administrator ${ADMIN.email} created`);
});

test("the administrator finds what to set up first, then sets up the OPCC, a priority, a partnership, a stream and a round", async ({ browser }) => {
  test.setTimeout(120_000);
  admin = await newPage(browser);
  await signIn(admin, ADMIN.email, ADMIN.password);
  await expectNoAxeViolations(admin);

  // Settings lists what to set up, in order, none of it done.
  await admin.goto("/settings");
  await expect(admin.getByRole("heading", { name: "Setting up the portal" })).toBeVisible();
  await expect(admin.locator(".govuk-task-list__link")).toHaveText(["Name the OPCC", "Add the partnerships", "Add a funding stream", "Add the Police and Crime Plan priorities", "Invite the partnerships' leads", "Open a funding round"]);
  await expect(admin.locator(".govuk-task-list__status").filter({ hasText: "To do" })).toHaveCount(6);
  await expectNoAxeViolations(admin);

  // Before set-up: the rounds page says there are none rather than showing an empty table; a round
  // cannot be made without a stream, and the page says where to add one.
  await admin.goto("/rounds");
  await expect(admin.getByText("There are no funding rounds yet.", { exact: false })).toBeVisible();
  await expect(admin.locator("table")).toHaveCount(0);
  await expectNoAxeViolations(admin);
  await admin.goto("/rounds/new");
  await expect(h1(admin, "Create a round")).toBeVisible();
  await expect(admin.locator("#no-streams")).toHaveText("There are no funding streams yet, and every round belongs to one. Add a funding stream first.");
  await expect(admin.getByRole("button", { name: "Create round" })).toHaveCount(0);
  await expectNoAxeViolations(admin);
  await admin.goto("/settings/streams");
  await expect(admin.getByText("There are no funding streams yet. Add one before creating a round.")).toBeVisible();
  await admin.goto("/settings/partnerships");
  await expect(admin.getByRole("table", { name: /^0 partnerships/ })).toBeVisible();
  await expectNoAxeViolations(admin);

  // The OPCC's names.
  await admin.goto("/settings/opcc");
  await expect(h1(admin, "The OPCC")).toBeVisible();
  await expectNoAxeViolations(admin);
  await admin.getByLabel("The OPCC's name, as the header of every page shows it").fill(OPCC_NAME);
  await admin.getByLabel("The office's full name").fill(`Office of the ${OPCC_NAME}`);
  await admin.getByLabel("The PCC's title").fill("Police and Crime Commissioner for Test Shire");
  await admin.getByLabel("The PCC's name (optional)").fill(PCC_NAME);
  await admin.getByLabel("The OPCC's contact email address").fill("grants@opcc.example.gov.uk");
  await admin.getByRole("button", { name: "Save the settings" }).click();
  await expect(banner(admin)).toContainText("The OPCC's settings are saved.");
  await expect(admin.locator("header[role=banner]")).toContainText(OPCC_NAME);
  await expect(admin.getByLabel("The PCC's name (optional)")).toHaveValue(PCC_NAME);
  await expectNoAxeViolations(admin);

  // A Police and Crime Plan priority: a bid cannot be submitted without one.
  await admin.goto("/settings/priorities");
  await expect(h1(admin, "Priorities and statutory duties")).toBeVisible();
  await expectNoAxeViolations(admin);
  await admin.getByRole("group", { name: "Which is it?" }).getByLabel("A Police and Crime Plan priority").check();
  await admin.getByLabel("Name", { exact: true }).fill(PCP_PRIORITY);
  await admin.getByRole("button", { name: "Add it" }).click();
  await expect(admin.getByRole("textbox", { name: /^Name of priority 1/ })).toHaveValue(PCP_PRIORITY);
  await expectNoAxeViolations(admin);

  // A partnership, with a priority of its own.
  await admin.goto("/settings/partnerships/new");
  await expect(h1(admin, "Add a partnership")).toBeVisible();
  await admin.getByLabel("Partnership's name").fill(MELTON);
  await admin.getByLabel("Accountable council").fill("Melton Borough Council");
  await admin.getByRole("button", { name: "Add the partnership" }).click();
  await expect(banner(admin)).toContainText("The partnership has been added.");
  await expect(h1(admin, MELTON)).toBeVisible();
  await expectNoAxeViolations(admin);
  await admin.getByLabel("The priority", { exact: true }).fill(OWN_PRIORITY);
  await admin.getByRole("button", { name: "Add the priority" }).click();
  await expect(banner(admin)).toContainText("The priority has been added.");

  // A funding stream.
  await admin.goto("/settings/streams/new");
  await expect(h1(admin, "Add a funding stream")).toBeVisible();
  await expectNoAxeViolations(admin);
  await admin.getByLabel("Name of the stream").fill(STREAM);
  await admin.getByLabel("Code").fill("csf");
  await admin.getByRole("button", { name: "Add the stream" }).click();
  await expect(banner(admin)).toContainText("The stream has been added.");
  await expect(admin.getByRole("row").filter({ hasText: STREAM })).toContainText("Yes");
  await expectNoAxeViolations(admin);

  // The year today falls in was made when the portal started.
  await admin.goto("/settings/years");
  await expect(h1(admin, "Financial years")).toBeVisible();
  await expect(admin.getByRole("rowheader", { name: YEAR.label })).toBeVisible();
  await expectNoAxeViolations(admin);

  // A round for this financial year, open all year, so the lead can bid whatever day the test runs.
  await admin.goto("/rounds/new");
  await expect(admin.locator("#no-streams")).toHaveCount(0);
  await admin.getByLabel("Funding stream").selectOption({ label: STREAM });
  await admin.getByLabel("Financial year").selectOption({ label: YEAR.label });
  await admin.getByLabel("Name of the round").fill(ROUND);
  const opens = admin.getByRole("group", { name: "Opens" });
  await opens.getByLabel("Day").fill("1");
  await opens.getByLabel("Month").fill("4");
  await opens.getByLabel("Year").fill(THIS);
  const closes = admin.getByRole("group", { name: "Closes" });
  await closes.getByLabel("Day").fill("31");
  await closes.getByLabel("Month").fill("3");
  await closes.getByLabel("Year").fill(NEXT);
  await admin.getByLabel("Total pot").fill("50000");
  await expectNoAxeViolations(admin);
  await admin.getByRole("button", { name: "Create round" }).click();
  await expect(h1(admin, ROUND)).toBeVisible();
  await expectNoAxeViolations(admin);

  // Its allocation for the partnership, typed in; then it is opened.
  await admin.getByRole("link", { name: /Set the allocations/ }).click();
  await expectNoAxeViolations(admin);
  const typed = admin.locator("form", { has: admin.getByRole("button", { name: "Save the allocations" }) }).getByLabel(MELTON, { exact: true });
  await typed.fill("20000");
  await admin.getByRole("button", { name: "Save the allocations" }).click();
  await expect(banner(admin)).toContainText("The allocations have been saved.");
  await expect(typed).toHaveAttribute("value", "20000.00");
  await expectNoAxeViolations(admin);
  await admin.getByRole("link", { name: "Back to the round" }).click();
  await admin.getByRole("button", { name: "Open the round to bids" }).click();
  await expect(admin.getByText("The round is now open.")).toBeVisible();
  await expectNoAxeViolations(admin);
});

test("the administrator invites the partnership's lead, who accepts, sets a password and submits a bid", async ({ browser }) => {
  test.setTimeout(120_000);
  // Only the leads are left to invite.
  await admin.goto("/settings");
  await expect(admin.locator(".govuk-task-list__status").filter({ hasText: "To do" })).toHaveCount(1);
  await admin.getByRole("link", { name: "Invite the partnerships' leads" }).click();
  await expect(h1(admin, "Invite someone")).toBeVisible();
  await expectNoAxeViolations(admin);
  await admin.getByLabel("Full name").fill(LEAD.name);
  await admin.getByLabel("Email address").fill(LEAD.email);
  await admin.getByRole("radio", { name: "CSP lead" }).check();
  await admin.getByLabel("Partnership", { exact: true }).selectOption({ label: MELTON });
  await admin.getByRole("button", { name: "Send the invitation" }).click();
  await expect(banner(admin)).toContainText("The invitation has been sent.");
  await expect(h1(admin, LEAD.name)).toBeVisible();
  await expectNoAxeViolations(admin);

  // Outside the demo the outbox page hides one-time links: the e-mail is read from the database.
  const mail = portal.latestMail(LEAD.email, /invited/i);
  const link = mail ? /\/invitation\/[A-Za-z0-9_-]+/.exec(mail.body)?.[0] : undefined;
  expect(link, "the invitation link in the e-mail to the lead").toBeTruthy();
  // It names the OPCC as the OPCC named itself, not as admin:create did.
  expect(mail!.body).toContain(`${OPCC_NAME} has invited you`);

  const lead = await newPage(browser);
  await lead.goto(link!);
  await expect(h1(lead, "Set your password")).toBeVisible();
  await expectNoAxeViolations(lead);
  // A password made of the address is refused, at its box, with both boxes kept.
  await lead.getByLabel("Password", { exact: true }).fill("lead at melton example gov uk");
  await lead.getByLabel("Type the password again").fill("lead at melton example gov uk");
  await lead.getByRole("button", { name: "Set the password" }).click();
  await expect(errorLink(lead, /^Your password must not contain your email address/)).toHaveAttribute("href", "#password");
  await expectNoAxeViolations(lead);
  // GOV.UK's double-click guard: a person takes longer than this between two presses of one button.
  await lead.waitForTimeout(1_100);
  await lead.getByLabel("Password", { exact: true }).fill(LEAD.password);
  await lead.getByLabel("Type the password again").fill(LEAD.password);
  await lead.getByRole("button", { name: "Set the password" }).click();
  await expect(banner(lead)).toContainText("Your password is set.");
  await expect(h1(lead, "You can now sign in")).toBeVisible();
  await expectNoAxeViolations(lead);

  await signIn(lead, LEAD.email, LEAD.password);
  const title = "Night-time economy safety";
  const bidId = await startDraft(lead, ROUND, title);
  await completeDetails(lead, bidId);
  await completePriorities(lead, bidId);
  await completeCosts(lead, bidId);
  await completeMatchFunding(lead, bidId);
  await completeOutcomes(lead, bidId);
  await completeRisks(lead, bidId);
  await completeDataProtection(lead, bidId);
  await expectReadyToSubmit(lead);
  await submitAndExpectAccepted(lead, bidId, title);
  await lead.context().close();
});
