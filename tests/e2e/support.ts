import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext } from "@playwright/test";
import { expect, type Browser, type Page } from "./fixtures";
import { pdfText } from "../support/pdf-text";

export const DEMO_PASSWORD = "demo-portal-2023";
export const USERS = {
  meltonLead: "lead.melton@demo.opcc.test",
  charnwoodLead: "lead.charnwood@demo.opcc.test",
  reviewer: "reviewer@demo.opcc.test",
  finance: "finance@demo.opcc.test",
  meltonFinance: "finance.melton@demo.opcc.test",
  admin: "admin@demo.opcc.test",
} as const;

/**
 * GETs a PDF the portal serves, checks it is one, and returns its text (poppler's pdftotext) with
 * line breaks and layout spacing made single spaces, so a sentence reads the same wherever it wraps.
 */
export async function downloadPdfText(page: Page, href: string): Promise<string> {
  const response = await page.request.get(href);
  expect(response.status(), href).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  return pdfText(await response.body()).replace(/\s+/g, " ");
}

/**
 * The CSRF token the portal's pages give this browser context (its session's, or signed out, its
 * visit's), read from a page's form as a script posting on the user's behalf would need it.
 */
export async function formToken(request: APIRequestContext, path = "/login"): Promise<string> {
  const html = await (await request.get(path)).text();
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  expect(token, `a CSRF token on ${path}`).toBeTruthy();
  return token!;
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}

/**
 * Every page spec ends in this: WCAG 2.2 AA, no violations.
 *
 * axe runs as a script in the page, which a page opened with JavaScript off
 * (`test.use({ javaScriptEnabled: false })`) cannot do. Such a page is checked as a copy: exactly its
 * HTML, without its scripts, written into a page of the portal (so its styles load) in a browser
 * that can run axe. (The layout's inline script adds `js-enabled` to <body>: without it, scripts did not run.)
 */
export async function expectNoAxeViolations(page: Page) {
  // A page still being loaded is not the page to check (it answers at once when it has loaded).
  await page.waitForLoadState("load");
  const scriptsRan = (await page.locator("body.js-enabled").count()) > 0;
  const html = await page.content();
  const shape = pageShape(html, scriptsRan);
  const atWidth = `${shape}-${page.viewportSize()?.width ?? 0}px`;
  if (checkedBefore(atWidth)) {
    if (process.env.AXE_LOG) fs.appendFileSync(process.env.AXE_LOG, `skip 0 ${page.url()}\n`);
    return;
  }
  // A shape axe has passed at another width is checked again at this one only for the rules whose
  // answer depends on where things are drawn (LAYOUT_RULES); colours and names do not change.
  const rules = checkedBefore(shape) ? LAYOUT_RULES : undefined;
  const t0 = Date.now();
  const results = scriptsRan ? await runAxe(page, rules) : await runAxeOnCopy(page, html, rules);
  if (process.env.AXE_LOG) fs.appendFileSync(process.env.AXE_LOG, `${rules ? "layout" : "full"} ${Date.now() - t0} ${page.url()}\n`);
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
  markChecked(shape);
  markChecked(atWidth);
}

/**
 * The rules that measure boxes on the screen: how big and how far apart targets are (WCAG 2.5.8),
 * and whether a region that scrolls at this width can be reached by keyboard.
 */
const LAYOUT_RULES = ["target-size", "scrollable-region-focusable"];

/**
 * A page's markup with what axe's rules do not read taken out: each text replaced by whether there
 * is any, digits by 0 (ids, dates, sums), form values and nonces by a mark. Two pages of the same
 * shape, with scripts run or not, get the same answer from axe; the shape is checked in full once a
 * run, and at each further width only for LAYOUT_RULES (a suite scans the same dashboard, list or
 * form after each step of a journey, and the layout spec scans every page again at 320 px: most
 * of the suite's time was axe going over pages it had already passed).
 */
export function pageShape(html: string, scriptsRan: boolean): string {
  const markup = html
    .replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, "$1</script>")
    .replace(/>([^<]*)</g, (_m, text: string) => (text.trim() ? ">t<" : "><"))
    .replace(/\b(value|nonce)="[^"]*"/g, '$1="v"')
    .replace(/\d+/g, "0")
    // A run of identical rows, list items or options reads the same to axe as one of them: a list
    // of 7 bids and one of 8 are the same shape.
    .replace(/(<(tr|li|option)\b[^>]*>(?:(?!<\/?\2\b)[\s\S])*<\/\2>)(?:\1)+/g, "$1");
  return createHash("sha256").update(`${scriptsRan}|${markup}`).digest("hex");
}

// Shared by the run's workers: a file per shape passed, in the e2e server's folder (new each run).
const checkedDir = () => path.join("tests/.tmp", `e2e-${process.env.E2E_PORT}`, "axe-passed");
const checkedBefore = (shape: string) => fs.existsSync(path.join(checkedDir(), shape));
function markChecked(shape: string) {
  fs.mkdirSync(checkedDir(), { recursive: true });
  fs.writeFileSync(path.join(checkedDir(), shape), "");
}

// Legacy mode runs axe in the page itself rather than also opening a blank page to collate the
// results of every frame: the same rules, in half the time; the portal has no frames. Only
// violations are collected in full.
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
type Result = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];
const builder = (page: Page) => new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).setLegacyMode(true);

async function runAxe(page: Page, rules?: string[]): Promise<{ violations: Result[] }> {
  if (rules) return builder(page).withRules(rules).analyze();
  const { contrastNeeded } = await page.evaluate(markForAxe, [...contrastChecked]);
  const rest = await builder(page).withTags(WCAG_TAGS).disableRules(["color-contrast"]).exclude(`[${REPEAT}]`).analyze();
  // axe is in the page now: colour contrast runs on what has not been checked before, without loading axe again.
  const contrast = contrastNeeded.length === 0 ? [] : await page.evaluate(
    async ([selector, repeat]) => (await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: Result[] }> } }).axe.run({ include: [selector], exclude: [repeat] }, { runOnly: { type: "rule", values: ["color-contrast"] }, resultTypes: ["violations"] })).violations,
    [`[${CONTRAST}]`, `[${REPEAT}]`] as const,
  );
  // The marks go, so that what the test reads next is the page as the portal drew it.
  await page.evaluate((marks) => document.querySelectorAll(marks).forEach((el) => (el.removeAttribute("data-axe-repeat"), el.removeAttribute("data-axe-contrast"))), `[${REPEAT}], [${CONTRAST}]`);
  const violations = [...rest.violations, ...contrast];
  if (violations.length === 0) for (const chain of contrastNeeded) contrastChecked.add(chain);
  return { violations };
}

/**
 * Colour contrast is most of a scan's time (three quarters on a list page), and its answer for a
 * piece of text depends only on the styles it is drawn with: its element's and its ancestors'
 * classes and inline styles. Each worker keeps the style chains axe has passed; a page's text is
 * checked again only where its chain is new (decision record 036).
 */
const contrastChecked = new Set<number>();
const REPEAT = "data-axe-repeat";
const CONTRAST = "data-axe-contrast";

/**
 * Runs in the page: marks each row, list item or option that has the same shape as the one before
 * it (axe gives it the same answer: pageShape's rule), and each element with text whose style
 * chain has not been checked. Returns the chains to remember once the page passes.
 */
function markForAxe(checked: number[]): { contrastNeeded: number[] } {
  const seen = new Set(checked);
  const shapeOf = (el: Element) =>
    el.outerHTML
      .replace(/>([^<]*)</g, (_m, text: string) => (text.trim() ? ">t<" : "><"))
      .replace(/\b(value|nonce)="[^"]*"/g, '$1="v"')
      .replace(/\d+/g, "0");
  for (const el of document.querySelectorAll("tr, li, option")) {
    const before = el.previousElementSibling;
    if (before && before.tagName === el.tagName && shapeOf(before) === shapeOf(el)) el.setAttribute("data-axe-repeat", "");
  }
  // cyrb53: a 53-bit string hash, so that a few thousand chains do not collide.
  const hash = (text: string) => {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  };
  const chainOf = (el: Element) => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && e !== document.documentElement; e = e.parentElement) {
      parts.push(`${e.tagName}.${e.getAttribute("class") ?? ""}[${e.getAttribute("style") ?? ""}]${e.hasAttribute("disabled") || e.getAttribute("aria-disabled") === "true" ? "[disabled]" : ""}`);
    }
    return hash(parts.join("<"));
  };
  const needed = new Set<number>();
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest("[data-axe-repeat]")) continue;
    const hasText = ["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(el.tagName) || [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "");
    if (!hasText) continue;
    const chain = chainOf(el);
    if (seen.has(chain)) continue;
    el.setAttribute("data-axe-contrast", "");
    needed.add(chain);
  }
  return { contrastNeeded: [...needed] };
}

/**
 * One page per browser (so per worker) to check copies in: it stays on a page of the portal, so the
 * copy's stylesheets, fonts and images load from the portal (and its cache) as the original's did.
 */
const copyPages = new WeakMap<Browser, Promise<Page>>();

function copyPageFor(browser: Browser, origin: string) {
  let made = copyPages.get(browser);
  if (!made) {
    made = (async () => {
      const context = await browser.newContext({ javaScriptEnabled: true });
      const page = await context.newPage();
      // A blank page at the portal's address to write copies into. The route goes once it has been
      // used: while any route is set, Playwright turns the browser's cache off.
      const blank = `${origin}/__axe-copy`;
      await page.route(blank, (route) => route.fulfill({ contentType: "text/html", body: '<!DOCTYPE html><html lang="en"><head><title>Copy</title><link rel="icon" href="data:,"></head></html>' }));
      await page.goto(blank);
      await page.unroute(blank);
      return page;
    })();
    copyPages.set(browser, made);
  }
  return made;
}

async function runAxeOnCopy(page: Page, content: string, rules?: string[]) {
  const browser = page.context().browser();
  if (!browser) throw new Error("No browser to check a copy of the page in");
  const html = content.replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const copy = await copyPageFor(browser, new URL(page.url()).origin);
  // At the original's width, so that the layout rules measure what its user sees.
  await copy.setViewportSize(page.viewportSize() ?? { width: 1280, height: 720 });
  await copy.setContent(html, { waitUntil: "load" });
  return runAxe(copy, rules);
}

/**
 * Presses a form's button again after a refused submission. With JavaScript on, GOV.UK's buttons
 * ignore a second press within a second of the first (data-prevent-double-click), and the page
 * keeps the same button across a client-side navigation: wait that second out first.
 */
export async function pressAgain(page: Page, name: string) {
  await page.waitForTimeout(1_100);
  await page.getByRole("button", { name }).click();
}
