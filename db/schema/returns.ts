import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { RETURN_STATUSES } from "../../app/domain/return-lifecycle";
import { MILESTONE_PROGRESS, RAGS, type MilestoneProgress, type Rag } from "../../app/domain/return-ratings";
import { bidCostLines, bidMilestones, bidOutcomes } from "./bids";
import { grants } from "./decisions";
import { users } from "./users";

// Declared in app/domain (plain values pages may import); re-exported for the tables' enum columns.
export { MILESTONE_PROGRESS, RAGS, type MilestoneProgress, type Rag };

const statusList = RETURN_STATUSES.map((s) => `'${s}'`).join(",");

/**
 * One quarter's report of spend and delivery on an accepted grant (Q1 Apr–Jun … Q4 Jan–Mar). Made
 * for every financial quarter the grant runs in when the offer is accepted, and again when its
 * dates change. Spend to date and remaining budget are summed from the lines, never stored.
 */
export const grantReturns = sqliteTable(
  "grant_returns",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    grantId: integer("grant_id")
      .notNull()
      .references(() => grants.id),
    /** The calendar year the financial year starts in (2023 for 2023-24) and the quarter, 1–4. */
    startYear: integer("start_year").notNull(),
    quarter: integer("quarter").notNull(),
    periodStart: text("period_start").notNull(),
    periodEnd: text("period_end").notNull(),
    dueOn: text("due_on").notNull(),
    status: text("status", { enum: RETURN_STATUSES }).notNull().default("not_started"),
    /** Raised by every save: a save from an older copy is refused. */
    version: integer("version").notNull().default(1),
    spendRag: text("spend_rag", { enum: RAGS }),
    spendRagReason: text("spend_rag_reason").notNull().default(""),
    deliveryRag: text("delivery_rag", { enum: RAGS }),
    deliveryRagReason: text("delivery_rag_reason").notNull().default(""),
    wentWell: text("went_well").notNull().default(""),
    didNotGoWell: text("did_not_go_well").notNull().default(""),
    nextSteps: text("next_steps").notNull().default(""),
    /** The council finance officer's certification of the spend; cleared when the spend changes. */
    certifiedBy: integer("certified_by").references(() => users.id),
    certifiedName: text("certified_name"),
    certifiedRole: text("certified_role"),
    certifiedOn: text("certified_on"),
    /** When it was first submitted (late or not is judged on this) and last submitted. */
    firstSubmittedAt: text("first_submitted_at"),
    submittedAt: text("submitted_at"),
    acceptedAt: text("accepted_at"),
    updatedBy: integer("updated_by").references(() => users.id),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("grant_returns_grant_quarter_unique").on(t.grantId, t.startYear, t.quarter),
    index("grant_returns_status_due_idx").on(t.status, t.dueOn),
    index("grant_returns_due_idx").on(t.dueOn),
    // Overdue returns (never submitted, past their due date) without walking every return.
    index("grant_returns_overdue_idx").on(t.firstSubmittedAt, t.dueOn),
    index("grant_returns_year_idx").on(t.startYear, t.quarter),
    check("grant_returns_quarter_check", sql`${t.quarter} between 1 and 4`),
    check("grant_returns_status_check", sql.raw(`"status" in (${statusList})`)),
    check("grant_returns_version_check", sql`${t.version} >= 1`),
    check("grant_returns_spend_rag_check", sql`${t.spendRag} is null or ${t.spendRag} in ('red','amber','green')`),
    check("grant_returns_delivery_rag_check", sql`${t.deliveryRag} is null or ${t.deliveryRag} in ('red','amber','green')`),
  ],
);

/** A return's figures for one approved cost line: the actual this quarter and why it differs from the profile. */
export const returnLines = sqliteTable(
  "return_lines",
  {
    returnId: integer("return_id")
      .notNull()
      .references(() => grantReturns.id, { onDelete: "cascade" }),
    costLineId: integer("cost_line_id")
      .notNull()
      .references(() => bidCostLines.id),
    /** Null until entered. */
    actualPence: integer("actual_pence"),
    varianceExplanation: text("variance_explanation").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.returnId, t.costLineId] }),
    index("return_lines_cost_line_idx").on(t.costLineId, t.returnId),
    // Covering for the finance pages' spend per line (a return's lines with their amounts, without
    // reading each row and its variance explanation): app/data/finance-sql.server.ts.
    index("return_lines_return_actual_idx").on(t.returnId, t.costLineId, t.actualPence),
    check("return_lines_actual_check", sql`${t.actualPence} is null or (${t.actualPence} >= 0 and ${t.actualPence} <= 100000000000)`),
  ],
);

/** A return's forecast of a cost line's spend in a quarter still to come. */
export const returnForecasts = sqliteTable(
  "return_forecasts",
  {
    returnId: integer("return_id")
      .notNull()
      .references(() => grantReturns.id, { onDelete: "cascade" }),
    costLineId: integer("cost_line_id")
      .notNull()
      .references(() => bidCostLines.id),
    startYear: integer("start_year").notNull(),
    quarter: integer("quarter").notNull(),
    amountPence: integer("amount_pence").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.returnId, t.costLineId, t.startYear, t.quarter] }),
    // Covering for the finance pages' forecasts (the latest return's, with their amounts).
    index("return_forecasts_return_amount_idx").on(t.returnId, t.costLineId, t.startYear, t.quarter, t.amountPence),
    check("return_forecasts_quarter_check", sql`${t.quarter} between 1 and 4`),
    check("return_forecasts_amount_check", sql`${t.amountPence} >= 0 and ${t.amountPence} <= 100000000000`),
  ],
);

/** A return's actual to date for one of the bid's outcomes (a decimal as typed, like the target). */
export const returnOutcomes = sqliteTable(
  "return_outcomes",
  {
    returnId: integer("return_id")
      .notNull()
      .references(() => grantReturns.id, { onDelete: "cascade" }),
    outcomeId: integer("outcome_id")
      .notNull()
      .references(() => bidOutcomes.id),
    actualToDate: text("actual_to_date"),
    comment: text("comment").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.returnId, t.outcomeId] })],
);

/** A return's word on one of the bid's milestones. */
export const returnMilestones = sqliteTable(
  "return_milestones",
  {
    returnId: integer("return_id")
      .notNull()
      .references(() => grantReturns.id, { onDelete: "cascade" }),
    milestoneId: integer("milestone_id")
      .notNull()
      .references(() => bidMilestones.id),
    progress: text("progress", { enum: MILESTONE_PROGRESS }),
    comment: text("comment").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.returnId, t.milestoneId] }),
    check("return_milestones_progress_check", sql`${t.progress} is null or ${t.progress} in ('on_track','at_risk','late','done')`),
  ],
);

/** Every submission of a return, kept whole and never changed. */
export const returnSubmissions = sqliteTable(
  "return_submissions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    returnId: integer("return_id")
      .notNull()
      .references(() => grantReturns.id),
    number: integer("number").notNull(),
    submittedAt: text("submitted_at").notNull(),
    submittedBy: integer("submitted_by")
      .notNull()
      .references(() => users.id),
    snapshot: text("snapshot", { mode: "json" }).notNull(),
  },
  (t) => [uniqueIndex("return_submissions_return_number_unique").on(t.returnId, t.number), check("return_submissions_number_check", sql`${t.number} >= 1`)],
);

export const RETURN_REVIEW_ACTIONS = ["accepted", "queried", "reopened"] as const;

/** What the OPCC did with a return: accepted it, queried it (with comments to the CSP), or reopened it. */
export const returnReviews = sqliteTable(
  "return_reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    returnId: integer("return_id")
      .notNull()
      .references(() => grantReturns.id),
    action: text("action", { enum: RETURN_REVIEW_ACTIONS }).notNull(),
    /** The comments sent to the partnership (a query) or the reason (a reopening); may be empty for an acceptance. */
    comment: text("comment").notNull().default(""),
    byUser: integer("by_user")
      .notNull()
      .references(() => users.id),
    at: text("at").notNull(),
  },
  (t) => [
    index("return_reviews_return_idx").on(t.returnId, t.at),
    check("return_reviews_action_check", sql`${t.action} in ('accepted','queried','reopened')`),
  ],
);

export const SCAN_RESULTS = ["clean", "not_scanned"] as const;

/**
 * An evidence file (invoice, photo…) uploaded to a return. Stored outside public/ under
 * `stored_name`, a random name the portal chose; `file_name` is what the user called it, shown
 * only as text and sent as the download's name.
 */
export const returnEvidence = sqliteTable(
  "return_evidence",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    returnId: integer("return_id")
      .notNull()
      .references(() => grantReturns.id),
    storedName: text("stored_name").notNull(),
    fileName: text("file_name").notNull(),
    /** The type found in the content, e.g. "application/pdf". */
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    scan: text("scan", { enum: SCAN_RESULTS }).notNull(),
    description: text("description").notNull().default(""),
    uploadedBy: integer("uploaded_by")
      .notNull()
      .references(() => users.id),
    uploadedAt: text("uploaded_at").notNull(),
    /** Removed from the return (the file is deleted; the row stays for the audit). */
    removedAt: text("removed_at"),
  },
  (t) => [
    uniqueIndex("return_evidence_stored_name_unique").on(t.storedName),
    index("return_evidence_return_idx").on(t.returnId, t.removedAt),
    check("return_evidence_size_check", sql`${t.sizeBytes} > 0 and ${t.sizeBytes} <= 10485760`),
    check("return_evidence_scan_check", sql`${t.scan} in ('clean','not_scanned')`),
  ],
);
