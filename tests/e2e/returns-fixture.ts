import { execFileSync } from "node:child_process";

/**
 * A new Melton grant, approved and accepted, with its quarterly returns, made in the e2e server's
 * database by a process of its own (tests/support/accepted-grant-in-process.ts): "annual" is a
 * 2023-24 round of a test stream of its own (four quarters, certified by the council; no
 * partnership's allocation or totals change), "ss5" Safer Streets 5 (six quarters across 2023-24
 * and 2024-25, not certified). Both are decided the day before the demo's decisions, so the lists
 * other specs read still lead with the demo's.
 *
 * STAND-IN for the offer being accepted in the portal: until the offers branch lands, the fixture
 * marks the offer accepted itself. Once it has, a spec may instead accept a new grant's offer
 * through the offer page, or use the demo's accepted grants (whose returns the demo seed fills).
 */
export function acceptedGrant(title: string, kind: "annual" | "ss5" = "annual", { extraLine = false } = {}): { grantId: number; bidId: number; returnIds: number[] } {
  const port = process.env.E2E_PORT;
  if (!port) throw new Error("E2E_PORT is not set: run this from Playwright");
  const out = execFileSync("npx", ["tsx", "tests/support/accepted-grant-in-process.ts", title, kind, ...(extraLine ? ["extra-line"] : [])], {
    env: { ...process.env, DATABASE_PATH: `tests/.tmp/e2e-${port}/portal.db` },
    encoding: "utf8",
    timeout: 60_000,
  });
  return JSON.parse(out.trim().split("\n").pop()!);
}

export const returnPath = (grant: { grantId: number; returnIds: number[] }, quarter = 0) => `/grants/${grant.grantId}/returns/${grant.returnIds[quarter]}`;
