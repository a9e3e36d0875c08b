import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "../../app/data/db.server";
import { bidCountsByStatus, listBids } from "../../app/data/bids.server";
import { listOutbox } from "../../app/data/notifications.server";
import { openRoundsForCsp } from "../../app/data/rounds.server";
import { signInStanding } from "../../app/data/users.server";
import { listReturns, loadReturn, returnsForGrant } from "../../app/data/returns.server";
import { SYNTHETIC_TODAY, generateSynthetic } from "../../db/synthetic";
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

  it("OPCC staff page through every partnership's quarterly returns, filtered, in SQL", () => {
    const all = { page: 1 };
    listReturns({ cspId: null }, all, SYNTHETIC_TODAY); // warm the cache
    const deep = timed(() => listReturns({ cspId: null }, { page: 1500 }, SYNTHETIC_TODAY));
    expect(deep.value.count).toBeGreaterThan(50_000);
    expect(deep.value.rows).toHaveLength(25);
    expect(deep.ms).toBeLessThan(1000);
    // Every state is there, in realistic proportions.
    const counts = Object.fromEntries(db().all<{ status: string; n: number }>(sql`select status, count(*) as n from grant_returns group by status`).map((r) => [r.status, r.n]));
    for (const status of ["not_started", "in_progress", "submitted", "queried", "resubmitted", "accepted"]) expect(counts[status], status).toBeGreaterThan(100);
    expect(counts.accepted).toBeGreaterThan(counts.submitted + counts.queried + counts.resubmitted);
    // Waiting for acceptance, overdue, one year, one partnership: each a page of 25 at most, quickly.
    for (const filters of [{ status: "submitted" as const }, { overdue: true }, { startYear: 2033 }, { cspId: 50 }, { overdue: true, cspId: 50 }]) {
      const { value, ms } = timed(() => listReturns({ cspId: null }, { ...filters, page: 1 }, SYNTHETIC_TODAY));
      expect(value.rows.length, JSON.stringify(filters)).toBeLessThanOrEqual(25);
      expect(ms, JSON.stringify(filters)).toBeLessThan(500);
    }
    const overdue = listReturns({ cspId: null }, { overdue: true, page: 1 }, SYNTHETIC_TODAY);
    expect(overdue.count).toBeGreaterThan(100);
    expect(overdue.rows.every((r) => r.firstSubmittedAt === null && r.daysOverdue > 0)).toBe(true);
    const own = timed(() => listReturns({ cspId: 50 }, { page: 1 }, SYNTHETIC_TODAY));
    expect(own.value.count).toBeGreaterThan(50);
    expect(own.ms).toBeLessThan(200);
    // The filters are read through indexes, never by scanning the returns.
    const plan = (where: string) =>
      db().all<{ detail: string }>(sql.raw(`explain query plan select r.id from grant_returns r join grants g on g.id = r.grant_id where g.withdrawn_at is null and ${where} order by r.due_on desc, r.id desc limit 25`)).map((p) => p.detail).join("\n");
    expect(plan("r.status = 'submitted'")).toMatch(/USING INDEX grant_returns_status_due_idx/);
    expect(plan("r.first_submitted_at is null and r.due_on < '2036-11-15'")).toMatch(/USING INDEX grant_returns_due_idx/);
    expect(plan("g.csp_id = 50")).toMatch(/USING INDEX grants_csp_idx/);
    expect(plan("r.start_year = 2033")).toMatch(/USING INDEX grant_returns_year_idx/);
  });

  it("a return's page reads in a few indexed queries, whatever the size of the service", () => {
    const busy = db().get<{ id: number; grantId: number }>(sql`
      select r.id, r.grant_id as grantId from grant_returns r where r.status = 'accepted' and r.quarter = 4
       and (select count(*) from return_lines l where l.return_id = r.id) >= 3 order by r.id limit 1`)!;
    loadReturn(busy.id, { today: SYNTHETIC_TODAY });
    const { value, ms } = timed(() => loadReturn(busy.id, { today: SYNTHETIC_TODAY })!);
    expect(ms).toBeLessThan(50);
    expect(value.lines.length).toBeGreaterThanOrEqual(3);
    expect(value.lines.length).toBeLessThanOrEqual(5);
    // Spend to date sums the grant's earlier quarters.
    expect(value.lines.every((l) => l.spentToDatePence >= l.spentBeforePence && l.spentBeforePence > 0)).toBe(true);
    expect(value.submissions.length).toBeGreaterThan(0);
    expect(timed(() => returnsForGrant(busy.grantId, SYNTHETIC_TODAY)).ms).toBeLessThan(50);
    // The grant's earlier actuals are found through the cost line's index, not by scanning return_lines.
    const plan = db()
      .all<{ detail: string }>(sql`explain query plan select coalesce(sum(e.actual_pence), 0) from return_lines e join grant_returns er on er.id = e.return_id
        where e.cost_line_id = 5 and er.grant_id = 3 and (er.start_year * 4 + er.quarter) < 8100`)
      .map((p) => p.detail)
      .join("\n");
    expect(plan).not.toMatch(/SCAN e\b/);
    expect(plan).toMatch(/return_lines_cost_line_idx|grant_returns_grant_quarter_unique/);
  });

  it("dashboards and counts answer quickly", () => {
    expect(timed(() => openRoundsForCsp(50)).ms).toBeLessThan(200);
    expect(timed(() => bidCountsByStatus(opcc)).ms).toBeLessThan(500);
  });
});
