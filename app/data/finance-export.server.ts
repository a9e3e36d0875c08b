import { PassThrough, Readable } from "node:stream";
import { sql, type SQL } from "drizzle-orm";
import ExcelJS from "exceljs";
import { GRANTED_STATUSES } from "../domain/bid-lifecycle";
import { penceToPounds, shareByLargestRemainder, underspendOutcomeText, type UnderspendRecord } from "../domain/finance-export";
import { downloadHeaders, keysetBatches, type CsvColumn } from "./csv.server";
import { db } from "./db.server";
import { idsIn } from "./id-list.server";
import { currentLineSql } from "./money-sql.server";

/**
 * The finance export (/exports/finance.xlsx and .csv; decision record 028): for one financial
 * year, one row per cost line of the grants made in its rounds (the grants /finance counts for the
 * year: approved bids whose grant stands and was not declined), whatever years the lines run in,
 * so that its totals are the reconciliation's. Each figure comes from the rows that hold it:
 * approved (decision_lines), varied (Σ grant_line_adjustments), current (the two), paid (the
 * grant's payments shared over its lines by their current amounts, shareByLargestRemainder),
 * spent (accepted returns), variance (spent − current) and what became of the line's year's
 * underspend (grant_underspends, with the clawback of a return).
 *
 * The grants are read a batch at a time in keyset order (partnership name, grant id), their lines
 * with them, so the export's memory is one batch whatever the year's size.
 */

export interface FinanceExportScope {
  financialYearId: number;
  /** A partnership's own finance officer: only its grants. */
  cspId?: number;
}

export interface FinanceExportRow {
  cspName: string;
  grantId: number;
  grantTitle: string;
  streamName: string;
  roundName: string;
  reference: string;
  decidedOn: string;
  costLineId: number;
  description: string;
  expenditureType: "capital" | "revenue";
  lineYearLabel: string;
  approvedPence: number;
  variedPence: number;
  currentPence: number;
  paidPence: number;
  spentPence: number;
  /** spent − current: below zero an underspend, above it an overspend. */
  variancePence: number;
  underspendOutcome: string;
}

const granted = sql.join(GRANTED_STATUSES.map((s) => sql`${s}`), sql`, `);

interface GrantKey {
  grantId: number;
  cspName: string;
}

/** Up to `size` of the year's grants after `after`, in (partnership name, grant id) order: through rounds_financial_year_idx and grants_bid_unique. */
function grantBatch(scope: FinanceExportScope, after: GrantKey | null, size: number): GrantKey[] {
  const where: SQL[] = [sql`r.financial_year_id = ${scope.financialYearId}`, sql`g.withdrawn_at is null`, sql`g.offer_status <> 'declined'`];
  if (scope.cspId !== undefined) where.push(sql`b.csp_id = ${scope.cspId}`);
  if (after) where.push(sql`(o.name, g.id) > (${after.cspName}, ${after.grantId})`);
  return db().all<GrantKey>(sql`
    select g.id as grantId, o.name as cspName
      from rounds r
      join bids b on b.round_id = r.id and b.status in (${granted})
      join grants g on g.bid_id = b.id
      join organisations o on o.id = g.csp_id
     where ${sql.join(where, sql` and `)}
     order by o.name, g.id
     limit ${size}`);
}

type LineRow = Omit<FinanceExportRow, "paidPence" | "underspendOutcome" | "variancePence"> & { grantPaidPence: number; lineYearId: number };

/** The cost lines of these grants with their figures, in the export's order. */
function linesOf(grantIds: number[]): FinanceExportRow[] {
  if (grantIds.length === 0) return [];
  const ids = idsIn(grantIds);
  const lines = db().all<LineRow>(sql`
    select o.name as cspName, g.id as grantId, b.title as grantTitle, fs.name as streamName, r.name as roundName,
           d.reference, d.decided_on as decidedOn,
           l.id as costLineId, l.description, l.expenditure_type as expenditureType, lfy.label as lineYearLabel, l.financial_year_id as lineYearId,
           dl.approved_pence as approvedPence,
           ${currentLineSql(sql`g.id`, sql`dl.cost_line_id`, sql`dl.approved_pence`)} - dl.approved_pence as variedPence,
           ${currentLineSql(sql`g.id`, sql`dl.cost_line_id`, sql`dl.approved_pence`)} as currentPence,
           -- The unary + keeps SQLite off grant_returns_status_due_idx (as grantYearFiguresSql).
           (select coalesce(sum(rl.actual_pence), 0) from return_lines rl join grant_returns gr on gr.id = rl.return_id
             where rl.cost_line_id = dl.cost_line_id and gr.grant_id = g.id and +gr.status = 'accepted') as spentPence,
           (select coalesce(sum(p.amount_pence), 0) from payments p where p.grant_id = g.id) as grantPaidPence
      from grants g
      join bids b on b.id = g.bid_id
      join rounds r on r.id = b.round_id
      join funding_streams fs on fs.id = r.stream_id
      join decisions d on d.id = g.decision_id
      join organisations o on o.id = g.csp_id
      cross join decision_lines dl on dl.decision_id = g.decision_id
      join bid_cost_lines l on l.id = dl.cost_line_id
      join financial_years lfy on lfy.id = l.financial_year_id
     where g.id in ${ids}
     order by o.name, g.id, l.position, l.id`);
  const underspends = db().all<UnderspendRecord & { grantId: number; financialYearId: number }>(sql`
    select u.grant_id as grantId, u.financial_year_id as financialYearId, u.outcome, u.amount_pence as amountPence,
           tfy.label as toYearLabel, x.status as clawbackStatus, x.amount_pence as clawbackPence
      from grant_underspends u
      left join financial_years tfy on tfy.id = u.to_financial_year_id
      left join grant_recoveries x on x.underspend_id = u.id
     where u.grant_id in ${ids}
     order by u.id`);
  const outcomes = new Map<string, UnderspendRecord[]>();
  for (const u of underspends) {
    const key = `${u.grantId}:${u.financialYearId}`;
    outcomes.set(key, [...(outcomes.get(key) ?? []), u]);
  }
  const rows: FinanceExportRow[] = [];
  for (let start = 0; start < lines.length; ) {
    let end = start;
    while (end < lines.length && lines[end].grantId === lines[start].grantId) end++;
    const grantLines = lines.slice(start, end);
    const paid = shareByLargestRemainder(grantLines[0].grantPaidPence, grantLines.map((l) => l.currentPence));
    grantLines.forEach(({ grantPaidPence: _paid, lineYearId, ...line }, i) => {
      rows.push({
        ...line,
        paidPence: paid[i],
        variancePence: line.spentPence - line.currentPence,
        underspendOutcome: underspendOutcomeText(outcomes.get(`${line.grantId}:${lineYearId}`) ?? []),
      });
    });
    start = end;
  }
  return rows;
}

/** The export's rows, a batch of grants' lines at a time (pulled: each batch is read when asked for). */
export function* financeExportBatches(scope: FinanceExportScope, grantsPerBatch = 200): Generator<FinanceExportRow[]> {
  for (const grants of keysetBatches<GrantKey>((after, size) => grantBatch(scope, after, size), grantsPerBatch)) {
    yield linesOf(grants.map((g) => g.grantId));
  }
}

type Kind = "text" | "money" | "integer" | "date";
interface ExportColumn {
  header: string;
  kind: Kind;
  /** Width in characters, for the spreadsheet. */
  width: number;
  value: (r: FinanceExportRow) => string | number;
}

/** The export's columns, for both files. */
export const FINANCE_EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: "Partnership", kind: "text", width: 34, value: (r) => r.cspName },
  { header: "Grant ID", kind: "integer", width: 10, value: (r) => r.grantId },
  { header: "Grant", kind: "text", width: 40, value: (r) => r.grantTitle },
  { header: "Funding stream", kind: "text", width: 26, value: (r) => r.streamName },
  { header: "Round", kind: "text", width: 34, value: (r) => r.roundName },
  { header: "Decision reference", kind: "text", width: 20, value: (r) => r.reference },
  { header: "Decided on", kind: "date", width: 13, value: (r) => r.decidedOn },
  { header: "Cost line", kind: "text", width: 44, value: (r) => r.description },
  { header: "Capital or revenue", kind: "text", width: 12, value: (r) => (r.expenditureType === "capital" ? "Capital" : "Revenue") },
  { header: "Line's financial year", kind: "text", width: 12, value: (r) => r.lineYearLabel },
  { header: "Approved", kind: "money", width: 14, value: (r) => r.approvedPence },
  { header: "Varied", kind: "money", width: 14, value: (r) => r.variedPence },
  { header: "Current", kind: "money", width: 14, value: (r) => r.currentPence },
  { header: "Paid (grant's payments shared over its lines)", kind: "money", width: 16, value: (r) => r.paidPence },
  { header: "Spent", kind: "money", width: 14, value: (r) => r.spentPence },
  { header: "Variance (spent less current)", kind: "money", width: 16, value: (r) => r.variancePence },
  { header: "Underspend outcome (the line's year)", kind: "text", width: 44, value: (r) => r.underspendOutcome },
];

/** The CSV's columns: dates as ISO dates (2023-10-02), money as pounds. */
export const FINANCE_EXPORT_CSV_COLUMNS: CsvColumn<FinanceExportRow>[] = FINANCE_EXPORT_COLUMNS.map((c) => ({
  header: c.header,
  kind: c.kind === "money" ? "money" : c.kind === "integer" ? "integer" : "text",
  value: c.value,
}));

export const POUNDS_FORMAT = '"£"#,##0.00';
export const DATE_FORMAT = "d mmm yyyy";

/**
 * The export as an Excel workbook, streamed as it is written (exceljs's streaming writer): one
 * sheet named for the year, the header row frozen with filters on it, money as number cells in
 * pounds with the £ format, dates as date cells. Between batches it yields to other requests.
 */
export function financeWorkbookResponse(scope: FinanceExportScope, { yearLabel, filename }: { yearLabel: string; filename: string }): Response {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "OPCC funding portal";
  const lastColumn = columnLetter(FINANCE_EXPORT_COLUMNS.length);
  const sheet = workbook.addWorksheet(`Cost lines ${yearLabel}`, { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
  sheet.autoFilter = `A1:${lastColumn}1`;
  sheet.columns = FINANCE_EXPORT_COLUMNS.map((c) => ({
    header: c.header,
    key: c.header,
    width: c.width,
    style: c.kind === "money" ? { numFmt: POUNDS_FORMAT } : c.kind === "date" ? { numFmt: DATE_FORMAT } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "top" };
  header.commit();

  (async () => {
    for (const batch of financeExportBatches(scope)) {
      for (const r of batch) {
        sheet
          .addRow(
            FINANCE_EXPORT_COLUMNS.map((c) => {
              const v = c.value(r);
              if (c.kind === "money") return penceToPounds(v as number);
              // A date cell at midnight UTC, the day itself whatever the server's time zone.
              if (c.kind === "date") return new Date(`${v as string}T00:00:00Z`);
              return v;
            }),
          )
          .commit();
      }
      // A download abandoned by its reader: stop reading the database.
      if (out.destroyed) return;
      // Let other requests run, and the reader catch up, between batches.
      if (out.writableNeedDrain) {
        await new Promise<void>((resolve) => {
          const done = () => {
            out.off("drain", done);
            out.off("close", done);
            resolve();
          };
          out.once("drain", done);
          out.once("close", done);
        });
      } else await new Promise((resolve) => setImmediate(resolve));
      if (out.destroyed) return;
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));

  return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: downloadHeaders(filename, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
  });
}

/** A, B, … Z, AA, … for a 1-based column number. */
function columnLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
