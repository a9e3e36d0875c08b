import { execFileSync } from "node:child_process";

/**
 * A new Melton grant, approved and accepted, with its quarterly returns, made in the e2e server's
 * database by a process of its own (tests/support/accepted-grant-in-process.ts): "annual" is a
 * 2024-25 round of a test stream of its own (four quarters, certified by the council; no
 * partnership's allocation or totals change), "ss5" a Safer Streets round of its own (six quarters
 * across 2024-25 and 2025-26, not certified): a year on from the integration tests' (FIXTURE_SHIFT). Both are decided the day before the demo's decisions, so the lists
 * other specs read still lead with the demo's.
 *
 * STAND-IN for the offer being accepted in the portal: until the offers branch lands, the fixture
 * marks the offer accepted itself. Once it has, a spec may instead accept a new grant's offer
 * through the offer page, or use the demo's accepted grants (whose returns the demo seed fills).
 */
/**
 * The e2e demo closes 2023-24 (db/seed-year-end.ts), so the fixtures' grants are a year later than
 * the integration tests': "annual" is 2024-25 (a test stream's round of that year), "ss5" runs from
 * October 2024 to March 2026 in a Safer Streets round of the tests' own (tests/support/accepted-grant.ts).
 */
export const FIXTURE_SHIFT = 1;

export function acceptedGrant(title: string, kind: "annual" | "ss5" = "annual", { extraLine = false } = {}): { grantId: number; bidId: number; returnIds: number[] } {
  const port = process.env.E2E_PORT;
  if (!port) throw new Error("E2E_PORT is not set: run this from Playwright");
  const run = () =>
    execFileSync("npx", ["tsx", "tests/support/accepted-grant-in-process.ts", title, kind, String(FIXTURE_SHIFT), ...(extraLine ? ["extra-line"] : [])], {
      env: { ...process.env, DATABASE_PATH: `tests/.tmp/e2e-${port}/portal.db` },
      encoding: "utf8",
      timeout: 60_000,
    });
  // On two busy cores the server may hold the write lock past the fixture's busy time-out: the
  // fixture wrote nothing then (its transaction rolled back), so it is made once more.
  let out: string;
  try {
    out = run();
  } catch (error) {
    if (!/SQLITE_BUSY|database is locked/.test(String((error as { stderr?: unknown }).stderr ?? error))) throw error;
    out = run();
  }
  return JSON.parse(out.trim().split("\n").pop()!);
}

export const returnPath = (grant: { grantId: number; returnIds: number[] }, quarter = 0) => `/grants/${grant.grantId}/returns/${grant.returnIds[quarter]}`;

/** A partnership's bid (by its code), submitted in a 2024-25 test round, nobody assigned to review it: for the specs that decide one. */
export function submittedBid(title: string, csp = "melton"): number {
  const port = process.env.E2E_PORT;
  if (!port) throw new Error("E2E_PORT is not set: run this from Playwright");
  const out = execFileSync("npx", ["tsx", "tests/support/submitted-bid-in-process.ts", title, csp], {
    env: { ...process.env, DATABASE_PATH: `tests/.tmp/e2e-${port}/portal.db` },
    encoding: "utf8",
    timeout: 60_000,
  });
  return (JSON.parse(out.trim().split("\n").pop()!) as { bidId: number }).bidId;
}
