import { sql, type SQL } from "drizzle-orm";
import type { BidScope } from "../domain/access-rules";
import { STATUS_LABELS, type BidStatus } from "../domain/bid-lifecycle";
import { BID_FUND_LABELS, type BidFund } from "../domain/funds";
import { OFFER_STATUS_LABELS } from "../domain/offer-status";
import { SORT_SQL, scopeConditions, type BidFilters, type BidListRow } from "./bids.server";
import { keysetBatches, type CsvColumn } from "./csv.server";
import { db } from "./db.server";
import { financeCspRows, type CspFinanceRow, type YearScope } from "./finance.server";
import { grantListRows, type GrantListRow } from "./grants.server";
import { requestedSql } from "./money-sql.server";
import { REVIEW_ROW_SQL, reviewQueueWhere, type ReviewQueueFilters, type ReviewQueueRow } from "./review.server";

/**
 * "Download as CSV" on the lists (/bids.csv, /grants.csv, /review.csv, /finance.csv; decision
 * record 028): exactly the rows the list's filters select, every page of them, in the list's
 * order, selected by the list's own WHERE (the same function the page calls) and read a batch at
 * a time (keysetBatches), written by app/data/csv.server.ts.
 */

const BATCH = 500;
const ids = (list: number[]) => sql.join(list.map((id) => sql`${id}`), sql`, `);

// ---------------------------------------------------------------------------------------------
// /bids

type BidRowWithKey = BidListRow & { k: string | number };

const BID_ROW_SQL = sql`
  select b.id, b.title, b.status, b.fund, o.name as cspName, r.name as roundName, fy.label as financialYearLabel,
         b.updated_at as updatedAt, ${requestedSql(sql`b.id`)} as requestedPence`;
const BID_JOINS = sql`from bids b join rounds r on r.id = b.round_id join organisations o on o.id = b.csp_id join financial_years fy on fy.id = r.financial_year_id`;

/**
 * The list's bids in its order. Sorted by a column (updated, title, partnership, status): keyset
 * batches on (that column, id), each an indexed query however far down the list. Sorted by the
 * amount requested, which is worked out per bid rather than stored: the ordered ids are found in
 * one query (numbers only) and the rows read 500 at a time.
 */
export function* bidCsvBatches(scope: BidScope, filters: Omit<BidFilters, "page">, batch = BATCH): Generator<BidListRow[]> {
  const where = scopeConditions(scope, filters);
  const desc = filters.direction === "desc";
  const dir = sql.raw(desc ? "desc" : "asc");
  if (filters.sort === "requested") {
    const order = db()
      .all<{ id: number }>(sql`select b.id from bids b ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
        order by ${requestedSql(sql`b.id`)} ${dir}, b.id ${dir}`)
      .map((r) => r.id);
    for (let i = 0; i < order.length; i += batch) {
      const chunk = order.slice(i, i + batch);
      const byId = new Map(db().all<BidListRow>(sql`${BID_ROW_SQL} ${BID_JOINS} where b.id in (${ids(chunk)})`).map((r) => [r.id, r]));
      yield chunk.map((id) => byId.get(id)!);
    }
    return;
  }
  const key = sql.raw(SORT_SQL[filters.sort]);
  const after = (row: BidRowWithKey): SQL =>
    desc ? sql`(${key} < ${row.k} or (${key} = ${row.k} and b.id < ${row.id}))` : sql`(${key} > ${row.k} or (${key} = ${row.k} and b.id > ${row.id}))`;
  for (const rows of keysetBatches<BidRowWithKey>((last, size) => {
    const conditions = last ? [...where, after(last)] : where;
    return db().all<BidRowWithKey>(sql`${BID_ROW_SQL}, ${key} as k ${BID_JOINS}
      ${conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
      order by ${key} ${dir}, b.id ${dir} limit ${size}`);
  }, batch)) {
    yield rows.map(({ k: _k, ...row }) => row);
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

type ReviewRowWithKey = ReviewQueueRow;

/** The queue's bids, oldest submission first: keyset batches on (submitted_at, id). */
export function* reviewCsvBatches(filters: Omit<ReviewQueueFilters, "page">, now = new Date(), batch = BATCH): Generator<ReviewQueueRow[]> {
  const where = reviewQueueWhere(filters, now);
  yield* keysetBatches<ReviewRowWithKey>((last, size) => {
    const after = last ? sql` and (b.submitted_at > ${last.submittedAt} or (b.submitted_at = ${last.submittedAt} and b.id > ${last.id}))` : sql``;
    return db().all<ReviewQueueRow>(sql`${REVIEW_ROW_SQL} where ${where}${after} order by b.submitted_at asc, b.id asc limit ${size}`);
  }, batch);
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
 * batch), then written out 150 rows at a time.
 */
export function* financeCsvBatches(scope: YearScope, today: string, size = 150): Generator<CspFinanceRow[]> {
  const rows = financeCspRows(scope, today, { limit: -1, offset: 0 });
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
