import Database from "better-sqlite3";
import { hashPassword } from "../../app/auth/password.server";
import { generateSynthetic } from "../../db/synthetic";
import { startOwnPortal, type OwnPortal } from "../support/own-portal";
import { expect, test, type Page } from "./fixtures";
import { expectNoAxeViolations } from "./support";

/**
 * What only a service with many partnerships and large rounds shows (issue 13), in a browser and
 * scanned with axe: the partnership filter as a box for part of a name (above 40 partnerships,
 * decision record 045) and a round's decision-meeting pack in parts (above 200 bids, decision
 * record 046). The demo has 7 partnerships and small rounds, so this runs on a portal of its own
 * whose database is db/synthetic.ts's, at a small scale: 45 partnerships, one year.
 */

const PASSWORD = "many partnerships e2e 2039";
const REVIEWER = "synthetic.reviewer@example.test";
const ADMIN = "synthetic.admin@example.test";

let portal: OwnPortal;
let bigRound: { id: number; bids: number };

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  portal = await startOwnPortal({
    startTimeoutMs: 60_000,
    prepare: async (file) => {
      generateSynthetic(file, { csps: 45, years: 1, bids: 1_200, signIns: 100, messages: 100 });
      const sqlite = new Database(file);
      try {
        const hash = await hashPassword(PASSWORD);
        const set = sqlite.prepare("update users set password_hash = ?, active = 1 where email = ?");
        for (const email of [REVIEWER, ADMIN]) expect(set.run(hash, email).changes, email).toBe(1);
        bigRound = sqlite
          .prepare("select round_id as id, count(*) as bids from bids where status <> 'draft' group by round_id order by count(*) desc limit 1")
          .get() as { id: number; bids: number };
      } finally {
        sqlite.close();
      }
    },
  });
});

test.afterAll(async () => {
  await portal?.stop();
});

async function signInAs(page: Page, email: string) {
  await page.goto(`${portal.baseURL}/login`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}

const partnershipBox = (page: Page) => page.getByRole("textbox", { name: "Partnership" });

test("with 45 partnerships, the bids list filters by part of a partnership's name, offering several matches as links", async ({ page }) => {
  await signInAs(page, REVIEWER);
  await page.goto(`${portal.baseURL}/bids`);
  await expect(partnershipBox(page)).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Partnership" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // "CSP 1" is in Synthetic CSP 1 and 10 to 19, and more: ten offered, the list not filtered.
  await partnershipBox(page).fill("CSP 1");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText(/More than 10 partnerships' names contain "CSP 1"/)).toBeVisible();
  await expectNoAxeViolations(page);

  // Choosing one of them filters the list by its id, and the box shows its name.
  await page.getByRole("link", { name: "Synthetic CSP 12", exact: true }).click();
  await expect(page).toHaveURL(/[?&]csp=\d+/);
  await expect(partnershipBox(page)).toHaveValue("Synthetic CSP 12");
  const partnerships = await page.locator("table tbody tr").evaluateAll((rows) => rows.map((r) => r.textContent ?? ""));
  expect(partnerships.length).toBeGreaterThan(0);
  for (const row of partnerships) expect(row).toContain("Synthetic CSP 12");
  await expectNoAxeViolations(page);

  // A name matching nothing says so.
  await partnershipBox(page).fill("Nowhere at all");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText(`No partnership's name contains "Nowhere at all". Showing every partnership.`)).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a round of more than 200 bids has its decision-meeting pack in parts, each a PDF of its own", async ({ page }) => {
  expect(bigRound.bids).toBeGreaterThan(200);
  await signInAs(page, REVIEWER);
  await page.goto(`${portal.baseURL}/rounds/${bigRound.id}`);
  await expect(page.getByText(/The decision-meeting pack, in \d+ parts of up to 200 bids/)).toBeVisible();
  const parts = page.locator(`a[href^="/rounds/${bigRound.id}/pack.pdf?part="]`);
  expect(await parts.count()).toBeGreaterThan(1);
  await expectNoAxeViolations(page);
  const second = await page.request.get(`${portal.baseURL}${await parts.nth(1).getAttribute("href")}`, { timeout: 60_000 });
  expect(second.status()).toBe(200);
  expect(second.headers()["content-type"]).toContain("application/pdf");
});

test("with 45 partnerships, the people list filters by part of a partnership's name too", async ({ page }) => {
  await signInAs(page, ADMIN);
  await page.goto(`${portal.baseURL}/settings/people`);
  await partnershipBox(page).fill("Synthetic CSP 7");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]csp=\d+/);
  await expect(partnershipBox(page)).toHaveValue("Synthetic CSP 7");
  await expect(page.getByRole("table")).toContainText("Synthetic CSP 7");
  await expectNoAxeViolations(page);
});
