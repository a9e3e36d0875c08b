import { expect, test } from "./fixtures";
import { h1, signInQuickly } from "./bid-journey";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * A draft's page is its task list: each section with its status and what still stops the bid being
 * submitted, linking to the section, with "Check and submit" as the way on and "Delete draft" for
 * a bid never submitted. Read only: the seeded Charnwood draft is not changed (the database is
 * shared by both workers).
 */

const DRAFT = "Domestic abuse awareness in workplaces";

test("a CSP lead's draft is a task list of its sections, with their statuses and problems", async ({ page }) => {
  await signInQuickly(page, USERS.charnwoodLead);
  await page.goto("/bids?status=draft");
  await page.getByRole("link", { name: DRAFT }).click();
  await expect(h1(page, DRAFT)).toBeVisible();
  const bidId = /\/bids\/(\d+)$/.exec(new URL(page.url()).pathname)![1];

  const tasks = page.locator("#tasks");
  const rows = tasks.locator(":scope > li");
  const task = (name: string) => rows.filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(rows).toHaveCount(7);
  // Started, with problems: in progress, and the problems are named.
  await expect(task("Project details")).toContainText("In progress");
  await expect(task("Project details")).toContainText("Describe the problem and the evidence of need");
  await expect(task("Priorities")).toContainText("In progress");
  await expect(task("Priorities")).toContainText("Select at least one Police and Crime Plan priority");
  // Nothing entered yet.
  await expect(task("Outcomes")).toContainText("Not started");
  await expect(task("Risks")).toContainText("Not started");
  // Each row links to its section; its status and problems describe the link.
  await expect(tasks.getByRole("link", { name: "Costs", exact: true })).toHaveAttribute("href", `/bids/${bidId}/edit/costs`);
  await expect(tasks.getByRole("link", { name: "Project details", exact: true })).toHaveAccessibleDescription(/Describe the problem and the evidence of need.*In progress/);

  // No card per section with its own Change link. Its round (2023-24) has closed, so the page says
  // it cannot be submitted and offers no Check and submit; a never-submitted draft can be deleted.
  await expect(page.getByRole("link", { name: /^Change/ })).toHaveCount(0);
  await expect(page.locator("#round-closed")).toHaveText("This round closed on 31 July 2023. The draft can still be changed or deleted, but not submitted.");
  await expect(page.getByRole("link", { name: "Check and submit" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Delete draft" })).toHaveAttribute("href", `/bids/${bidId}/delete`);
  await expectNoAxeViolations(page);
});

test("a submitted bid is read in full, with no task list and no Delete draft", async ({ page }) => {
  await signInQuickly(page, USERS.charnwoodLead);
  await page.goto("/bids?status=submitted");
  await page.getByRole("link", { name: "Loughborough night-time economy street pastors" }).click();
  await expect(h1(page, "Loughborough night-time economy street pastors")).toBeVisible();
  await expect(page.locator("#tasks")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Delete draft" })).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 2, name: "Costs" })).toBeVisible();
  await expect(page.getByRole("table", { name: "History" }).getByRole("row", { name: /Submitted/ })).toBeVisible();
  await expectNoAxeViolations(page);
});
