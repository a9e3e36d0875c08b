import { expect, test } from "./fixtures";
import { signInQuickly } from "./bid-journey";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * An administrator finds e-mails in the outbox: 25 a page, newest first, narrowed by recipient,
 * by whether they were sent and by the dates they were written, each message opened on demand.
 */
test("an administrator finds the e-mails to one person, and opens one", async ({ page }) => {
  await signInQuickly(page, USERS.admin);
  await page.goto("/outbox");
  await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
  const rows = page.getByRole("table", { name: "Messages, newest first" }).locator("tbody tr");
  expect(await rows.count()).toBeLessThanOrEqual(25);
  await expectNoAxeViolations(page);

  await page.getByLabel("Recipient").fill("LEAD.MELTON");
  await page.getByLabel("Sent").selectOption({ label: "Not sent yet" });
  const from = page.getByRole("group", { name: "Written from" });
  await from.getByLabel("Day").fill("1");
  await from.getByLabel("Month").fill("7");
  await from.getByLabel("Year").fill("2023");
  await page.getByRole("button", { name: "Apply filters" }).click();

  await expect(page).toHaveURL(/[?&]to=LEAD\.MELTON/);
  await expect(page.locator("#outbox-count")).toHaveText(/^\d+ messages? to an address containing “LEAD\.MELTON”, not sent yet, written on or after 1 July 2023( \(page 1 of \d+\))?\.$/);
  await expect(page.getByLabel("Recipient")).toHaveValue("LEAD.MELTON");
  await expect(page.getByLabel("Sent").locator("option:checked")).toHaveText("Not sent yet");
  await expect(rows.first()).toBeVisible();
  for (const to of await rows.locator("td:nth-child(2)").allTextContents()) expect(to).toBe("lead.melton@demo.opcc.test");
  for (const sent of await rows.locator("td:nth-child(4)").allTextContents()) expect(sent).toBe("Not sent");

  // The message is closed until asked for, so the page stays short.
  const first = rows.first().locator("details");
  await expect(first.locator("pre")).toBeHidden();
  await first.locator("summary").click();
  await expect(first.locator("pre")).toBeVisible();
  await expect(first.locator("pre")).toContainText("http");
  await expectNoAxeViolations(page);

  // A date that does not exist is left out, and the page says what it did use.
  await page.goto("/outbox?to=lead.melton&from.day=31&from.month=2&from.year=2023");
  await expect(page.locator("#outbox-count")).toHaveText(/^\d+ messages? to an address containing “lead\.melton”( \(page 1 of \d+\))?\.$/);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/outbox$/);
  await expect(page.locator("#outbox-count")).toHaveText(/^\d+ messages?( \(page 1 of \d+\))?\.$/);
  await expectNoAxeViolations(page);
});
