import { expect, test, type Page } from "./fixtures";
import { signInQuickly } from "./bid-journey";
import { expectNoAxeViolations, USERS } from "./support";

/**
 * The page frame and the pages' layout at every width: the header never overlaps or overflows.
 */

const H = (page: Page) => page.locator("header[role=banner]");

test.describe("the header", () => {
  for (const who of ["reviewer", "meltonLead"] as const) {
    test(`nothing in it overlaps or overflows at 1280, 1024, 375 and 320 px, signed in as ${who}`, async ({ page }) => {
      test.setTimeout(60_000);
      await signInQuickly(page, USERS[who]);
      for (const width of [1280, 1024, 375, 320]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto("/");
        const home = await H(page).getByRole("link", { name: "Leicestershire Police and Crime Commissioner" }).boundingBox();
        const user = await H(page).locator(".portal-header__user").boundingBox();
        const signOut = await H(page).getByRole("button", { name: "Sign out" }).boundingBox();
        expect(home && user && signOut, `the header's parts at ${width} px`).toBeTruthy();
        for (const [name, box] of [["the name and organisation", user!], ["Sign out", signOut!]] as const) {
          expect(overlaps(home!, box), `${name} is drawn over the OPCC's name at ${width} px`).toBe(false);
        }
        expect(overlaps(user!, signOut!), `Sign out is drawn over the name at ${width} px`).toBe(false);
        const overflowing = await H(page).evaluate((header, vw) => {
          const out = [...header.querySelectorAll("*")].filter((e) => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && (r.left < 0 || r.right > vw);
          });
          return out.map((e) => `${e.tagName.toLowerCase()}.${e.className}`).concat(header.scrollWidth > vw ? ["the header itself"] : []);
        }, width);
        expect(overflowing, `what in the header goes past the edge at ${width} px`).toEqual([]);
        await expectNoAxeViolations(page);
      }
    });
  }
});

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
type Box = { x: number; y: number; width: number; height: number };
