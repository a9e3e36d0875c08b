import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "./fixtures";
import { MELTON, MELTON_LEAD_NAME, signInQuickly } from "./bid-journey";
import { REVIEWER_NAME } from "./review-steps";
import { expectNoAxeViolations, formToken, USERS } from "./support";
import { acceptedGrant, returnPath } from "./returns-fixture";
import { acceptedOverdueGrant, closeFixtureDatabase, releaseFirst } from "./payments-fixture";
import { fixtureYear, grantWithClawback, underspentGrant } from "./clawbacks-fixture";
import { evidencePageOf, uploadQuickly } from "./evidence-returns";
import { samplePdf } from "../../db/evidence-samples";

/**
 * The page frame and the pages' layout at every width: the header never overlaps or overflows,
 * every page of the portal fits a 320 px screen (WCAG 1.4.10, reflow) with its tables scrolling in
 * regions of their own, and what only a screen reader hears is in words, never a code.
 */

const H = (page: Page) => page.locator("header[role=banner]");

test.describe("the header", () => {
  const SIGNED_IN = {
    reviewer: [REVIEWER_NAME, "Office of the Police and Crime Commissioner for Leicestershire"],
    meltonLead: [MELTON_LEAD_NAME, MELTON],
  } as const;
  for (const who of ["reviewer", "meltonLead"] as const) {
    test(`nothing in it overlaps or overflows at 1280, 1024, 375 and 320 px, signed in as ${who}`, async ({ page }) => {
      const [name, organisation] = SIGNED_IN[who];
      test.setTimeout(60_000);
      await signInQuickly(page, USERS[who]);
      for (const width of [1280, 1024, 375, 320]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto("/");
        const home = await H(page).getByRole("link", { name: "Leicestershire Police and Crime Commissioner" }).boundingBox();
        // The smallest box holding the user's name and organisation.
        const userBox = H(page).locator("p, span").filter({ hasText: name }).filter({ hasText: organisation }).last();
        await expect(userBox).toBeVisible();
        const user = await userBox.boundingBox();
        const signOut = await H(page).getByRole("button", { name: "Sign out" }).boundingBox();
        expect(home && user && signOut, `the header's parts at ${width} px`).toBeTruthy();
        for (const [part, box] of [["the name and organisation", user!], ["Sign out", signOut!]] as const) {
          expect(overlaps(home!, box), `${part} is drawn over the OPCC's name at ${width} px`).toBe(false);
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

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
type Box = { x: number; y: number; width: number; height: number };

/**
 * Each page at 320 px: no wider than the screen, every table inside a focusable, named region that
 * scrolls, no visually hidden text or label that is a code (`under_review`), and no accessibility
 * violations. Problems are collected over all the pages, so one run names every page that fails.
 */
async function checkPages(page: Page, paths: string[] | (() => Promise<string[]>)) {
  await page.setViewportSize({ width: 320, height: 640 });
  const problems: string[] = [];
  const list = typeof paths === "function" ? await paths() : paths;
  for (const path of list) {
    const response = await page.goto(path);
    const status = response?.status();
    if (status !== 200 && !(path.startsWith("/nowhere") && status === 404)) problems.push(`${path} answered ${status}`);
    const found = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      looseTables: document.querySelectorAll("table:not(.portal-table-region table)").length,
      badRegions: [...document.querySelectorAll(".portal-table-region")].filter((r) => r.getAttribute("role") !== "region" || !r.getAttribute("aria-label") || r.getAttribute("tabindex") !== "0" || getComputedStyle(r).overflowX !== "auto").length,
      codes: [...document.querySelectorAll(".govuk-visually-hidden, [aria-label]")]
        .map((e) => e.getAttribute("aria-label") ?? e.textContent ?? "")
        .concat([...document.querySelectorAll("caption")].map((c) => c.textContent ?? ""))
        .filter((t) => /\b[a-z]+_[a-z_]+\b/.test(t)),
    }));
    if (found.width > 320) problems.push(`${path} is ${found.width} px wide`);
    if (found.looseTables) problems.push(`${path} has ${found.looseTables} table(s) outside a scrolling region`);
    if (found.badRegions) problems.push(`${path} has ${found.badRegions} table region(s) that cannot be focused, named or scrolled`);
    for (const code of found.codes) problems.push(`${path} says "${code}" to screen readers`);
    await expectNoAxeViolations(page);
  }
  expect(problems).toEqual([]);
  return list;
}

/** The addresses of the links on a page the test is on, matching a pattern, each once. */
async function linksOn(page: Page, path: string, pattern: RegExp, name?: string): Promise<string[]> {
  if (new URL(page.url()).pathname + new URL(page.url()).search !== path) await page.goto(path);
  const links = name ? page.getByRole("link", { name, exact: true }) : page.locator("main a[href]");
  const hrefs = (await links.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))).filter((h) => pattern.test(h));
  return [...new Set(hrefs)];
}

async function oneLink(page: Page, path: string, pattern: RegExp, name?: string): Promise<string> {
  const [href] = await linksOn(page, path, pattern, name);
  expect(href, `a link${name ? ` "${name}"` : ""} on ${path}`).toBeTruthy();
  return href;
}

test.describe("every page fits a 320 px screen", () => {
  test("signed out", async ({ page }) => {
    await checkPages(page, ["/login", "/forgot-password", "/accessibility", "/privacy", "/cookies", "/transparency"]);
  });

  test("signed out: the published grants, filtered, and a decision's public record", async ({ page }) => {
    await checkPages(page, async () => ["/transparency", "/transparency?fy=2023-24&csp=melton", await oneLink(page, "/transparency", /^\/transparency\/decisions\//)]);
  });

  test("a CSP lead's pages: dashboard, bids, a decided and an under-review bid, grants, answering an offer, starting a bid, signing out", async ({ page }) => {
    test.setTimeout(120_000);
    await signInQuickly(page, USERS.meltonLead);
    await checkPages(page, async () => {
      const start = await oneLink(page, "/", /^\/bids\/new\?round=\d+$/);
      // Filtered, so that the bids other specs make cannot push these off the first page.
      const decided = await oneLink(page, "/bids?status=approved", /^\/bids\/\d+$/, "Safer Communities and Partnership Officer");
      const underReview = await oneLink(page, "/bids?status=under_review", /^\/bids\/\d+$/, "Buddy by M");
      const grant = await oneLink(page, "/grants", /^\/grants\/\d+$/);
      // A return's evidence, with a file whose name and description have no spaces to break at.
      const evidence = evidencePageOf();
      await uploadQuickly(page.request, evidence, { name: `${"Invoice-for-the-CCTV-camera-".repeat(4)}.pdf`, mimeType: "application/pdf", buffer: samplePdf(["Invoice"]) }, "x".repeat(200));
      return ["/", "/bids", "/bids?status=approved", decided, underReview, "/grants", grant, `${grant}/accept`, `${grant}/decline`, `${grant}/payments`, evidence, start, "/logout", "/nowhere-at-all"];
    });
  });

  test("a CSP lead's draft: its page, every section, check and submit, withdraw, delete; a submitted bid's confirmation", async ({ page }) => {
    test.setTimeout(120_000);
    await signInQuickly(page, USERS.charnwoodLead);
    await checkPages(page, async () => {
      const draft = await oneLink(page, "/bids?status=draft", /^\/bids\/\d+$/, "Domestic abuse awareness in workplaces");
      const sections = await linksOn(page, draft, /^\/bids\/\d+\/edit\/[a-z-]+$/);
      expect(sections).toHaveLength(7);
      const submitted = await oneLink(page, "/bids?status=submitted", /^\/bids\/\d+$/, "Loughborough night-time economy street pastors");
      return ["/bids?status=draft", draft, ...sections, `${draft}/submit`, `${draft}/withdraw`, `${draft}/delete`, `${submitted}/submitted`];
    });
  });

  test("OPCC staff's pages: dashboard, bids, the review queue, review and decision pages, rounds, allocations, grants, extending an offer, payments, evidence, the reconciliation", async ({ page }) => {
    test.setTimeout(180_000);
    await signInQuickly(page, USERS.reviewer);
    await checkPages(page, async () => {
      const queued = (await linksOn(page, "/review", /^\/bids\/\d+\/review$/)).slice(0, 2);
      const scored = await oneLink(page, "/review", /^\/bids\/\d+\/review$/, "Buddy by M");
      const decided = await oneLink(page, "/bids?status=approved", /^\/bids\/\d+$/, "Safer Communities and Partnership Officer");
      const rounds = await linksOn(page, "/rounds", /^\/rounds\/\d+$/);
      expect(rounds.length).toBeGreaterThan(0);
      const grant = await oneLink(page, "/grants", /^\/grants\/\d+$/);
      const bidOf = (review: string) => review.replace(/\/review$/, "");
      // The reconciliation, down to a cost line.
      const financeCsp = await oneLink(page, "/finance?fy=2023-24", /^\/finance\/csp\/\d+\?fy=2023-24$/, MELTON);
      const financeGrant = await oneLink(page, financeCsp, /^\/finance\/grants\/\d+$/, "Drink Safe");
      const financeLine = await oneLink(page, financeGrant, /^\/finance\/grants\/\d+\?line=\d+#line-figures$/, "Drink covers");
      return [
        "/", "/bids", "/review",
        ...[...queued, scored].flatMap((r) => [r, bidOf(r), `${bidOf(r)}/decision`]),
        decided, `${decided}/review`, `${decided}/decision`,
        "/rounds", "/rounds/new", ...rounds.flatMap((r) => [r, `${r}/allocations`]),
        "/grants", grant, `${grant}/extend-offer`, `${grant}/payments`, evidencePageOf(), "/finance", "/finance?fy=2023-24", financeCsp, financeGrant, financeLine, "/finance/year-end", "/finance/year-end/2023-24", "/nowhere-at-all",
      ];
    });
  });

  test("quarterly returns: the list, a return, its form and its check page for the lead; the return for the council and the OPCC", async ({ page }) => {
    test.setTimeout(120_000);
    const grant = acceptedGrant(`Layout outreach ${Date.now().toString(36)}`, "ss5");
    const r = returnPath(grant);
    await signInQuickly(page, USERS.meltonLead);
    await checkPages(page, ["/returns", "/returns?overdue=yes", `/grants/${grant.grantId}`, r, `${r}/edit`, `${r}/submit`]);
    for (const who of ["meltonFinance", "reviewer"] as const) {
      await page.context().clearCookies();
      await signInQuickly(page, USERS[who]);
      await checkPages(page, ["/returns", r]);
    }
  });

  test("variations: the request forms and a waiting virement for the lead; the queue and the decision form for the OPCC", async ({ page }) => {
    test.setTimeout(120_000);
    const grant = acceptedGrant(`Layout virement ${Date.now().toString(36)}`, "annual", { extraLine: true });
    await signInQuickly(page, USERS.meltonLead);
    // A virement beyond the tolerance, so that it waits for the OPCC (with its long reasons on the page).
    await page.goto(`/grants/${grant.grantId}/variations/new?kind=virement`);
    await page.getByLabel("Move money from").selectOption({ index: 1 });
    await page.getByLabel("Move money to").selectOption({ index: 3 });
    await page.getByLabel("Amount to move").fill("100");
    await page.getByLabel("Why is the money moved?").fill("A-very-long-reason-without-spaces-".repeat(6));
    await page.getByRole("button", { name: "Ask to move the money" }).click();
    await expect(page.locator("#variation-summary")).toBeVisible();
    const variation = new URL(page.url()).pathname;
    await checkPages(page, [`/grants/${grant.grantId}`, `/grants/${grant.grantId}/variations/new?kind=virement`, `/grants/${grant.grantId}/variations/new?kind=extension`, `/grants/${grant.grantId}/transfers/new`, variation, "/variations"]);
    await page.context().clearCookies();
    await signInQuickly(page, USERS.reviewer);
    await checkPages(page, ["/variations", "/variations?status=all", variation]);
  });

  test("reports: /reports and Melton's scrutiny reports for the lead; another partnership's for the OPCC", async ({ page }) => {
    test.setTimeout(120_000);
    await signInQuickly(page, USERS.meltonLead);
    const own = await oneLink(page, "/reports", /^\/reports\/scrutiny\/\d+\/2023-24$/);
    await checkPages(page, ["/reports", own, own.replace("2023-24", "2024-25")]);
    await page.context().clearCookies();
    await signInQuickly(page, USERS.reviewer);
    const charnwood = await oneLink(page, "/finance?fy=2023-24", /^\/finance\/csp\/\d+\?fy=2023-24$/, "Charnwood Community Safety Partnership");
    await checkPages(page, ["/reports", own, `/reports/scrutiny/${charnwood.split("/")[3].split("?")[0]}/2023-24`]);
  });

  test("OPCC finance's payments page, with its forms to record a payment and release a hold", async ({ page }) => {
    test.setTimeout(60_000);
    const grant = acceptedOverdueGrant(`Layout skate park camera ${Date.now().toString(36)}`);
    releaseFirst(grant);
    closeFixtureDatabase();
    await signInQuickly(page, USERS.finance);
    await checkPages(page, [`/grants/${grant.grantId}/payments`, `/grants/${grant.grantId}/payments?instalment=${grant.instalmentIds[0]}#record-payment`, `/grants/${grant.grantId}`]);
    await page.goto(`/grants/${grant.grantId}/payments`);
    await expect(page.getByRole("heading", { name: "Record a payment" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Release a hold" })).toBeVisible();
  });

  test("OPCC finance's underspend and clawback pages: a grant's years, the underspend form, the clawbacks and a clawback's forms; the partnership's clawbacks", async ({ page }) => {
    test.setTimeout(90_000);
    const open = underspentGrant(`Layout underspent camera ${Date.now().toString(36)}`);
    const raised = grantWithClawback(`Layout clawback camera ${Date.now().toString(36)}`);
    const year = fixtureYear();
    closeFixtureDatabase();
    await signInQuickly(page, USERS.finance);
    await checkPages(page, [
      `/finance/grants/${open.grantId}`, `/finance/grants/${open.grantId}/underspend?year=${year}`, `/finance/grants/${raised.grantId}`,
      "/finance/clawbacks", "/finance/clawbacks?fy=2023-24&status=received", `/finance/clawbacks/${raised.clawbackId}`, `/grants/${raised.grantId}/payments`,
    ]);
    await page.context().clearCookies();
    await signInQuickly(page, USERS.meltonLead);
    await checkPages(page, [`/grants/${raised.grantId}/payments`]);
  });

  test("search: the results, no results and a refused search, for the OPCC and a partnership", async ({ page }) => {
    test.setTimeout(60_000);
    const pages = ["/search", "/search?q=drink", "/search?q=safer", "/search?q=PCC%2F2023-24%2F00", "/search?q=nothing-matches-this", "/search?q=*", `/search?q=${"x".repeat(201)}`];
    await signInQuickly(page, USERS.reviewer);
    await checkPages(page, pages.filter((p) => p !== "/search?q=*" && !p.includes("xxx")));
    await page.context().clearCookies();
    await signInQuickly(page, USERS.meltonLead);
    await checkPages(page, ["/search?q=drink", "/search?q=melton"]);
    // A refused search answers 400, with its error summary; its layout is the same.
    for (const refused of ["/search?q=*", `/search?q=${"x".repeat(201)}`]) {
      await page.setViewportSize({ width: 320, height: 640 });
      expect((await page.goto(refused))?.status()).toBe(400);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await expectNoAxeViolations(page);
    }
  });

  test("an administrator's pages: the outbox and the settings", async ({ page }) => {
    test.setTimeout(90_000);
    await signInQuickly(page, USERS.admin);
    await checkPages(page, async () => {
      const rubrics = await linksOn(page, "/settings", /^\/settings\/rubrics\/\d+$/);
      expect(rubrics.length).toBeGreaterThan(0);
      const partnerships = await linksOn(page, "/settings/partnerships", /^\/settings\/partnerships\/\d+$/);
      expect(partnerships.length).toBeGreaterThan(0);
      const people = await linksOn(page, "/settings/people", /^\/settings\/people\/\d+$/);
      expect(people.length).toBeGreaterThan(0);
      return ["/settings/people", "/settings/people/invite", people[0], "/outbox", "/settings", "/settings/decision-reference", "/settings/conditions", ...rubrics, "/settings/opcc", "/settings/partnerships", "/settings/partnerships/new", partnerships[0], "/settings/streams", "/settings/streams/new", "/settings/streams/1", "/settings/years", "/settings/priorities", "/settings/privacy", "/settings/two-factor", "/account/password", "/account/two-factor", "/settings/audit"];
    });
  });
});

test.describe("every page fits a 320 px screen: two-factor sign-in", () => {
  /** A user of the test's own, made in the e2e server's database (tests/support/user-in-process.ts). */
  function ownUser(mode: "user" | "two-factor-user", password: string): { email: string } {
    const email = `layout.${mode}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@melton.example.gov.uk`;
    execFileSync("npx", ["tsx", "tests/support/user-in-process.ts", mode, email, "Lee Layout", password], { env: { ...process.env, DATABASE_PATH: `tests/.tmp/e2e-${process.env.E2E_PORT}/portal.db` }, encoding: "utf8", timeout: 60_000 });
    return { email };
  }
  async function postPassword(page: Page, email: string, password: string) {
    const csrf = await formToken(page.request, "/login");
    return page.request.post("/login", { form: { csrf, email, password, redirectTo: "" }, maxRedirects: 0 });
  }

  test("setting it up (the QR code and key) and the code asked for when signing in", async ({ page }) => {
    const password = "layout two factor pages";
    const setting = ownUser("user", password);
    expect((await postPassword(page, setting.email, password)).status()).toBe(302);
    await page.goto("/account/two-factor");
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    await expect(page.locator("#setup-key")).toBeVisible();
    await checkPages(page, ["/account/two-factor"]);

    await page.context().clearCookies();
    const on = ownUser("two-factor-user", password);
    const answer = await postPassword(page, on.email, password);
    expect(answer.headers()["location"]).toBe("/login/two-factor");
    await checkPages(page, ["/login/two-factor"]);
  });
});

test.describe("text a screen reader hears", () => {
  test("the dashboard's counts say each status in words", async ({ page }) => {
    await signInQuickly(page, USERS.meltonLead);
    await page.goto("/");
    await expect(page.getByRole("link", { name: /^\d+ bids? with status under review$/ })).toBeVisible();
    await expect(page.getByRole("link", { name: /^\d+ bids? with status part-approved$/ })).toBeVisible();
    await expect(page.getByRole("link", { name: /_/ })).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test("the list of bids says how it is sorted in words", async ({ page }) => {
    await signInQuickly(page, USERS.reviewer);
    await page.goto("/bids");
    await expect(page.getByRole("table", { name: "Bids, sorted by last updated, newest first" })).toBeVisible();
    await page.goto("/bids?sort=requested&dir=asc");
    await expect(page.getByRole("table", { name: "Bids, sorted by amount requested, smallest first" })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test.describe("a second line in a table cell", () => {
  /** The cell's second line starts below its first, and the two read with a pause between them. */
  async function expectOwnLine(cell: ReturnType<Page["locator"]>, first: string, second: string | RegExp) {
    await expect(cell).toBeVisible();
    const lines = await cell.evaluate((td) => {
      const secondLine = td.querySelector(".portal-secondary-line");
      // The text before the second line, wherever it wraps.
      const range = document.createRange();
      range.setStart(td, 0);
      if (secondLine) range.setEndBefore(secondLine);
      else range.setEnd(td, td.childNodes.length);
      return {
        firstBottom: range.getBoundingClientRect().bottom,
        secondTop: secondLine?.getBoundingClientRect().top ?? null,
        text: td.textContent ?? "",
        secondText: (secondLine?.textContent ?? "").replace(/^, /, ""),
      };
    });
    if (typeof second !== "string") {
      expect(lines.secondText).toMatch(second);
      second = lines.secondText;
    }
    expect(lines.secondTop, `"${second}" is a line of its own`).not.toBeNull();
    expect(lines.secondTop!, `"${second}" starts below "${first}"`).toBeGreaterThanOrEqual(lines.firstBottom - 1);
    // Read as "first, second" (and any further line after another comma).
    expect(lines.text.replace(/\s+/g, " ").trim()).toMatch(new RegExp(`^${escapeRegExp(`${first}, ${second}`)}(, |$)`));
  }

  test("the review queue puts each bid's round under its title", async ({ page }) => {
    await signInQuickly(page, USERS.reviewer);
    await page.goto("/review");
    const cell = page.getByRole("cell").filter({ has: page.getByRole("link", { name: "Fosse Park retail crime partnership", exact: true }) });
    await expectOwnLine(cell, "Fosse Park retail crime partnership", "CSP annual allocation 2023-24");
    await expectNoAxeViolations(page);
  });

  test("the rounds list puts each round's stream under its name, and a decision's date under its reference", async ({ page }) => {
    await signInQuickly(page, USERS.reviewer);
    await page.goto("/rounds");
    const round = page.getByRole("cell").filter({ has: page.getByRole("link", { name: "CSP annual allocation 2023-24", exact: true }) });
    await expectOwnLine(round, "CSP annual allocation 2023-24", "Annual CSP allocation");
    await expectNoAxeViolations(page);

    await page.context().clearCookies();
    await signInQuickly(page, USERS.meltonLead);
    await page.goto("/");
    const decision = page.getByRole("table", { name: "The latest decisions on your partnership's bids" }).getByRole("cell").filter({ hasText: /^PCC\/\d{4}-\d{2}\/\d{3}/ }).first();
    const reference = await decision.evaluate((td) => td.firstChild?.textContent ?? "");
    expect(reference).toMatch(/^PCC\/\d{4}-\d{2}\/\d{3}$/);
    // Other specs make decisions of their own: whichever is latest, its date is under its reference.
    await expectOwnLine(decision, reference, /^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    await expectNoAxeViolations(page);
  });

  test("a decision's cost lines put the working under the description", async ({ page }) => {
    // A decided grant of an open year (the demo's 2023-24 is closed, and its decisions with it): its correction form.
    const grant = acceptedGrant(`Layout decision ${Date.now().toString(36)}`, "annual");
    await signInQuickly(page, USERS.reviewer);
    await page.goto(`/bids/${grant.bidId}/decision`);
    const line = page.getByRole("cell").filter({ hasText: /^Mobile CCTV camera/ });
    await expectOwnLine(line, "Mobile CCTV camera", "1 × £4,000.00, 2024-25");
    await expectNoAxeViolations(page);
  });
});
