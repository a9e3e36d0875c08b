import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { BID_STATUSES } from "../../app/domain/bid-lifecycle";
import { BID_FUNDS } from "../../app/domain/funds";
import { EXPENDITURE_TYPES, MATCH_FUNDING_KINDS, RECURRENCES } from "../../app/domain/bid-costs";
import { financialYears, priorities, rounds } from "./funding";
import { organisations } from "./organisations";
import { users } from "./users";

// Declared in app/domain (plain values pages may import); re-exported for the tables' enum columns.
export { EXPENDITURE_TYPES, MATCH_FUNDING_KINDS, RECURRENCES };

const statusList = BID_STATUSES.map((s) => `'${s}'`).join(",");

/**
 * Which bids OPCC staff see (isVisibleToOpcc): past draft, and a withdrawn one only if it was ever
 * submitted. Literal SQL, no parameters: the partial indexes below are used only by a query whose
 * WHERE has these very terms (app/data/bids.server.ts scopeConditions).
 */
export const VISIBLE_TO_OPCC_TERMS = ["status <> 'draft'", "(status <> 'withdrawn' or submitted_at is not null)"] as const;
const VISIBLE_TO_OPCC_SQL = VISIBLE_TO_OPCC_TERMS.join(" and ");
/** The review queue's statuses (AWAITING_REVIEW_STATUSES), literal for the same reason. */
export const AWAITING_REVIEW_SQL = "status in ('submitted', 'under_review')";

/**
 * A CSP's application in a round. Money is never stored here: totals are summed from the cost
 * lines and match funding.
 */
export const bids = sqliteTable(
  "bids",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id),
    cspId: integer("csp_id")
      .notNull()
      .references(() => organisations.id),
    status: text("status", { enum: BID_STATUSES }).notNull().default("draft"),
    /** What the bid draws on: the CSP's allocation, or the round's central fund for cross-CSP projects. */
    fund: text("fund", { enum: BID_FUNDS }).notNull().default("allocation"),
    /** Raised by every save: a save made from an older version is refused. */
    version: integer("version").notNull().default(1),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    need: text("need").notNull().default(""),
    activities: text("activities").notNull().default(""),
    deliveryPartners: text("delivery_partners").notNull().default(""),
    locations: text("locations").notNull().default(""),
    startDate: text("start_date"),
    endDate: text("end_date"),
    /** null = not answered yet. */
    holdsPersonalData: integer("holds_personal_data", { mode: "boolean" }),
    dpiaCompleted: integer("dpia_completed", { mode: "boolean" }),
    equalityImpact: text("equality_impact").notNull().default(""),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    updatedBy: integer("updated_by")
      .notNull()
      .references(() => users.id),
    updatedAt: text("updated_at").notNull(),
    submittedAt: text("submitted_at"),
  },
  (t) => [
    index("bids_csp_round_status_idx").on(t.cspId, t.roundId, t.status),
    index("bids_round_status_idx").on(t.roundId, t.status),
    index("bids_round_fund_status_idx").on(t.roundId, t.fund, t.status),
    index("bids_status_updated_idx").on(t.status, t.updatedAt),
    index("bids_updated_idx").on(t.updatedAt),
    // The OPCC's lists (/bids, its CSV, search) at national scale: partial indexes over the bids OPCC
    // staff may see (VISIBLE_TO_OPCC_SQL, which a query must repeat word for word for SQLite to use
    // them), each serving one order (the id named where more columns follow, so that it breaks ties
    // in the index itself) and holding the columns the filters test, so a page, a deep page (an
    // offset walked inside the index) and the count are read from the index alone.
    index("bids_visible_updated_idx").on(t.updatedAt, t.id, t.roundId, t.cspId, t.status, t.fund).where(sql.raw(VISIBLE_TO_OPCC_SQL)),
    index("bids_visible_round_idx").on(t.roundId, t.updatedAt).where(sql.raw(VISIBLE_TO_OPCC_SQL)),
    index("bids_visible_status_idx").on(t.status, t.updatedAt).where(sql.raw(VISIBLE_TO_OPCC_SQL)),
    index("bids_visible_title_idx").on(sql`${t.title} collate nocase`).where(sql.raw(VISIBLE_TO_OPCC_SQL)),
    // The review queue (/review, its CSV): oldest submission first among the bids awaiting review.
    index("bids_review_queue_idx").on(t.submittedAt, t.id, t.roundId, t.cspId).where(sql.raw(AWAITING_REVIEW_SQL)),
    check("bids_status_check", sql.raw(`"status" in (${statusList})`)),
    check("bids_version_check", sql`${t.version} >= 1`),
    check("bids_fund_check", sql`${t.fund} in ('allocation', 'central')`),
    check("bids_dates_check", sql`${t.endDate} is null or ${t.startDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
);

export const bidPriorities = sqliteTable(
  "bid_priorities",
  {
    bidId: integer("bid_id")
      .notNull()
      .references(() => bids.id, { onDelete: "cascade" }),
    priorityId: integer("priority_id")
      .notNull()
      .references(() => priorities.id),
  },
  (t) => [primaryKey({ columns: [t.bidId, t.priorityId] }), index("bid_priorities_priority_idx").on(t.priorityId, t.bidId)],
);

/** Milestones by financial quarter (Q1 Apr–Jun … Q4 Jan–Mar). */
export const bidMilestones = sqliteTable(
  "bid_milestones",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bidId: integer("bid_id")
      .notNull()
      .references(() => bids.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    financialYearId: integer("financial_year_id")
      .notNull()
      .references(() => financialYears.id),
    quarter: integer("quarter").notNull(),
    description: text("description").notNull(),
  },
  (t) => [index("bid_milestones_bid_idx").on(t.bidId, t.position), check("bid_milestones_quarter_check", sql`${t.quarter} between 1 and 4`)],
);

/**
 * quantity is in hundredths (2.5 → 250); unit price in ten-thousandths of a pound (£0.1535 → 1535).
 * A line's total is derived: quantity × unit price, rounded half-up to the penny.
 */
export const bidCostLines = sqliteTable(
  "bid_cost_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bidId: integer("bid_id")
      .notNull()
      .references(() => bids.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    description: text("description").notNull(),
    quantityHundredths: integer("quantity_hundredths").notNull(),
    unitPriceTenThousandths: integer("unit_price_ten_thousandths").notNull(),
    expenditureType: text("expenditure_type", { enum: EXPENDITURE_TYPES }).notNull(),
    recurrence: text("recurrence", { enum: RECURRENCES }).notNull(),
    financialYearId: integer("financial_year_id")
      .notNull()
      .references(() => financialYears.id),
  },
  (t) => [
    // Covers the per-bid money sums in SQL as well as reading a bid's lines in order.
    index("bid_cost_lines_bid_idx").on(t.bidId, t.position, t.quantityHundredths, t.unitPriceTenThousandths),
    index("bid_cost_lines_financial_year_idx").on(t.financialYearId),
    check("bid_cost_lines_quantity_check", sql`${t.quantityHundredths} > 0 and ${t.quantityHundredths} <= 100000000`),
    check(
      "bid_cost_lines_unit_price_check",
      sql`${t.unitPriceTenThousandths} >= 0 and ${t.unitPriceTenThousandths} <= 100000000000`,
    ),
    check("bid_cost_lines_type_check", sql`${t.expenditureType} in ('capital','revenue')`),
    check("bid_cost_lines_recurrence_check", sql`${t.recurrence} in ('one_off','recurring')`),
  ],
);

export const bidMatchFunding = sqliteTable(
  "bid_match_funding",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bidId: integer("bid_id")
      .notNull()
      .references(() => bids.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    source: text("source").notNull(),
    kind: text("kind", { enum: MATCH_FUNDING_KINDS }).notNull(),
    amountPence: integer("amount_pence").notNull(),
  },
  (t) => [
    index("bid_match_funding_bid_idx").on(t.bidId, t.position, t.amountPence),
    check("bid_match_funding_amount_check", sql`${t.amountPence} > 0 and ${t.amountPence} <= 100000000000`),
    check("bid_match_funding_kind_check", sql`${t.kind} in ('cash','in_kind')`),
  ],
);

export const bidOutcomes = sqliteTable(
  "bid_outcomes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bidId: integer("bid_id")
      .notNull()
      .references(() => bids.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    measure: text("measure").notNull(),
    unit: text("unit").notNull(),
    /** Decimal numbers as typed ("58", "12.5"); validated on the way in. */
    baseline: text("baseline"),
    target: text("target"),
    targetDate: text("target_date"),
  },
  (t) => [index("bid_outcomes_bid_idx").on(t.bidId, t.position)],
);

/** Likelihood 1–6 × impact 1–4, on the matrix the councils use; the score is derived. */
export const bidRisks = sqliteTable(
  "bid_risks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bidId: integer("bid_id")
      .notNull()
      .references(() => bids.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    description: text("description").notNull(),
    likelihood: integer("likelihood").notNull(),
    impact: integer("impact").notNull(),
    mitigation: text("mitigation").notNull().default(""),
  },
  (t) => [
    index("bid_risks_bid_idx").on(t.bidId, t.position),
    check("bid_risks_likelihood_check", sql`${t.likelihood} between 1 and 6`),
    check("bid_risks_impact_check", sql`${t.impact} between 1 and 4`),
  ],
);
