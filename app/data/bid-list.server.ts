import { sql, type SQL } from "drizzle-orm";
import { VISIBLE_TO_OPCC_TERMS } from "../../db/schema/bids";
import type { BidScope } from "../domain/access-rules";
import type { BidStatus } from "../domain/bid-lifecycle";
import type { BidFund } from "../domain/funds";
import type { BidSort } from "../forms/bid-filters";
import { untilNextChange } from "./change-cache.server";
import { db } from "./db.server";
import { idsIn } from "./id-list.server";
import { LINE_TOTAL_SQL, requestedSql } from "./money-sql.server";

/**
 * The bids lists read (/bids, its CSV, the review queue's and search's scope, the dashboards'
 * counts): the viewer's scope and the filters as one WHERE, the index to read it through, and a
 * page of rows with what each bid requests, set-based. Reading and writing one bid is
 * app/data/bids.server.ts.
 */

export const PAGE_SIZE = 25;

export interface BidFilters {
  roundId?: number;
  financialYearId?: number;
  cspId?: number;
  status?: BidStatus;
  priorityId?: number;
  fund?: BidFund;
  sort: BidSort;
  direction: "asc" | "desc";
  page: number;
}

export interface BidListRow {
  id: number;
  title: string;
  status: BidStatus;
  fund: BidFund;
  cspName: string;
  roundName: string;
  financialYearLabel: string;
  updatedAt: string;
  requestedPence: number;
}

/** The list's WHERE (alias b): the viewer's scope and the filters. /bids, its CSV (bids[.csv].ts) and search all select by it. */
export function scopeConditions(scope: BidScope, filters: Omit<BidFilters, "sort" | "direction" | "page">): SQL[] {
  const where: SQL[] = [];
  if (scope.cspId !== null) where.push(sql`b.csp_id = ${scope.cspId}`);
  // What OPCC staff see, in the very words of the partial indexes' WHERE (db/schema/bids.ts), so
  // that SQLite may read the list from them: a draft withdrawn before it was ever submitted stays
  // with its CSP (isVisibleToOpcc).
  if (!scope.includeDrafts) for (const term of VISIBLE_TO_OPCC_TERMS) where.push(sql.raw(term.replace(/\b(status|submitted_at)\b/g, "b.$1")));
  if (filters.cspId !== undefined) where.push(sql`b.csp_id = ${filters.cspId}`);
  if (filters.roundId !== undefined) where.push(sql`b.round_id = ${filters.roundId}`);
  if (filters.financialYearId !== undefined) {
    where.push(sql`b.round_id in (select id from rounds where financial_year_id = ${filters.financialYearId})`);
  }
  if (filters.status !== undefined) where.push(sql`b.status = ${filters.status}`);
  if (filters.fund !== undefined) where.push(sql`b.fund = ${filters.fund}`);
  if (filters.priorityId !== undefined) {
    where.push(sql`b.id in (select bp.bid_id from bid_priorities bp where bp.priority_id = ${filters.priorityId})`);
  }
  return where;
}

/**
 * The list's sort keys, each followed by b.id (the join to organisations o for "csp");
 * "requested" is requestedSql. Status is broken by last updated, as its index holds them.
 */
export const SORT_SQL: Record<Exclude<BidSort, "requested">, string[]> = {
  updated: ["b.updated_at"],
  title: ["b.title collate nocase"],
  csp: ["o.name"],
  status: ["b.status", "b.updated_at"],
};

/**
 * Which of the partial indexes (db/schema/bids.ts) serves an OPCC list, named to SQLite with
 * INDEXED BY: its planner, not knowing that a partial index holds every column the query tests,
 * would otherwise read a whole-table index and fetch each bid's (long) row to test it. A
 * partnership's own list, or one filtered to a partnership: bids_csp_round_status_idx finds its few
 * hundred bids (a partnership's own list is left to the planner, which finds that index itself).
 */
export function listIndex(scope: BidScope, filters: Omit<BidFilters, "page" | "direction">): string | null {
  if (scope.includeDrafts) return null;
  if (scope.cspId !== null || filters.cspId !== undefined) return "bids_csp_round_status_idx";
  if (filters.roundId !== undefined || filters.financialYearId !== undefined) return "bids_visible_round_idx";
  if (filters.sort === "title") return "bids_visible_title_idx";
  if (filters.sort === "status" || (filters.status !== undefined && filters.sort === "updated")) return "bids_visible_status_idx";
  return "bids_visible_updated_idx";
}

export const indexedBy = (index: string | null) => (index ? sql.raw(`indexed by ${index}`) : sql``);

/** Money totals are worked out for a list of at most this many bids (a partnership's, a small round's): more costs more than a page should. */
export const TOTALS_LIMIT = 500;

/**
 * One page of bids and the number that match, filtered, sorted and paged in SQL through an index
 * (listIndex), the page's money worked out for its 25 rows only. A page past the middle is read
 * from the other end of the index, so the last page costs what the first does.
 *
 * What the listed bids request in all is summed only for a list of at most TOTALS_LIMIT bids
 * (`requestedPence` and `withdrawnCount` are null otherwise, and the page asks for a filter): summing 48,000 bids' 180,000 cost
 * lines on every view would cost more than the rest of the page. Withdrawn bids are listed and
 * counted, but what they asked for is not in the total: `withdrawnCount` says how many were left out.
 */
export function listBids(scope: BidScope, filters: BidFilters, pageSize = PAGE_SIZE) {
  const where = scopeConditions(scope, filters);
  const whereSql = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  const index = listIndex(scope, filters);
  // Counting (and, for a few, totalling) every bid the filters select reads all of them (48,000
  // for OPCC staff at national scale, 2 ms of a core, on every page of the list): kept until the
  // next write (decision record 042). The page itself is read through the index.
  const { count, totals } = untilNextChange("bid-list-count", { scope, filters: { ...filters, sort: undefined, direction: undefined, page: undefined } }, () => {
    const n = db().get<{ n: number }>(sql`select count(*) as n from bids b ${indexedBy(index)} ${whereSql}`).n;
    if (n > TOTALS_LIMIT) return { count: n, totals: null };
    // The few matching bids through the same index, then their money in one set-based sum.
    const matching = db().all<{ id: number; status: BidStatus }>(sql`select b.id, b.status from bids b ${indexedBy(index)} ${whereSql}`);
    const asking = matching.filter((b) => b.status !== "withdrawn").map((b) => b.id);
    return { count: n, totals: { withdrawnCount: matching.length - asking.length, requestedPence: requestedTotal(asking) } };
  });
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const page = Math.min(filters.page, pages);
  const offset = (page - 1) * pageSize;
  const take = Math.max(0, Math.min(pageSize, count - offset));
  // Past the middle, read backwards from the end: the offset walked is never more than half the list.
  const backwards = offset > count / 2;
  const desc = (filters.direction === "desc") !== backwards;
  const keys = filters.sort === "requested" ? [requestedSql(sql`b.id`)] : SORT_SQL[filters.sort].map((k) => sql.raw(k));
  const dir = sql.raw(desc ? "desc" : "asc");
  const order = sql.join([...keys, sql`b.id`].map((k) => sql`${k} ${dir}`), sql`, `);
  const ids =
    take === 0
      ? []
      : db()
          .all<{ id: number }>(sql`
      select b.id from bids b ${indexedBy(index)} ${filters.sort === "csp" ? sql`join organisations o on o.id = b.csp_id` : sql``} ${whereSql}
       order by ${order} limit ${take} offset ${backwards ? count - offset - take : offset}`)
          .map((r) => r.id);
  if (backwards) ids.reverse();
  const byId = new Map(listRows(ids).map((row) => [row.id, row]));
  return { rows: ids.map((id) => byId.get(id)!), count, requestedPence: totals?.requestedPence ?? null, withdrawnCount: totals?.withdrawnCount ?? null, page, pages };
}

/** What these bids request together: their cost lines less their match funding, two indexed sums. */
export function requestedTotal(ids: number[]): number {
  if (ids.length === 0) return 0;
  const list = idsIn(ids);
  return db().get<{ pence: number }>(sql`
    select (select coalesce(sum(${sql.raw(LINE_TOTAL_SQL)}), 0) from bid_cost_lines l where l.bid_id in ${list})
         - (select coalesce(sum(mf.amount_pence), 0) from bid_match_funding mf where mf.bid_id in ${list}) as pence`).pence;
}

/** The list's columns for these bids (in no order), with what each requests, set-based: one query for the lot. */
export function listRows(ids: number[]): BidListRow[] {
  if (ids.length === 0) return [];
  const list = idsIn(ids);
  return db().all<BidListRow>(sql`
    select b.id, b.title, b.status, b.fund, o.name as cspName, r.name as roundName, fy.label as financialYearLabel,
           b.updated_at as updatedAt,
           coalesce(c.pence, 0) - coalesce(m.pence, 0) as requestedPence
      from bids b join rounds r on r.id = b.round_id join organisations o on o.id = b.csp_id
      join financial_years fy on fy.id = r.financial_year_id
      left join (select l.bid_id, sum(${sql.raw(LINE_TOTAL_SQL)}) as pence from bid_cost_lines l where l.bid_id in ${list} group by l.bid_id) c on c.bid_id = b.id
      left join (select mf.bid_id, sum(mf.amount_pence) as pence from bid_match_funding mf where mf.bid_id in ${list} group by mf.bid_id) m on m.bid_id = b.id
     where b.id in ${list}`);
}

export interface SentBackBid {
  id: number;
  title: string;
  /** The OPCC's latest message to the partnership about the bid, and when it was written. */
  message: string | null;
  messageAt: string | null;
}

/**
 * A partnership's bids the OPCC has sent back for changes, most recently changed first, each with
 * the latest message the OPCC shared with the partnership (never an internal comment).
 */
export function bidsSentBack(cspId: number): SentBackBid[] {
  return db().all<SentBackBid>(sql`
    select b.id, b.title, c.body as message, c.created_at as messageAt
      from bids b
      left join review_comments c on c.id = (select max(s.id) from review_comments s where s.bid_id = b.id and s.visibility = 'shared')
     where b.csp_id = ${cspId} and b.status = 'changes_requested'
     order by b.updated_at desc, b.id desc
  `);
}

/** How many of the viewer's bids are in each state. */
export function bidCountsByStatus(scope: BidScope): Record<string, number> {
  const where = scopeConditions(scope, {});
  const whereSql = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  const rows = db().all<{ status: string; count: number }>(
    sql`select b.status as status, count(*) as count from bids b ${indexedBy(listIndex(scope, { sort: "status" }))} ${whereSql} group by b.status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.count]));
}
