import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "../../app/data/db.server";
import { bidCountsByStatus, listBids } from "../../app/data/bids.server";
import { listOutbox } from "../../app/data/notifications.server";
import { openRoundsForCsp } from "../../app/data/rounds.server";
import { signInStanding } from "../../app/data/users.server";
import { generateSynthetic } from "../../db/synthetic";
import { TMP_DIR } from "../support/paths";

/**
 * The national service: 300 CSPs, 10 years, 60,000 bids. Lists must page and sum in SQL using
 * indexes; the time limits are generous (CI has two cores) but catch a query that scans per row.
 */
const opcc = { cspId: null, includeDrafts: false };
const timed = <T,>(f: () => T) => {
  const started = performance.now();
  const value = f();
  return { value, ms: performance.now() - started };
};

describe("at national scale", () => {
  let previous: string | undefined;
  const file = path.join(TMP_DIR, `synthetic-${process.pid}.db`);
  beforeAll(() => {
    previous = process.env.DATABASE_PATH;
    generateSynthetic(file, { csps: 300, years: 10, bids: 60_000 });
    process.env.DATABASE_PATH = file;
  }, 120_000);
  afterAll(() => {
    closeDb();
    process.env.DATABASE_PATH = previous;
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  });

  it("OPCC staff page through 48,000 visible bids with a total, quickly", () => {
    listBids(opcc, { sort: "updated", direction: "desc", page: 1 }); // warm the cache
    const { value, ms } = timed(() => listBids(opcc, { sort: "updated", direction: "desc", page: 700 }));
    expect(value.rows).toHaveLength(25);
    expect(value.count).toBeGreaterThan(40_000);
    expect(value.requestedPence).toBeGreaterThan(0);
    expect(ms).toBeLessThan(1500);
  });

  it("a CSP's own list is read through its index", () => {
    const { value, ms } = timed(() => listBids({ cspId: 50, includeDrafts: true }, { sort: "updated", direction: "desc", page: 1 }));
    expect(value.count).toBeGreaterThan(100);
    expect(ms).toBeLessThan(200);
    const plan = db().all<{ detail: string }>(sql`explain query plan select b.id from bids b where b.csp_id = 50 order by b.updated_at desc limit 25`);
    expect(plan.map((p) => p.detail).join("\n")).toMatch(/USING INDEX bids_csp_round_status_idx/);
  });

  it("per-bid money is read from the covering indexes, never by scanning the lines", () => {
    const plan = db()
      .all<{ detail: string }>(
        sql`explain query plan select (select sum((l.quantity_hundredths * l.unit_price_ten_thousandths + 5000) / 10000) from bid_cost_lines l where l.bid_id = 5) as a,
              (select sum(m.amount_pence) from bid_match_funding m where m.bid_id = 5) as b`,
      )
      .map((p) => p.detail)
      .join("\n");
    expect(plan).toMatch(/bid_cost_lines_bid_idx/);
    expect(plan).toMatch(/COVERING INDEX bid_match_funding_bid_idx/);
    expect(plan).not.toMatch(/SCAN l\b/);
  });

  it("the sign-in throttle counts a busy day of attempts quickly", () => {
    const { value, ms } = timed(() => signInStanding("user12@csp.example", "198.1.2.1", new Date()));
    expect(value).toBeTruthy();
    // Every limit counted in SQL (the plans themselves are checked in sign-in-throttle.test.ts).
    expect(ms).toBeLessThan(100);
  });

  it("the outbox pages through 100,000 messages, newest first, and filters them", () => {
    const { value, ms } = timed(() => listOutbox({ page: 1 }));
    expect(value.rows).toHaveLength(25);
    expect(value.count).toBe(100_000);
    expect(ms).toBeLessThan(500);
    expect(timed(() => listOutbox({ page: 1, state: "failed" })).ms).toBeLessThan(1000);
    expect(timed(() => listOutbox({ page: 1, to: "lead12@" })).ms).toBeLessThan(1000);
  });

  it("dashboards and counts answer quickly", () => {
    expect(timed(() => openRoundsForCsp(50)).ms).toBeLessThan(200);
    expect(timed(() => bidCountsByStatus(opcc)).ms).toBeLessThan(500);
  });
});
