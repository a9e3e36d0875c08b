import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-portal-2023";
export const USERS = {
  meltonLead: "lead.melton@demo.opcc.test",
  charnwoodLead: "lead.charnwood@demo.opcc.test",
  reviewer: "reviewer@demo.opcc.test",
  finance: "finance@demo.opcc.test",
  meltonFinance: "finance.melton@demo.opcc.test",
  admin: "admin@demo.opcc.test",
} as const;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}

/** Every page spec ends in this: WCAG 2.2 AA, no violations. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}
