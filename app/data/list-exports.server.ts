import { sql, type SQL } from "drizzle-orm";
import type { BidScope } from "../domain/access-rules";
import { STATUS_LABELS, type BidStatus } from "../domain/bid-lifecycle";
import { BID_FUND_LABELS, type BidFund } from "../domain/funds";
import { OFFER_STATUS_LABELS } from "../domain/offer-status";
import { SORT_SQL, indexedBy, listIndex, listRows, scopeConditions, type BidFilters, type BidListRow } from "./bid-list.server";
import { keysetBatches, type CsvColumn } from "./csv.server";
import { untilNextChange } from "./change-cache.server";
import { db } from "./db.server";
import { financeCspRows, type CspFinanceRow, type YearScope } from "./finance.server";
import { grantListRows, type GrantListRow } from "./grants.server";
import { requestedSql } from "./money-sql.server";
import { REVIEW_ORDER_SQL, reviewQueueIndex, reviewQueueWhere, reviewRowsInOrder, type ReviewQueueFilters, type ReviewQueueRow } from "./review.server";

/**
 * "Download as CSV" on the lists (/bids.csv, /grants.csv, /review.csv, /finance.csv; decision
 * record 028): exactly the rows the list's filters select, every page of them, in the list's
 * order, selected by the list's own WHERE (the same function the page calls) and read a batch at
 * a time (keysetBatches), written by app/data/csv.server.ts.
 */

const BATCH = 500;

// ---------------------------------------------------------------------------------------------
// /bids

/**
 * The list's bids in its order, a batch at a time: each batch's ids found through the list's own
 * index (listIndex), from where the last batch stopped (a keyset on the sort's columns and the id,
 * so batch 90 costs what batch 1 does), then its rows and money read set-based (listRows: one query
 * for the batch, never one per bid). Sorted by the amount requested, which is worked out per bid
 * rather than stored: the ordered ids are found in one query (numbers only) and read in batches.
 */
export function* bidCsvBatches(scope: BidScope, filters: Omit<BidFilters, "page">, batch = BATCH): Generator<BidListRow[]> {
  const where = scopeConditions(scope, filters);
  const desc = filters.direction === "desc";
  const dir = sql.raw(desc ? "desc" : "asc");
  const index = indexedBy(listIndex(scope, filters));
  const rowsOf = (chunk: number[]) => {
    const byId = new Map(listRows(chunk).map((r) => [r.id, r]));
    return chunk.map((id) => byId.get(id)!);
  };
  if (filters.sort === "requested") {
    const order = db()
      .all<{ id: number }>(sql`select b.id from bids b ${index} ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
        order by ${requestedSql(sql`b.id`)} ${dir}, b.id ${dir}`)
      .map((r) => r.id);
    for (let i = 0; i < order.length; i += batch) yield rowsOf(order.slice(i, i + batch));
    return;
  }
  const keys = SORT_SQL[filters.sort];
  const columns = sql.join([...keys, "b.id"].map((k) => sql.raw(k)), sql`, `);
  const order = sql.join([...keys, "b.id"].map((k) => sql`${sql.raw(k)} ${dir}`), sql`, `);
  const join = filters.sort === "csp" ? sql`join organisations o on o.id = b.csp_id` : sql``;
  type Key = { id: number; k: unknown[] };
  for (const keyRows of keysetBatches<Key>((last, size) => {
    // A row value comparison: SQLite walks the index from the last row on.
    const after = last ? [sql`(${columns}) ${sql.raw(desc ? "<" : ">")} (${sql.join([...last.k, last.id].map((v) => sql`${v}`), sql`, `)})`] : [];
    const conditions = [...where, ...after];
    return db()
      .all<Record<string, unknown> & { id: number }>(sql`select ${sql.join(keys.map((k, i) => sql`${sql.raw(k)} as k${sql.raw(String(i))}`), sql`, `)}, b.id as id
        from bids b ${index} ${join} ${conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
        order by ${order} limit ${size}`)
      .map((r) => ({ id: r.id, k: keys.map((_, i) => r[`k${i}`]) }));
  }, batch)) {
    yield rowsOf(keyRows.map((r) => r.id));
  }
}

export function bidCsvColumns({ showCsp }: { showCsp: boolean }): CsvColumn<BidListRow>[] {
  return [
    { header: "Bid ID", kind: "integer", value: (r) => r.id },
    { header: "Title", value: (r) => r.title },
    ...(showCsp ? [{ header: "Partnership", value: (r: BidListRow) => r.cspName }] : []),
    { header: "Round", value: (r) => r.roundName },
    { header: "Financial year", value: (r) => r.financialYearLabel },
    { header: "Drawing on", value: (r) => BID_FUND_LABELS[r.fund as BidFund] },
    { header: "Status", value: (r) => STATUS_LABELS[r.status as BidStatus] },
    { header: "Requested", kind: "money", value: (r) => r.requestedPence },
    { header: "Last updated", value: (r) => r.updatedAt },
  ];
}

// ---------------------------------------------------------------------------------------------
// /grants

/** The list's grants (a partnership's own, or every one), newest first: keyset batches on the id. */
export function* grantCsvBatches(cspId: number | null, today: string, batch = BATCH): Generator<GrantListRow[]> {
  yield* keysetBatches<GrantListRow>((last, size) => {
    const where: SQL[] = [];
    if (cspId !== null) where.push(sql`g.csp_id = ${cspId}`);
    if (last) where.push(sql`g.id < ${last.id}`);
    return grantListRows(sql`${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``} order by g.id desc limit ${size}`, today);
  }, batch);
}

export const GRANT_CSV_COLUMNS: CsvColumn<GrantListRow>[] = [
  { header: "Grant ID", kind: "integer", value: (r) => r.id },
  { header: "Project", value: (r) => r.title },
  { header: "Partnership", value: (r) => r.cspName },
  { header: "Decision reference", value: (r) => r.reference },
  { header: "Decided on", value: (r) => r.decidedOn },
  { header: "Decision", value: (r) => (r.outcome === "part_approved" ? "Part-approved" : "Approved") },
  { header: "Granted", kind: "money", value: (r) => r.grantedPence },
  { header: "Offer", value: (r) => OFFER_STATUS_LABELS[r.offer] },
  { header: "Accept by", value: (r) => r.acceptBy },
  { header: "Withdrawn by decision", value: (r) => r.withdrawnByReference },
];

// ---------------------------------------------------------------------------------------------
// /review

/**
 * The queue's bids, oldest submission first: keyset batches on (submitted_at, id) through
 * bids_review_queue_idx, each batch's money and reviewers read set-based (reviewRows). Bids with
 * no recorded submission time come first (SQLite sorts null first), so the keyset starts among
 * them and goes on to the dated ones.
 */
export function* reviewCsvBatches(filters: Omit<ReviewQueueFilters, "page">, now = new Date(), batch = BATCH): Generator<ReviewQueueRow[]> {
  const where = reviewQueueWhere(filters, now);
  const index = reviewQueueIndex(filters);
  type Key = { id: number; submittedAt: string | null };
  for (const keys of keysetBatches<Key>((last, size) => {
    const after = !last
      ? sql``
      : last.submittedAt === null
        ? sql` and ((b.submitted_at is null and b.id > ${last.id}) or b.submitted_at is not null)`
        : sql` and (b.submitted_at, b.id) > (${last.submittedAt}, ${last.id})`;
    return db().all<Key>(sql`select b.id, b.submitted_at as submittedAt from bids b ${index} where ${where}${after} order by ${REVIEW_ORDER_SQL} limit ${size}`);
  }, batch)) {
    yield reviewRowsInOrder(keys.map((k) => k.id));
  }
}

export const REVIEW_CSV_COLUMNS: CsvColumn<ReviewQueueRow>[] = [
  { header: "Bid ID", kind: "integer", value: (r) => r.id },
  { header: "Bid", value: (r) => r.title },
  { header: "Partnership", value: (r) => r.cspName },
  { header: "Round", value: (r) => r.roundName },
  { header: "Submitted", value: (r) => r.submittedAt },
  { header: "Status", value: (r) => STATUS_LABELS[r.status] },
  { header: "Requested", kind: "money", value: (r) => r.requestedPence },
  { header: "Reviewers", value: (r) => r.reviewers },
];

// ---------------------------------------------------------------------------------------------
// /finance

/**
 * The reconciliation's partnership rows for the filters, in the page's order. At most one row per
 * partnership (300 nationally): the year's figures are worked out once, in one statement (each
 * statement works out the whole year, so reading it in offset batches would repeat that work per
 * batch), kept until the next write, then written out 150 rows at a time.
 */
export function* financeCsvBatches(scope: YearScope, today: string, size = 150): Generator<CspFinanceRow[]> {
  // The whole year's figures, kept until the next write like the page's (decision record 042).
  const rows = untilNextChange("finance-csv-rows", { scope, today }, () => financeCspRows(scope, today, { limit: -1, offset: 0 }));
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

export function financeCsvColumns(yearLabel: string): CsvColumn<CspFinanceRow>[] {
  return [
    { header: "Partnership", value: (r) => r.cspName },
    { header: "Financial year", value: () => yearLabel },
    { header: "Grants", kind: "integer", value: (r) => r.grants },
    { header: "Allocation", kind: "money", value: (r) => r.allocationPence },
    { header: "Requested", kind: "money", value: (r) => r.requestedPence },
    { header: "Approved", kind: "money", value: (r) => r.approvedPence },
    { header: "Granted", kind: "money", value: (r) => r.grantedPence },
    { header: "Paid", kind: "money", value: (r) => r.paidPence },
    { header: "Spent", kind: "money", value: (r) => r.spentPence },
    { header: "Forecast", kind: "money", value: (r) => r.forecastPence },
    { header: "Variance (forecast less approved)", kind: "money", value: (r) => r.variancePence },
    { header: "Underspend", kind: "money", value: (r) => r.underspendPence },
    { header: "Grants needing attention", kind: "integer", value: (r) => r.flags.attention },
  ];
}
