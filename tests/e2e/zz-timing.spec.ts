import AxeBuilder from "@axe-core/playwright";
import { test } from "@playwright/test";
import { expectNoAxeViolations, signIn, USERS } from "./support";
test("timing", async ({ page }) => {
  let t = Date.now();
  await signIn(page, USERS.meltonLead);
  console.log("signIn", Date.now() - t); t = Date.now();
  await expectNoAxeViolations(page);
  console.log("axe1", Date.now() - t); t = Date.now();
  await expectNoAxeViolations(page);
  console.log("axe2", Date.now() - t); t = Date.now();
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).setLegacyMode(true).analyze();
  console.log("legacy", Date.now() - t, r.violations.length, r.passes.length); t = Date.now();
  const r2 = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  console.log("normal", Date.now() - t, r2.violations.length, r2.passes.length); t = Date.now();
});
