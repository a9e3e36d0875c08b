import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signInQuickly } from "./bid-journey";
import { formToken, USERS } from "./support";
import { evidencePageOf } from "./evidence-returns";
import { acceptedGrant, returnPath } from "./returns-fixture";

/** A Melton grant with quarterly returns, made once per worker, so the return pages are always there to try. */
let withReturns: ReturnType<typeof acceptedGrant> | undefined;
const returnPages = () => {
  withReturns ??= acceptedGrant(`Bad keys outreach ${Date.now().toString(36)}`, "annual");
  const r = returnPath(withReturns);
  return [r, `${r}/edit`, `${r}/submit`];
};

/**
 * Keys an object literal answers without holding them ("__proto__", "constructor", "toString")
 * in every query parameter a page reads and as the name of a form field sent to every form, as
 * each kind of user: never a 500. (app/domain/lookup.ts is the one way to look such a key up.)
 */

const KEYS = ["__proto__", "constructor", "toString"];
const PARAMS = ["done", "page", "sort", "order", "status", "round", "year", "csp", "priority", "fund", "reviewer", "age", "redirectTo", "signedOut", "section", "intent", "q", "to", "state", "from.day", "from.month", "from.year", "until.day", "until.month", "until.year", "dir", "fy", "stream", "line", "kind", "apage", "role", "partnership", "accepted"];

/** Every page a user can reach from the portal's lists, with real ids found on the pages. */
async function pagesFor(request: APIRequestContext): Promise<string[]> {
  const links = async (path: string, re: RegExp) => [...new Set([...(await (await request.get(path)).text()).matchAll(re)].map((m) => m[1]))].slice(0, 3);
  const bids = await links("/bids", /href="(\/bids\/\d+)"/g);
  const grants = await links("/grants", /href="(\/grants\/\d+)"/g);
  const rounds = await links("/rounds", /href="(\/rounds\/\d+)"/g);
  // The reconciliation: partnerships from /finance, grants from the first partnership's page (none for a CSP lead: 403).
  const financeCsps = await links("/finance?fy=2023-24", /href="(\/finance\/csp\/\d+)[?"]/g);
  const financeGrants = financeCsps.length ? await links(`${financeCsps[0]}?fy=2023-24`, /href="(\/finance\/grants\/\d+)"/g) : [];
  // Variations, from the list of every status (the demo's: db/seed-variations.ts).
  const variations = await links("/variations?status=all", /href="(\/grants\/\d+\/variations\/\d+)"/g);
  // Clawbacks (OPCC finance's: 403 for everyone else, who find none to link to).
  const clawbacks = await links("/finance/clawbacks?fy=2023-24", /href="(\/finance\/clawbacks\/\d+)"/g);
  // Scrutiny reports: a partnership's people find their own on /reports; OPCC staff open those of the partnerships on /finance.
  const reports = [...(await links("/reports", /href="(\/reports\/scrutiny\/\d+\/[\d-]+)"/g)), ...financeCsps.map((c) => `/reports/scrutiny/${c.split("/")[3]}/2023-24`)];
  return [
    "/finance", ...financeCsps, ...financeGrants, "/finance/year-end", "/finance/year-end/2023-24", "/finance/year-end/2024-25?csp=1", ...financeGrants.map((g) => `${g}/underspend`), "/finance/clawbacks", "/finance/clawbacks/1", ...clawbacks,
    "/", "/bids", "/review", "/rounds", "/rounds/new", "/grants", "/outbox", "/settings", "/settings/decision-reference", "/settings/conditions", "/settings/rubrics/1", "/logout", "/forgot-password", "/reset-password/not-a-real-token-at-all", "/account/password", "/accessibility", "/privacy", "/cookies", "/settings/privacy", "/settings/streams", "/settings/streams/new", "/settings/streams/1", "/settings/years", "/settings/priorities", "/account/two-factor", "/settings/two-factor", "/login/two-factor",
    "/settings/opcc", "/settings/partnerships", "/settings/partnerships?page=2", "/settings/partnerships/new", ...(await links("/settings/partnerships", /href="(\/settings\/partnerships\/\d+)"/g)).slice(0, 2),
    // People (issue 12): the list, its filters, inviting, two people, and an invitation link that was never sent.
    "/settings/people", "/settings/people?role=admin&status=invited", "/settings/people/invite", ...(await links("/settings/people", /href="(\/settings\/people\/\d+)"/g)).slice(0, 2), "/invitation/not-a-real-token-at-all",
    ...bids.flatMap((b) => [b, `${b}/review`, `${b}/decision`, `${b}/submit`, `${b}/submitted`, `${b}/withdraw`, `${b}/delete`, `${b}/edit/details`, `${b}/edit/costs`, `${b}.pdf`]),
    ...grants.flatMap((g) => [g, `${g}/offer.pdf`, `${g}/accept`, `${g}/decline`, `${g}/extend-offer`, `${g}/payments`, `${g}/variations/new?kind=virement`, `${g}/variations/new?kind=extension`, `${g}/transfers/new`]),
    "/variations", ...variations,
    // A return's evidence page and a file of it (made ready in the served database: evidence-returns.ts).
    ...[evidencePageOf()].flatMap((e) => [e, `${e}/1`]),
    ...rounds.flatMap((r) => [r, `${r}/allocations`, `${r}/pack.pdf`, `/bids/new?round=${r.split("/")[2]}`]),
    "/search", "/search?q=drink",
    "/returns", ...returnPages(),
    // The public pages (published grants, 360Giving files): their own filters and a decision by id and by reference.
    "/transparency", "/transparency?fy=2023-24&csp=melton", "/transparency/decisions/1", "/transparency/decisions/PCC%2F2023-24%2F001", "/exports/360giving.json", "/exports/360giving.csv",
    // Downloads: each list's CSV and the finance exports.
    "/bids.csv", "/grants.csv", "/review.csv", "/finance.csv", "/exports/finance.csv?year=2023-24", "/exports/finance.xlsx?year=2023-24", "/exports/finance.csv?year=nonsense",
    "/reports", ...reports.flatMap((r) => [r, `${r}.pdf`]),
  ];
}

const withBadKeys = (path: string, key: string) => {
  const url = new URL(path, "http://portal.invalid");
  for (const p of PARAMS) url.searchParams.set(p, key);
  url.searchParams.append(key, key);
  return url.pathname + url.search;
};

// OPCC finance too: the underspend and clawback pages are theirs alone.
for (const who of ["meltonLead", "meltonFinance", "reviewer", "finance", "admin"] as const) {
  test(`no query string answers a 500, as ${who}`, async ({ page }) => {
    // Hundreds of requests: generous for a loaded two-core machine.
    test.setTimeout(120_000);
    await signInQuickly(page, USERS[who]);
    const failures: string[] = [];
    for (const path of await pagesFor(page.request)) {
      for (const key of KEYS) {
        const url = withBadKeys(path, key);
        const response = await page.request.get(url, { maxRedirects: 0 });
        if (response.status() >= 500) failures.push(`${response.status()} ${url}`);
      }
    }
    expect(failures).toEqual([]);
  });
}

test("no form answers a 500 when its fields are named __proto__, constructor or toString", async ({ page }) => {
  test.setTimeout(120_000);
  const failures: string[] = [];
  const send = async (path: string) => {
    const csrf = await formToken(page.request, "/");
    for (const key of KEYS) {
      const form: Record<string, string> = { csrf, [key]: key, [`${key}.0.${key}`]: key, [`costs.0.${key}`]: key, intent: key, version: key };
      const response = await page.request.post(path, { form, maxRedirects: 0 });
      if (response.status() >= 500) failures.push(`${response.status()} POST ${path} (${key})`);
    }
  };
  // Sign-in first, with the visit's token.
  for (const key of KEYS) {
    const csrf = await formToken(page.request, "/login");
    const response = await page.request.post("/login", { form: { csrf, [key]: key, email: key, password: key }, maxRedirects: 0 });
    if (response.status() >= 500) failures.push(`${response.status()} POST /login (${key})`);
  }
  for (const who of ["meltonLead", "reviewer", "admin"] as const) {
    await page.context().clearCookies();
    await signInQuickly(page, USERS[who]);
    for (const path of await pagesFor(page.request)) {
      if (/\.(pdf|csv|xlsx)(\?|$)/.test(path) || path === "/logout") continue;
      await send(path);
    }
  }
  // OPCC finance, the one user who may post the payments, underspend and clawback forms.
  await page.context().clearCookies();
  await signInQuickly(page, USERS.finance);
  for (const path of (await pagesFor(page.request)).filter((p) => p.endsWith("/payments") || p.endsWith("/underspend") || /^\/finance\/clawbacks\/\d+$/.test(p))) await send(path);
  expect(failures).toEqual([]);
});
