import { sql } from "drizzle-orm";
import type { BidScope } from "../domain/access-rules";
import type { BidStatus } from "../domain/bid-lifecycle";
import { SEARCH_PAGE_SIZE, SNIPPET_END, SNIPPET_START, withinPartnership } from "../domain/search-query";
import { scopeConditions } from "./bids.server";
import { db } from "./db.server";

/**
 * Search over bids, and through them their grants and decisions (decision record 29): the FTS5
 * table `search_bids` (migration 0018; rowid = bid id; title, summary, refs = the bid's decision
 * references, csp = the partnership's name, partners = delivery partners), kept in step by
 * triggers. Results are ranked by bm25() with the title and decision references weighted above
 * the rest, confined to what the viewer may see with the same conditions as /bids
 * (scopeConditions), and paged in SQL. When more than MAX_COUNTED_RESULTS bids match, the newest
 * that many are ranked and paged, and the page says there are more: a word in every bid costs no
 * more to find than a rarer one, and a search for a common word finds this year's bids first. `match` is always a query made by searchQuery()
 * (app/domain/search-query.ts), never what was typed.
 */

/** bm25 weights, in the table's column order: title, summary, refs, csp, partners. */
const BM25_WEIGHTS = "10.0, 2.0, 10.0, 3.0, 3.0";

export interface SearchResult {
  bidId: number;
  title: string;
  status: BidStatus;
  cspName: string;
  roundName: string;
  financialYearLabel: string;
  /** A few words of the summary around what matched, with SNIPPET_START/END around the matches. */
  snippet: string;
  /** The bid's grant, if it has one. */
  grantId: number | null;
  /** Every PCC decision on the bid, oldest first. */
  decisions: { id: number; reference: string }[];
}

/** Matches beyond these are not counted, ranked or paged: the newest this many are, and the page says there are more. */
export const MAX_COUNTED_RESULTS = 1_000;

export function searchBids(scope: BidScope, match: string, page: number) {
  // A partnership's search is confined inside the index to its own name (withinPartnership).
  const cspName = scope.cspId !== null ? db().get<{ name: string } | undefined>(sql`select name from organisations where id = ${scope.cspId}`)?.name : undefined;
  const fullMatch = cspName ? withinPartnership(match, cspName) : match;
  const where = [sql`search_bids match ${fullMatch}`, ...scopeConditions(scope, {})];
  // The newest MAX_COUNTED_RESULTS matches the viewer may see (rowid order is FTS5's own, so this
  // reads no more than that many): the oldest of them bounds what is ranked, and one more says there
  // are more. Ranking every match of a common word (a third of 60,000 bids) took most of the page's time.
  const newest = db().all<{ id: number }>(
    sql`select s.rowid as id from search_bids s join bids b on b.id = s.rowid where ${sql.join(where, sql` and `)}
         order by s.rowid desc limit 2 offset ${MAX_COUNTED_RESULTS - 1}`,
  );
  const more = newest.length === 2;
  if (newest.length > 0) where.push(sql`s.rowid >= ${newest[0].id}`);
  const whereSql = sql.join(where, sql` and `);
  const count = newest.length > 0 ? MAX_COUNTED_RESULTS : db().get<{ n: number }>(sql`select count(*) as n from search_bids s join bids b on b.id = s.rowid where ${whereSql}`).n;
  const pages = Math.max(1, Math.ceil(count / SEARCH_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows =
    count === 0
      ? []
      : db().all<Omit<SearchResult, "grantId" | "decisions">>(sql`
          select b.id as bidId, b.title, b.status, o.name as cspName, r.name as roundName, fy.label as financialYearLabel,
                 snippet(search_bids, 1, ${SNIPPET_START}, ${SNIPPET_END}, '…', 16) as snippet
            from search_bids s
            join bids b on b.id = s.rowid
            join organisations o on o.id = b.csp_id
            join rounds r on r.id = b.round_id
            join financial_years fy on fy.id = r.financial_year_id
           where ${whereSql}
           order by bm25(search_bids, ${sql.raw(BM25_WEIGHTS)}), b.id desc
           limit ${SEARCH_PAGE_SIZE} offset ${(current - 1) * SEARCH_PAGE_SIZE}`);
  const ids = rows.map((r) => r.bidId);
  const idList = sql.join(ids.map((id) => sql`${id}`), sql`, `);
  const decisions = ids.length
    ? db().all<{ bidId: number; id: number; reference: string }>(sql`select d.bid_id as bidId, d.id, d.reference from decisions d where d.bid_id in (${idList}) order by d.id`)
    : [];
  const grants = ids.length ? db().all<{ bidId: number; id: number }>(sql`select g.bid_id as bidId, g.id from grants g where g.bid_id in (${idList})`) : [];
  const grantOf = new Map(grants.map((g) => [g.bidId, g.id]));
  const results: SearchResult[] = rows.map((r) => ({
    ...r,
    grantId: grantOf.get(r.bidId) ?? null,
    decisions: decisions.filter((d) => d.bidId === r.bidId).map(({ id, reference }) => ({ id, reference })),
  }));
  /** `more`: there are more than MAX_COUNTED_RESULTS matches; `count` is then that many. */
  return { results, count, more, page: current, pages };
}
