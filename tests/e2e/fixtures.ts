import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

/**
 * Every spec's `test`: as Playwright's, and fails if the browser reports anything the portal's
 * Content-Security-Policy blocked, on any page of any context the test opens. The policy is on in
 * every run (server/security-headers.ts), so a script without its nonce or an inline style shows
 * up here rather than in a user's browser.
 */
export const test = base.extend<{ failOnCspViolations: void }>({
  failOnCspViolations: [
    async ({ context, browser }, use, testInfo) => {
      const violations: string[] = [];
      const watchPage = (page: Page) =>
        page.on("console", (message) => {
          if (/Content Security Policy|Refused to (load|execute|apply|connect|frame|run)/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
        });
      const watchContext = (c: BrowserContext) => {
        c.pages().forEach(watchPage);
        c.on("page", watchPage);
      };
      watchContext(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const made = await newContext(options);
        watchContext(made);
        return made;
      };
      await use();
      browser.newContext = newContext;
      // Only the test that shows this check works may break the policy on purpose.
      if (!testInfo.annotations.some((a) => a.type === "breaks-csp-on-purpose")) {
        expect(violations, "the browser reported Content-Security-Policy violations").toEqual([]);
      }
    },
    { auto: true },
  ],
});

export { expect };
export type { Browser, BrowserContext, Page } from "@playwright/test";
