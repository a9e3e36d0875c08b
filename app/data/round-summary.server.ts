import { eq, sql, type SQL } from "drizzle-orm";
import { rounds } from "../../db/schema";
import { COMMITTED_STATUSES, GRANTED_STATUSES } from "../domain/bid-lifecycle";
import { db } from "./db.server";
import { grantedSql, LINE_TOTAL_SQL } from "./money-sql.server";
import { findRound } from "./rounds.server";

/**
 * The money of rounds summed set-based, for the OPCC dashboard and the round page at national
 * scale (300 partnerships, thousands of bids a round): a few GROUP BY reads over the bids' status
 * indexes and the cost-line and match-funding covering indexes, never a sub-query per partnership.
 * Only a bid's grant needs a per-bid read (its latest approving decision, less its match funding,
 * never below zero), and that only for the approved bids.
 */

const list = (values: readonly (string | number)[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
const LIVE = COMMITTED_STATUSES.filter((s) => !GRANTED_STATUSES.includes(s));

export interface MoneyByCsp {
  roundId: number;
  cspId: number;
  /** Bids past draft and not withdrawn. */
  bids: number;
  /** Requested by bids with the OPCC and not yet decided. */
  awaitingPence: number;
  /** Granted by the PCC's decisions on approved and part-approved bids. */
  approvedPence: number;
}

/**
 * Per round and partnership (or per round for the central fund, cspId 0): bids, what waits for a
 * decision and what was approved. `cspIds` narrows it to one page of partnerships.
 */
export function moneyByRoundAndCsp(roundIds: number[], fund: "allocation" | "central", cspIds?: number[], byCsp = true): MoneyByCsp[] {
  if (roundIds.length === 0 || cspIds?.length === 0) return [];
  const where = (statuses: readonly string[]): SQL =>
    sql`b.round_id in (${list(roundIds)}) and b.fund = ${fund} and b.status in (${list(statuses)})${cspIds ? sql` and b.csp_id in (${list(cspIds)})` : sql``}`;
  // Per round only (cspId 0) when the partnerships are not needed: the status index then serves the grouping without a sort.
  const csp = fund === "central" || !byCsp ? sql`0` : sql`b.csp_id`;
  const counts = db().all<{ roundId: number; cspId: number; n: number }>(sql`
    select b.round_id as roundId, ${csp} as cspId, count(*) as n from bids b where ${where(COMMITTED_STATUSES)} group by 1, 2`);
  const lines = db().all<{ roundId: number; cspId: number; p: number }>(sql`
    select b.round_id as roundId, ${csp} as cspId, sum(${sql.raw(LINE_TOTAL_SQL)}) as p
      from bids b join bid_cost_lines l on l.bid_id = b.id where ${where(LIVE)} group by 1, 2`);
  const match = db().all<{ roundId: number; cspId: number; p: number }>(sql`
    select b.round_id as roundId, ${csp} as cspId, sum(m.amount_pence) as p
      from bids b join bid_match_funding m on m.bid_id = b.id where ${where(LIVE)} group by 1, 2`);
  const granted = db().all<{ roundId: number; cspId: number; p: number }>(sql`
    select b.round_id as roundId, ${csp} as cspId, sum(${grantedSql(sql`b.id`)}) as p from bids b where ${where(GRANTED_STATUSES)} group by 1, 2`);
  const byKey = new Map<string, MoneyByCsp>();
  const at = (r: { roundId: number; cspId: number }) => {
    const key = `${r.roundId}:${r.cspId}`;
    let row = byKey.get(key);
    if (!row) byKey.set(key, (row = { roundId: r.roundId, cspId: r.cspId, bids: 0, awaitingPence: 0, approvedPence: 0 }));
    return row;
  };
  for (const r of counts) at(r).bids = r.n;
  for (const r of lines) at(r).awaitingPence += r.p;
  for (const r of match) at(r).awaitingPence -= r.p;
  for (const r of granted) at(r).approvedPence = r.p;
  return [...byKey.values()];
}

export interface RoundDashboardSummary {
  roundId: number;
  bids: number;
  /** Allocated to partnerships plus the central fund. */
  allocatedPence: number;
  approvedPence: number;
  awaitingPence: number;
}

/**
 * The most open rounds the OPCC dashboard sums (newest first); the rest are listed as links. Summing a
 * round reads every bid in it (about 5 ms for 4,800 bids), so the dashboard's cost stays bounded
 * however many rounds are left open.
 */
export const DASHBOARD_ROUNDS = 4;

/** The OPCC dashboard's rounds: one summary per round (bids, allocation with the central fund, approved, waiting), from grouped reads. */
export function openRoundsDashboard(rounds: { id: number; centralFundPence: number }[]): RoundDashboardSummary[] {
  const roundIds = rounds.map((r) => r.id);
  const money = [...moneyByRoundAndCsp(roundIds, "allocation", undefined, false), ...moneyByRoundAndCsp(roundIds, "central")];
  const allocated = roundIds.length
    ? db().all<{ roundId: number; p: number }>(sql`
        select a.round_id as roundId, sum(a.amount_pence) as p from allocations a where a.round_id in (${list(roundIds)}) group by a.round_id`)
    : [];
  return rounds.map((round) => {
    const rows = money.filter((m) => m.roundId === round.id);
    return {
      roundId: round.id,
      bids: rows.reduce((n, r) => n + r.bids, 0),
      allocatedPence: (allocated.find((a) => a.roundId === round.id)?.p ?? 0) + round.centralFundPence,
      approvedPence: rows.reduce((n, r) => n + r.approvedPence, 0),
      awaitingPence: rows.reduce((n, r) => n + r.awaitingPence, 0),
    };
  });
}

export interface WaitingLongest {
  roundId: number;
  cspId: number;
  cspName: string;
  /** Bids submitted (or under review) and not yet decided. */
  waiting: number;
  /** When the longest-waiting of them was submitted. */
  oldestSubmittedAt: string;
}

/** The partnerships whose bids in these rounds have waited longest for a decision (at most `limit`). */
export function partnershipsWaitingLongest(roundIds: number[], limit = 5): WaitingLongest[] {
  if (roundIds.length === 0) return [];
  return db().all<WaitingLongest>(sql`
    select b.round_id as roundId, b.csp_id as cspId, o.name as cspName, count(*) as waiting, min(b.submitted_at) as oldestSubmittedAt
      from bids b join organisations o on o.id = b.csp_id
     where b.round_id in (${list(roundIds)}) and b.status in ('submitted', 'under_review') and b.submitted_at is not null
     group by b.round_id, b.csp_id
     order by oldestSubmittedAt, o.name
     limit ${limit}`);
}

export const ROUND_PAGE_SIZE = 25;

/**
 * One page of the round page's partnerships (by name): each one's allocation, what its live bids
 * request, what was granted; the partnerships are paged in SQL and the money summed for that page only.
 */
export function roundPartnershipsPage(roundId: number, requestedPage: number) {
  const count = db().get<{ n: number }>(sql`
    select count(*) as n from organisations o left join allocations a on a.round_id = ${roundId} and a.csp_id = o.id
     where o.kind = 'csp' and (o.retired_at is null or a.id is not null)`).n;
  const pages = Math.max(1, Math.ceil(count / ROUND_PAGE_SIZE));
  const page = Math.min(Math.max(1, requestedPage), pages);
  const csps = db().all<{ cspId: number; cspName: string; allocationPence: number | null }>(sql`
    select o.id as cspId, o.name as cspName, a.amount_pence as allocationPence
      from organisations o left join allocations a on a.round_id = ${roundId} and a.csp_id = o.id
     where o.kind = 'csp'
       -- A retired partnership keeps the allocations it had; a round it had none in does not offer it one.
       and (o.retired_at is null or a.id is not null)
     order by o.name, o.id limit ${ROUND_PAGE_SIZE} offset ${(page - 1) * ROUND_PAGE_SIZE}`);
  const money = new Map(moneyByRoundAndCsp([roundId], "allocation", csps.map((c) => c.cspId)).map((m) => [m.cspId, m]));
  const rows = csps.map((c) => {
    const m = money.get(c.cspId);
    const requestedPence = m?.awaitingPence ?? 0;
    const approvedPence = m?.approvedPence ?? 0;
    return { ...c, requestedPence, approvedPence, committedPence: requestedPence + approvedPence };
  });
  return { rows, count, page, pages };
}

/** The round's totals by aggregate SQL: allocated, requested and approved over all partnerships, and the central fund. */
export function roundTotals(round: { id: number; totalPotPence: number; centralFundPence: number; overProgrammingBasisPoints: number }) {
  const allocatedPence = db().get<{ p: number }>(sql`select coalesce(sum(amount_pence), 0) as p from allocations where round_id = ${round.id}`).p;
  const sum = (rows: MoneyByCsp[], f: (m: MoneyByCsp) => number) => rows.reduce((n, m) => n + f(m), 0);
  const byCsp = moneyByRoundAndCsp([round.id], "allocation", undefined, false);
  const central = moneyByRoundAndCsp([round.id], "central");
  const requestedPence = sum(byCsp, (m) => m.awaitingPence);
  const approvedPence = sum(byCsp, (m) => m.approvedPence);
  const centralRequested = sum(central, (m) => m.awaitingPence);
  const centralApproved = sum(central, (m) => m.approvedPence);
  const roundApprovedPence = approvedPence + centralApproved;
  const approvalLimitPence = Math.floor((round.totalPotPence * (10_000 + round.overProgrammingBasisPoints)) / 10_000);
  return {
    allocatedPence,
    requestedPence,
    approvedPence,
    remainingPence: allocatedPence - requestedPence - approvedPence,
    central: {
      fundPence: round.centralFundPence,
      bids: sum(central, (m) => m.bids),
      requestedPence: centralRequested,
      approvedPence: centralApproved,
      remainingPence: round.centralFundPence - centralRequested - centralApproved,
    },
    /** Approved across the round, allocations and central fund together, against the over-programming limit. */
    roundApprovedPence,
    unallocatedPence: round.totalPotPence - round.centralFundPence - allocatedPence,
    approvalLimitPence,
    approvalHeadroomPence: approvalLimitPence - roundApprovedPence,
  };
}

/** The round page: the round, its totals, and one page of its partnerships. */
export function roundPageOverview(roundId: number, page: number) {
  const round = db().select().from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round) return null;
  const summary = findRound(roundId)!;
  const partnerships = roundPartnershipsPage(roundId, page);
  return { round: { ...round, ...summary }, rows: partnerships.rows, paging: { page: partnerships.page, pages: partnerships.pages, count: partnerships.count, pageSize: ROUND_PAGE_SIZE }, totals: roundTotals(round) };
}
