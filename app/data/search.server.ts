import type Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import type { BidScope } from "../domain/access-rules";
import type { BidStatus } from "../domain/bid-lifecycle";
import { SEARCH_PAGE_SIZE, SNIPPET_END, SNIPPET_START, withinPartnership } from "../domain/search-query";
import { scopeConditions } from "./bid-list.server";
import { db } from "./db.server";
import { idsIn } from "./id-list.server";

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

/** Matches beyond these are not counted, ranked or paged: the newest this many are, and the page says there are more (ten pages). */
export const MAX_COUNTED_RESULTS = 200;

type ResultRow = Omit<SearchResult, "grantId" | "decisions"> & { n: number };

export function searchBids(scope: BidScope, match: string, page: number) {
  // A partnership's search is confined inside the index to its own name (withinPartnership).
  const cspName = scope.cspId !== null ? db().get<{ name: string } | undefined>(sql`select name from organisations where id = ${scope.cspId}`)?.name : undefined;
  const fullMatch = cspName ? withinPartnership(match, cspName) : match;
  const where = sql.join([sql`search_bids match ${fullMatch}`, ...scopeConditions(scope, {})], sql` and `);
  // One pass over the index, newest first (FTS5 reads its rowids in either order): the newest
  // MAX_COUNTED_RESULTS + 1 matches the viewer may see, each scored and its snippet taken as it is
  // read; the one more says there are more, and is left out of the ranking. Any other shape read a
  // common word's whole list of rows again: FTS5 finds a rowid bound or a rowid by scanning (a
  // millisecond for each of a page's twenty bids), and bm25() over a rowid range still scores the range.
  const pageOf = (n: number) => db().all<ResultRow>(sql`
      with candidates as materialized (
        select s.rowid as id, bm25(search_bids, ${sql.raw(BM25_WEIGHTS)}) as score,
               snippet(search_bids, 1, ${SNIPPET_START}, ${SNIPPET_END}, '…', 16) as snippet
          from search_bids s join bids b on b.id = s.rowid
         where ${where}
         order by s.rowid desc limit ${MAX_COUNTED_RESULTS + 1}),
      counted as (select count(*) as n, min(id) as oldest from candidates)
      select c.id as bidId, b.title, b.status, o.name as cspName, r.name as roundName, fy.label as financialYearLabel, c.snippet, k.n
        from candidates c
        join counted k on k.n <= ${MAX_COUNTED_RESULTS} or c.id > k.oldest
        join bids b on b.id = c.id
        join organisations o on o.id = b.csp_id
        join rounds r on r.id = b.round_id
        join financial_years fy on fy.id = r.financial_year_id
       order by c.score, c.id desc
       limit ${SEARCH_PAGE_SIZE} offset ${(n - 1) * SEARCH_PAGE_SIZE}`);
  let current = Math.max(1, page);
  let found = pageOf(current);
  // A page past the last (an old link, a typed URL) shows the last: counted once more, then read.
  if (found.length === 0 && current > 1) {
    const n = db().get<{ n: number }>(sql`select count(*) as n from (select 1 from search_bids s join bids b on b.id = s.rowid where ${where} limit ${MAX_COUNTED_RESULTS + 1})`).n;
    current = Math.max(1, Math.ceil(Math.min(n, MAX_COUNTED_RESULTS) / SEARCH_PAGE_SIZE));
    found = n === 0 ? [] : pageOf(current);
  }
  const more = (found[0]?.n ?? 0) > MAX_COUNTED_RESULTS;
  const count = Math.min(found[0]?.n ?? 0, MAX_COUNTED_RESULTS);
  const pages = Math.max(1, Math.ceil(count / SEARCH_PAGE_SIZE));
  const rows = found.map(({ n: _n, ...row }) => row);
  const ids = rows.map((r) => r.bidId);
  const idList = idsIn(ids);
  const decisions = ids.length
    ? db().all<{ bidId: number; id: number; reference: string }>(sql`select d.bid_id as bidId, d.id, d.reference from decisions d where d.bid_id in ${idList} order by d.id`)
    : [];
  const grants = ids.length ? db().all<{ bidId: number; id: number }>(sql`select g.bid_id as bidId, g.id from grants g where g.bid_id in ${idList}`) : [];
  const grantOf = new Map(grants.map((g) => [g.bidId, g.id]));
  const results: SearchResult[] = rows.map((r) => ({
    ...r,
    grantId: grantOf.get(r.bidId) ?? null,
    decisions: decisions.filter((d) => d.bidId === r.bidId).map(({ id, reference }) => ({ id, reference })),
  }));
  /** `more`: there are more than MAX_COUNTED_RESULTS matches; `count` is then that many. */
  return { results, count, more, page: current, pages };
}

/**
 * Merges the search index into one segment (FTS5's 'optimize'), and says how many it had. Every
 * bid saved writes a small segment that FTS5 merges only in batches, so a common word's rows come
 * from many segments, each read and merged on every search: at national scale (15 segments) a
 * search for "youth" took 3.0 ms of SQL, and 1.9 ms once merged. The merge takes about half a
 * second there, holding the write lock; the daily job (app/jobs/scheduler.server.ts) and the
 * synthetic data's bulk load run it. Takes the connection, so that db/synthetic.ts may use it.
 */
export function optimizeSearchIndex(sqlite: Database.Database): { segments: number } {
  const segments = (sqlite.prepare("select count(distinct segid) from search_bids_idx").pluck().get() as number) ?? 0;
  if (segments > 1) sqlite.prepare("insert into search_bids(search_bids) values('optimize')").run();
  return { segments };
}
